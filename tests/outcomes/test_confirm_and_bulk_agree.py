"""Removing a drafter and withdrawing a proposal ask first and can be undone; several paragraphs are
marked agreed in one request; the workspace has one actions menu per paragraph."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ccm_portal.audit.models import AuditEntry
from outcomes import services
from outcomes.models import Paragraph, ParagraphChange, Proposal
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _url(name, document, **kwargs):
    return reverse(f"outcomes:{name}", kwargs={"pk": document.pk, **kwargs})


def _propose(document, delegation, paragraph):
    return services.proposal_create(
        document=document,
        delegation=delegation,
        by=delegation.created_by,
        paragraph=paragraph,
        kind="replace",
        text="Take step 1 of area 1 at once.",
        rationale="Clarity.",
    )


def _undo_form(html: str) -> str:
    """The <form> that holds the Undo button of the message."""
    return html.split('data-testid="undo"')[0].rsplit("<form", 1)[1]


def _statuses(paragraphs):
    return [Paragraph.objects.get(pk=p.pk).status for p in paragraphs]


# --- drafters ----------------------------------------------------------------------------------


def test_removing_a_drafter_shows_a_confirm_page_first(client, plan, secretariat, drafter):
    client.force_login(secretariat)
    url = _url("drafter_remove", plan, user_pk=drafter.pk)

    asked = client.get(url)

    assert "Remove Friend of the President from the drafters?" in asked.content.decode()
    assert list(plan.drafters.all()) == [drafter]
    assert f'href="{url}"' in client.get(_url("settings", plan)).content.decode()


def test_removing_a_drafter_offers_an_undo_that_names_them_again(client, plan, secretariat, drafter):
    client.force_login(secretariat)

    page = client.post(_url("drafter_remove", plan, user_pk=drafter.pk), follow=True)

    assert list(plan.drafters.all()) == []
    offer = _undo_form(page.content.decode())
    assert f'action="{_url("drafter_add", plan)}"' in offer
    assert f'value="{drafter.email}"' in offer

    client.post(_url("drafter_add", plan), {"email": drafter.email})

    assert list(plan.drafters.all()) == [drafter]
    assert AuditEntry.objects.filter(trail=plan.trail, action="named drafter").count() == 1


# --- proposals ---------------------------------------------------------------------------------


def test_withdrawing_a_proposal_asks_first_and_changes_nothing(client, circulated_plan, accredited):
    proposal = _propose(circulated_plan, accredited, circulated_plan.built["actions"][0])
    client.force_login(accredited.created_by)
    url = _url("proposal_withdraw", circulated_plan, prpk=proposal.pk)

    asked = client.get(url)

    html = asked.content.decode()
    assert "Withdraw your proposal on" in html
    assert "Take step 1 of area 1 at once." in html
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.PENDING
    assert f'href="{url}"' in client.get(_url("proposals", circulated_plan)).content.decode()


def test_a_withdrawn_proposal_is_pending_again_after_undo(client, circulated_plan, accredited):
    proposal = _propose(circulated_plan, accredited, circulated_plan.built["actions"][0])
    client.force_login(accredited.created_by)

    page = client.post(_url("proposal_withdraw", circulated_plan, prpk=proposal.pk), follow=True)

    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.WITHDRAWN
    undo_url = _url("proposal_reinstate", circulated_plan, prpk=proposal.pk)
    assert f'action="{undo_url}"' in _undo_form(page.content.decode())

    done = client.post(undo_url, follow=True)

    reinstated = Proposal.objects.get(pk=proposal.pk)
    assert (reinstated.status, reinstated.decided_at) == (Proposal.Status.PENDING, None)
    assert "Your proposal is pending again." in done.content.decode()
    assert AuditEntry.objects.filter(trail=circulated_plan.trail, action="undid proposal withdrawal").count() == 1


def test_another_delegation_cannot_undo_a_withdrawal(client, circulated_plan, accredited, other_accredited):
    proposal = _propose(circulated_plan, accredited, circulated_plan.built["actions"][0])
    services.proposal_withdraw(proposal=proposal, by=accredited.created_by)
    client.force_login(other_accredited.created_by)

    response = client.post(_url("proposal_reinstate", circulated_plan, prpk=proposal.pk))

    assert response.status_code in (403, 404)
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.WITHDRAWN


def test_a_withdrawal_cannot_be_undone_after_the_minutes_have_passed(circulated_plan, accredited):
    proposal = _propose(circulated_plan, accredited, circulated_plan.built["actions"][0])
    services.proposal_withdraw(proposal=proposal, by=accredited.created_by)
    Proposal.objects.filter(pk=proposal.pk).update(
        decided_at=Proposal.objects.get(pk=proposal.pk).decided_at
        - timedelta(minutes=services.PROPOSAL_UNDO_MINUTES + 1)
    )

    with pytest.raises(services.OutcomeError, match="too late"):
        services.proposal_reinstate(proposal=proposal, by=accredited.created_by)

    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.WITHDRAWN


# --- deleting a paragraph (the existing confirm page, now through the shared helper) -------------


def test_deleting_a_paragraph_asks_first_then_deletes(client, plan, drafter):
    paragraph = plan.built["actions"][0]
    client.force_login(drafter)
    url = _url("paragraph_delete", plan, ppk=paragraph.pk)

    asked = client.get(url)
    assert "Delete the paragraph" in asked.content.decode()
    assert Paragraph.objects.get(pk=paragraph.pk).removed_at is None

    page = client.post(url, follow=True)

    assert Paragraph.objects.get(pk=paragraph.pk).removed_at is not None
    restore = _url("paragraph_restore", plan, ppk=paragraph.pk)
    assert f'action="{restore}"' in _undo_form(page.content.decode())


def test_the_undo_of_a_paragraph_deletion_restores_it(client, plan, drafter):
    paragraph = plan.built["actions"][0]
    client.force_login(drafter)
    client.post(_url("paragraph_delete", plan, ppk=paragraph.pk))

    client.post(_url("paragraph_restore", plan, ppk=paragraph.pk))

    assert Paragraph.objects.get(pk=paragraph.pk).removed_at is None


# --- marking several paragraphs agreed -------------------------------------------------------------


def _bulk_data(paragraphs, **versions):
    data = {"agree": [str(p.pk) for p in paragraphs]}
    for p in paragraphs:
        data[f"version-{p.pk}"] = str(versions.get(str(p.pk), Paragraph.objects.get(pk=p.pk).version))
    return data


def test_a_drafter_marks_several_paragraphs_agreed_in_one_request(client, circulated_plan, drafter):
    chosen = circulated_plan.built["actions"][:3]
    untouched = circulated_plan.built["intro"][0]
    client.force_login(drafter)

    page = client.post(_url("mark_agreed", circulated_plan), _bulk_data(chosen), follow=True)

    assert _statuses(chosen) == [Paragraph.Status.AGREED] * 3
    assert Paragraph.objects.get(pk=untouched.pk).status == Paragraph.Status.OPEN
    assert "3 paragraphs marked agreed." in page.content.decode()
    assert ParagraphChange.objects.filter(paragraph__in=chosen, action=ParagraphChange.Action.MARKED).count() == 3
    entry = AuditEntry.objects.get(trail=circulated_plan.trail, action="marked paragraphs agreed")
    assert entry.detail.startswith("3: ")


def test_bulk_agree_refuses_a_stale_version_and_marks_none(client, circulated_plan, drafter, secretariat):
    chosen = circulated_plan.built["actions"][:3]
    client.force_login(drafter)
    data = _bulk_data(chosen)
    services.paragraph_update(
        paragraph=chosen[1], by=secretariat, text="Take step 2 of area 1 soon.", expected_version=chosen[1].version
    )

    page = client.post(_url("mark_agreed", circulated_plan), data, follow=True)

    assert _statuses(chosen) == [Paragraph.Status.OPEN] * 3
    assert "was changed after you opened the page: nothing is marked" in page.content.decode()
    assert not AuditEntry.objects.filter(action="marked paragraphs agreed").exists()


def test_bulk_agree_refuses_bracketed_text_and_marks_none(circulated_plan, drafter, secretariat):
    first, second = circulated_plan.built["actions"][:2]
    services.paragraph_update(
        paragraph=second, by=secretariat, text="Take step 2 [within one year].", expected_version=second.version
    )
    second.refresh_from_db()

    with pytest.raises(services.OutcomeError, match="square brackets"):
        services.paragraphs_mark_agreed(
            document=circulated_plan, by=drafter, versions={first.pk: first.version, second.pk: second.version}
        )

    assert _statuses([first, second]) == [Paragraph.Status.OPEN] * 2


def test_bulk_agree_refuses_a_paragraph_of_another_document_or_a_deleted_one(circulated_plan, drafter, secretariat):
    first, second = circulated_plan.built["actions"][:2]
    services.paragraph_remove(paragraph=second, by=secretariat)

    with pytest.raises(services.OutcomeError, match="nothing is marked"):
        services.paragraphs_mark_agreed(
            document=circulated_plan, by=drafter, versions={first.pk: first.version, second.pk: second.version}
        )

    assert Paragraph.objects.get(pk=first.pk).status == Paragraph.Status.OPEN


def test_bulk_agree_with_nothing_chosen_or_without_versions_is_a_message(client, circulated_plan, drafter):
    first = circulated_plan.built["actions"][0]
    client.force_login(drafter)

    empty = client.post(_url("mark_agreed", circulated_plan), {}, follow=True)
    no_version = client.post(_url("mark_agreed", circulated_plan), {"agree": [str(first.pk)]}, follow=True)

    assert "Choose at least one paragraph to mark agreed." in empty.content.decode()
    assert "reload the page; nothing is marked" in no_version.content.decode()
    assert Paragraph.objects.get(pk=first.pk).status == Paragraph.Status.OPEN


def test_a_delegate_cannot_bulk_agree(client, circulated_plan, accredited):
    chosen = circulated_plan.built["actions"][:2]
    client.force_login(accredited.created_by)

    response = client.post(_url("mark_agreed", circulated_plan), _bulk_data(chosen))

    assert response.status_code in (403, 404)
    assert _statuses(chosen) == [Paragraph.Status.OPEN] * 2


def test_a_drafter_of_another_document_cannot_bulk_agree(client, circulated_plan):
    chosen = circulated_plan.built["actions"][:2]
    client.force_login(UserFactory(full_name="Not a drafter"))

    response = client.post(_url("mark_agreed", circulated_plan), _bulk_data(chosen))

    assert response.status_code in (403, 404)
    assert _statuses(chosen) == [Paragraph.Status.OPEN] * 2


# --- the workspace ---------------------------------------------------------------------------------


def test_the_workspace_has_one_actions_menu_per_paragraph_and_a_tick_for_each_open_one(
    client, circulated_plan, drafter
):
    services.paragraph_mark(paragraph=circulated_plan.built["intro"][0], by=drafter, status=Paragraph.Status.AGREED)
    client.force_login(drafter)

    html = client.get(_url("workspace", circulated_plan)).content.decode()

    paragraphs = Paragraph.objects.filter(document=circulated_plan, removed_at__isnull=True).count()
    cards = re.findall(r'<article class="para-card.*?</article>', html, re.S)
    assert len(cards) == paragraphs
    assert all(card.count('data-testid="paragraph-actions"') == 1 for card in cards)
    assert all(card.count("<details") == 1 for card in cards)
    # Every open paragraph without brackets has a tick of the bulk form; the agreed one has none.
    assert html.count('data-testid="agree-tick"') == paragraphs - 1
    assert html.count('form="bulk-agree"') == 2 * (paragraphs - 1)
    assert 'id="bulk-agree"' in html
    # The actions are inside the menus, not repeated as loose buttons on the card.
    assert all(card.count("<form") == card.split("<details", 1)[1].count("<form") for card in cards)


def test_the_workspace_keeps_its_queries_flat_with_more_paragraphs(client, circulated_plan, drafter, secretariat):
    client.force_login(drafter)
    url = _url("workspace", circulated_plan)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    section = circulated_plan.built["actions"][0].section
    for n in range(5):
        services.paragraph_add(
            document=circulated_plan, section=section, by=secretariat, kind="action", text=f"Take extra step {n}."
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(few)
