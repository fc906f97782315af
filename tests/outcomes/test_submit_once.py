"""A double click on a proposal or a comment makes one row."""

from django.urls import reverse

from outcomes.models import Proposal
from tests.form_tokens import form_token


def _url(name, document, **kwargs):
    return reverse(f"outcomes:{name}", kwargs={"pk": document.pk, **kwargs})


def test_sending_one_proposal_form_twice_makes_one_proposal(client, circulated_plan, accredited):
    action = circulated_plan.built["actions"][0]
    client.force_login(accredited.created_by)
    url = _url("propose", circulated_plan, uid=action.uid)
    data = {
        "delegation": accredited.pk,
        "kind": "replace",
        "text": "Take step 1 within six months.",
        "rationale": "Urgency.",
        "seen_version": 1,
        "form_token": form_token(client.get(url)),
    }

    client.post(url, data)
    second = client.post(url, data, follow=True)

    assert second.redirect_chain[-1][0] == _url("proposals", circulated_plan)
    assert "already been saved" in second.content.decode()
    assert Proposal.objects.filter(document=circulated_plan).count() == 1


def test_sending_one_comment_form_twice_makes_one_comment(client, circulated_plan, accredited):
    client.force_login(accredited.created_by)
    url = _url("comment", circulated_plan)
    data = {
        "delegation": accredited.pk,
        "text": "We welcome the plan.",
        "form_token": form_token(client.get(url)),
    }

    client.post(url, data)
    client.post(url, data)

    assert Proposal.objects.filter(document=circulated_plan, kind="comment").count() == 1
