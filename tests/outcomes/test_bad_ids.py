"""Malformed ids in query strings and forms of the outcomes pages are a 400, never a 500."""

import pytest
from django.urls import reverse

from outcomes import services

BAD_IDS = ["²", "-1", "1e3", str(2**64)]


def _url(name, document, **kwargs):
    return reverse(f"outcomes:{name}", kwargs={"pk": document.pk, **kwargs})


@pytest.mark.parametrize("bad", BAD_IDS)
@pytest.mark.parametrize("param", ["from", "to"])
@pytest.mark.parametrize("view", ["compare", "compare_pdf"])
def test_comparing_revisions_with_a_malformed_id_is_a_bad_request(client, circulated_plan, drafter, view, param, bad):
    client.force_login(drafter)

    response = client.get(_url(view, circulated_plan), {param: bad})

    assert response.status_code == 400


def test_comparing_a_real_revision_with_the_working_text_still_works(client, circulated_plan, drafter):
    client.force_login(drafter)

    response = client.get(_url("compare", circulated_plan), {"from": "0", "to": "working"})

    assert response.status_code == 200


@pytest.mark.parametrize("bad", BAD_IDS)
@pytest.mark.parametrize("param", ["section", "after"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_adding_a_paragraph_at_a_malformed_position_is_a_bad_request(client, plan, drafter, method, param, bad):
    client.force_login(drafter)
    count = plan.paragraphs.count()

    response = getattr(client, method)(
        _url("paragraph_add", plan), {param: bad, "kind": "operative", "text": "A new paragraph."}
    )

    assert response.status_code == 400
    assert plan.paragraphs.count() == count


@pytest.mark.parametrize("bad", BAD_IDS)
def test_adding_a_section_after_a_malformed_id_is_a_bad_request(client, plan, drafter, bad):
    client.force_login(drafter)
    count = plan.sections.count()

    response = client.post(f"{_url('section_add', plan)}?after={bad}", {"heading": "New", "numbered": "on"})

    assert response.status_code == 400
    assert plan.sections.count() == count


@pytest.mark.parametrize("bad", [*BAD_IDS, ""])
def test_cosponsoring_for_a_malformed_delegation_id_is_a_bad_request(
    client, circulated_plan, accredited, other_accredited, bad
):
    proposal = services.proposal_create(
        document=circulated_plan,
        delegation=accredited,
        by=accredited.created_by,
        paragraph=circulated_plan.built["intro"][0],
        kind="replace",
        text="A better text.",
        rationale="Clarity.",
    )
    client.force_login(other_accredited.created_by)

    response = client.post(_url("proposal_cosponsor", circulated_plan, prpk=proposal.pk), {"delegation": bad})

    assert response.status_code == 400
    assert not proposal.cosponsors.exists()
