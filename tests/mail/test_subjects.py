"""Delegate-typed text with line breaks reaches every notification's subject as one line."""

import pytest
from django.core import mail

from delegations import services as delegation_services
from delegations.models import Delegation
from sessions import services as session_services
from tests.factories import OrganisationDelegationFactory, UserFactory
from tests.sessions.factories import SideEventRequestFactory

pytestmark = pytest.mark.django_db


def _single_line_subjects():
    subjects = [message.subject for message in mail.outbox]
    assert subjects
    for subject in subjects:
        assert "\n" not in subject
        assert "\r" not in subject
    return subjects


def test_an_organisation_name_with_a_line_break_is_decided_and_mailed(
    django_capture_on_commit_callbacks, secretariat, meeting
):
    delegation = OrganisationDelegationFactory(
        meeting=meeting, organisation__name="Mine Action\nNetwork", status="submitted"
    )

    with django_capture_on_commit_callbacks(execute=True):
        delegation_services.delegation_decide(delegation=delegation, by=secretariat, approve=True)

    assert Delegation.objects.get(pk=delegation.pk).status == Delegation.Status.APPROVED
    assert "Mine Action Network: Approved" in _single_line_subjects()[0]


def test_a_user_name_with_a_line_break_in_a_join_request_is_mailed(django_capture_on_commit_callbacks, delegation):
    user = UserFactory(full_name="Eve\r\nBcc: everyone@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        delegation_services.join_request_create(delegation=delegation, user=user)

    assert "Eve Bcc: everyone@example.org asks to join" in _single_line_subjects()[0]


def test_a_side_event_title_with_a_line_break_is_declined_and_mailed(
    django_capture_on_commit_callbacks, secretariat, meeting
):
    side_event = SideEventRequestFactory(delegation__meeting=meeting, title="Clearance\nin Laos")

    with django_capture_on_commit_callbacks(execute=True):
        session_services.side_event_decline(side_event=side_event, by=secretariat, reason="No room.")

    assert "“Clearance in Laos”" in _single_line_subjects()[0]
