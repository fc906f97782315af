"""Multiple choices of rows by id refuse what is not an id, rather than failing in the database."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ccm_portal.fields import IdsChoiceField
from delegations.models import Delegation

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999999"


@pytest.mark.parametrize("value", [HUGE, "²", "-1", "1e3", " 1"])
def test_a_value_that_is_not_an_id_is_an_invalid_choice(delegation, value):
    field = IdsChoiceField(queryset=Delegation.objects.all())

    with pytest.raises(ValidationError) as caught:
        field.clean([str(delegation.pk), value])

    assert caught.value.code == "invalid_pk_value"


def test_real_ids_still_choose_their_rows(delegation, other_delegation):
    field = IdsChoiceField(queryset=Delegation.objects.all())

    assert set(field.clean([str(delegation.pk), other_delegation.pk])) == {delegation, other_delegation}


def test_bulk_decision_with_a_huge_id_is_answered_with_the_form(client, secretariat, delegation, meeting):
    client.force_login(secretariat)

    response = client.post(
        reverse("delegations:dashboard", args=[meeting.slug]), {"decision": "approve", "delegations": [HUGE]}
    )

    assert response.status_code == 400
    delegation.refresh_from_db()
    assert delegation.status != Delegation.Status.APPROVED


def test_session_with_a_huge_agenda_item_id_is_answered_with_the_form(client, secretariat, meeting):
    client.force_login(secretariat)

    response = client.post(
        reverse("ccm_sessions:session_new", args=[meeting.slug]), {"title": "Plenary", "agenda_items": [HUGE]}
    )

    assert response.status_code == 400
    assert "agenda_items" in response.context["form"].errors


def test_outcome_document_with_a_huge_sponsor_id_is_answered_with_the_form(client, secretariat, meeting):
    client.force_login(secretariat)

    response = client.post(
        reverse("outcomes:create", args=[meeting.slug]), {"title": "Action Plan", "sponsors": [HUGE]}
    )

    assert response.status_code == 200
    assert "sponsors" in response.context["form"].errors


def test_focal_point_transfer_with_a_huge_id_to_remove_is_answered_with_the_form(
    client, secretariat, delegation, focal_point
):
    client.force_login(secretariat)

    response = client.post(
        reverse("delegations:focal_point_transfer", args=[delegation.pk]),
        {"email": "new.focal@mission.example", "remove": [HUGE]},
    )

    assert response.status_code == 400
    assert list(delegation.focal_points.all()) == [focal_point]
