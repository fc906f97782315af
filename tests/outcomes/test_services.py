import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from ccm_portal.audit.models import AuditEntry
from outcomes import notifications, selectors, services
from outcomes.models import OutcomeDocument, Paragraph, ParagraphChange, Proposal, Revision, snapshot_fingerprint
from tests.factories import DelegationFactory, MeetingFactory, UserFactory
from tests.outcomes.factories import deadline, settle

State = OutcomeDocument.State


# --- creating and shaping a document ------------------------------------------


def test_a_new_action_plan_starts_with_the_eight_sections_of_the_vientiane_plan(plan):
    headings = list(plan.sections.order_by("position").values_list("heading", flat=True))

    assert len(headings) == 8
    assert headings[0] == "Introduction"
    assert headings[5] == "Victim assistance"
    assert plan.state == State.DRAFT
    assert plan.symbol == ""


def test_reporting_formats_start_with_a_cover_page_and_forms_a_to_j(meeting, secretariat):
    document = services.document_create(meeting=meeting, by=secretariat, kind="reporting_formats", title="Formats")

    headings = list(document.sections.order_by("position").values_list("heading", flat=True))
    assert headings[0] == "Cover page"
    assert [h.split(":")[0] for h in headings[1:]] == [f"Form {letter}" for letter in "ABCDEFGHIJ"]


def test_only_the_secretariat_opens_a_document(meeting, drafter):
    with pytest.raises(services.OutcomeError):
        services.document_create(meeting=meeting, by=drafter, kind="declaration", title="Declaration")
    assert not OutcomeDocument.objects.exists()


def test_sponsors_must_be_delegations_to_the_same_meeting(meeting, secretariat):
    elsewhere = DelegationFactory(meeting=MeetingFactory())

    with pytest.raises(services.OutcomeError, match="not a delegation to this meeting"):
        services.document_create(meeting=meeting, by=secretariat, kind="decision", title="D", sponsors=[elsewhere])


def test_an_empty_section_can_be_deleted_but_not_one_with_text(plan, secretariat):
    sections = list(plan.sections.order_by("position"))

    with pytest.raises(services.OutcomeError, match="Move or delete"):
        services.section_remove(section=sections[0], by=secretariat)
    services.section_remove(section=sections[-1], by=secretariat)

    assert [s.heading for s in selectors.document_outline(plan)][-1] == "International cooperation and assistance"


def test_every_change_is_kept_in_the_paragraphs_history(plan, secretariat, drafter):
    paragraph = plan.built["intro"][0]

    services.paragraph_update(paragraph=paragraph, by=drafter, text="Revised intro.", expected_version=1)
    services.paragraph_mark(paragraph=paragraph, by=secretariat, status="agreed")
    services.paragraph_move(paragraph=paragraph, by=drafter, direction="down")
    services.paragraph_remove(paragraph=paragraph, by=drafter)

    changes = list(paragraph.changes.order_by("at", "pk"))
    assert [c.action for c in changes] == ["created", "edited", "marked", "moved", "removed"]
    edit = changes[1]
    assert edit.by == drafter
    assert edit.text_before.startswith("The States Parties adopt this plan")
    assert edit.text_after == "Revised intro."
    assert AuditEntry.objects.filter(trail=plan.trail, action="edited paragraph").exists()


def test_a_stale_save_is_refused_and_nothing_is_overwritten(plan, secretariat, drafter):
    paragraph = plan.built["intro"][0]
    services.paragraph_update(paragraph=paragraph, by=secretariat, text="Secretariat's text.", expected_version=1)

    with pytest.raises(services.ParagraphConflict) as refused:
        services.paragraph_update(paragraph=paragraph, by=drafter, text="Drafter's text.", expected_version=1)

    assert refused.value.current.text == "Secretariat's text."
    paragraph.refresh_from_db()
    assert paragraph.text == "Secretariat's text."
    assert paragraph.version == 2


def test_changing_agreed_text_reopens_the_paragraph(plan, secretariat):
    paragraph = plan.built["intro"][0]
    services.paragraph_mark(paragraph=paragraph, by=secretariat, status="agreed")

    saved = services.paragraph_update(paragraph=paragraph, by=secretariat, text="Changed.", expected_version=1)

    assert saved.status == Paragraph.Status.OPEN
    assert "reopened" in saved.changes.first().detail


def test_bracketed_text_cannot_be_marked_agreed(plan, secretariat):
    paragraph = plan.built["intro"][0]
    services.paragraph_update(paragraph=paragraph, by=secretariat, text="Within [one] [two] years.", expected_version=1)

    with pytest.raises(services.OutcomeError, match="square brackets"):
        services.paragraph_mark(paragraph=paragraph, by=secretariat, status="ad_referendum")
    paragraph.refresh_from_db()
    assert paragraph.status == "open"


def test_a_delegate_who_is_not_a_drafter_cannot_edit(plan, focal_point):
    with pytest.raises(services.OutcomeError, match="Only the drafters"):
        services.paragraph_update(paragraph=plan.built["intro"][0], by=focal_point, text="Mine.", expected_version=1)


def test_empty_text_is_refused(plan, secretariat):
    with pytest.raises(services.OutcomeError, match="cannot be empty"):
        services.paragraph_update(paragraph=plan.built["intro"][0], by=secretariat, text="   ", expected_version=1)


# --- circulation, revisions and symbols ---------------------------------------


def test_first_circulation_freezes_wp1_and_mails_only_accredited_focal_points(
    plan, secretariat, accredited, other_accredited, submitted_delegation, django_capture_on_commit_callbacks
):
    second_focal_point = UserFactory(email="second@mission.example")
    accredited.focal_points.add(second_focal_point)
    due = deadline(10)

    with django_capture_on_commit_callbacks(execute=True):
        revision = services.document_circulate(document=plan, by=secretariat, comment_deadline=due)

    plan.refresh_from_db()
    assert revision.symbol == "CCM/MSP/2010/WP.1"
    assert revision.number == 0
    assert plan.state == State.CIRCULATED
    assert plan.symbol == "CCM/MSP/2010/WP.1"
    assert plan.comment_deadline == due
    recipients = sorted(address for message in mail.outbox for address in message.to)
    expected = sorted([accredited.created_by.email, "second@mission.example", other_accredited.created_by.email])
    assert recipients == expected
    assert submitted_delegation.created_by.email not in recipients
    body = mail.outbox[0].body
    assert f"/outcomes/{plan.pk}/" in body
    assert "Comments are due by" in body
    assert "CCM/MSP/2010/WP.1" in mail.outbox[0].subject


def test_no_mail_leaves_when_the_circulation_is_rolled_back(
    plan, secretariat, accredited, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.document_circulate(document=plan, by=secretariat, comment_deadline=deadline())

    mails = [c for c in callbacks if getattr(c, "func", None) is notifications.document_circulated]
    assert len(mails) == 1  # sent only once the transaction commits
    assert mail.outbox == []


def test_the_snapshot_keeps_the_text_and_numbers_as_circulated(circulated_plan, secretariat):
    revision = circulated_plan.revisions.get()
    action = circulated_plan.built["actions"][0]

    services.paragraph_update(paragraph=action, by=secretariat, text="Changed after circulation.", expected_version=1)

    frozen = [p for s in revision.snapshot["sections"] for p in s["paragraphs"]]
    assert frozen[2]["label"] == "3."
    assert [p["label"] for p in frozen if p["kind"] == "action"] == ["Action #1", "Action #2", "Action #3", "Action #4"]
    assert "Changed after circulation." not in str(revision.snapshot)


def test_later_circulations_issue_rev1_and_rev2_of_the_same_working_paper(circulated_plan, secretariat):
    action = circulated_plan.built["actions"][0]
    services.paragraph_update(paragraph=action, by=secretariat, text="First change.", expected_version=1)
    first = services.document_circulate(document=circulated_plan, by=secretariat, comment_deadline=deadline())
    services.paragraph_update(paragraph=action, by=secretariat, text="Second change.", expected_version=2)
    second = services.document_circulate(document=circulated_plan, by=secretariat, comment_deadline=deadline())

    assert (first.symbol, second.symbol) == ("CCM/MSP/2010/WP.1/Rev.1", "CCM/MSP/2010/WP.1/Rev.2")
    assert [r.label for r in circulated_plan.revisions.order_by("number")] == ["First circulation", "Rev.1", "Rev.2"]


def test_circulating_the_text_of_the_last_revision_again_is_refused_and_mails_nobody(
    circulated_plan, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.OutcomeError) as refused:
        services.document_circulate(document=circulated_plan, by=secretariat, comment_deadline=deadline())

    assert "same as CCM/MSP/2010/WP.1" in str(refused.value)
    assert circulated_plan.revisions.count() == 1
    assert mail.outbox == []


def test_a_revision_records_the_fingerprint_of_its_frozen_text(circulated_plan, secretariat):
    first = circulated_plan.revisions.get()
    action = circulated_plan.built["actions"][0]
    services.paragraph_update(paragraph=action, by=secretariat, text="Changed.", expected_version=1)
    second = services.document_circulate(document=circulated_plan, by=secretariat, comment_deadline=deadline())

    assert len(first.fingerprint) == 64
    assert first.fingerprint == snapshot_fingerprint(first.snapshot)
    assert second.fingerprint != first.fingerprint


def test_working_paper_numbers_follow_each_other_per_meeting(plan, meeting, secretariat):
    declaration = services.document_create(meeting=meeting, by=secretariat, kind="declaration", title="Declaration")
    section = declaration.sections.get()
    services.paragraph_add(document=declaration, section=section, by=secretariat, kind="operative", text="We declare.")

    services.document_circulate(document=plan, by=secretariat, comment_deadline=deadline())
    revision = services.document_circulate(document=declaration, by=secretariat, comment_deadline=deadline())

    assert revision.symbol == "CCM/MSP/2010/WP.2"


def test_circulation_needs_a_symbol_prefix_a_future_deadline_and_text(plan, secretariat, meeting):
    with pytest.raises(services.OutcomeError, match="future"):
        services.document_circulate(
            document=plan, by=secretariat, comment_deadline=timezone.now() - dt.timedelta(hours=1)
        )
    empty = services.document_create(meeting=meeting, by=secretariat, kind="decision", title="Empty")
    with pytest.raises(services.OutcomeError, match="no text"):
        services.document_circulate(document=empty, by=secretariat, comment_deadline=deadline())
    meeting.symbol_prefix = ""
    meeting.save()
    with pytest.raises(services.OutcomeError, match="symbol prefix"):
        services.document_circulate(document=plan, by=secretariat, comment_deadline=deadline())
    assert not Revision.objects.exists()


def test_a_delegate_cannot_circulate(plan, focal_point):
    with pytest.raises(services.OutcomeError):
        services.document_circulate(document=plan, by=focal_point, comment_deadline=deadline())


def test_a_named_drafter_can_circulate(plan, drafter):
    revision = services.document_circulate(document=plan, by=drafter, comment_deadline=deadline())

    assert revision.created_by == drafter


# --- proposals -----------------------------------------------------------------


def _propose(document, delegation, paragraph, kind="replace", text="A better text.", rationale="Clarity.", **kwargs):
    return services.proposal_create(
        document=document,
        delegation=delegation,
        by=delegation.created_by,
        kind=kind,
        paragraph=paragraph,
        text=text,
        rationale=rationale,
        **kwargs,
    )


def test_an_accredited_delegation_proposes_on_the_circulated_text(circulated_plan, accredited):
    action = circulated_plan.built["actions"][1]

    proposal = _propose(circulated_plan, accredited, action, text="Take step 2 within six months.")

    assert proposal.status == Proposal.Status.PENDING
    assert proposal.base_text == action.text
    assert proposal.base_label == "Action #2"
    assert proposal.revision.symbol == "CCM/MSP/2010/WP.1"


def test_a_delegation_not_accredited_cannot_propose(circulated_plan, submitted_delegation):
    with pytest.raises(services.OutcomeError, match="accredited"):
        _propose(circulated_plan, submitted_delegation, circulated_plan.built["intro"][0])
    assert not Proposal.objects.exists()


def test_a_delegation_to_another_meeting_cannot_propose(circulated_plan):
    elsewhere = DelegationFactory(meeting=MeetingFactory(), status="approved")

    with pytest.raises(services.OutcomeError, match="not taking part"):
        _propose(circulated_plan, elsewhere, circulated_plan.built["intro"][0])


def test_a_focal_point_cannot_propose_for_another_delegation(circulated_plan, accredited, other_accredited):
    with pytest.raises(services.OutcomeError, match="focal points"):
        services.proposal_create(
            document=circulated_plan,
            delegation=other_accredited,
            by=accredited.created_by,
            kind="delete",
            paragraph=circulated_plan.built["intro"][0],
            rationale="Not needed.",
        )


def test_proposals_are_refused_on_drafts_and_after_the_comment_deadline(plan, circulated_plan, accredited):
    circulated_plan.comment_deadline = timezone.now() - dt.timedelta(minutes=1)
    circulated_plan.save()

    with pytest.raises(services.OutcomeError, match="deadline"):
        _propose(circulated_plan, accredited, circulated_plan.built["intro"][0])


def test_a_proposal_needs_a_text_and_a_rationale(circulated_plan, accredited):
    paragraph = circulated_plan.built["intro"][0]
    with pytest.raises(services.OutcomeError, match="text you propose"):
        _propose(circulated_plan, accredited, paragraph, text="")
    with pytest.raises(services.OutcomeError, match="reason"):
        _propose(circulated_plan, accredited, paragraph, rationale="")
    with pytest.raises(services.OutcomeError, match="same as the current"):
        _propose(circulated_plan, accredited, paragraph, text=paragraph.text)


def test_accepting_a_replacement_writes_it_into_the_working_text_but_not_the_revision(
    circulated_plan, accredited, drafter
):
    action = circulated_plan.built["actions"][0]
    proposal = _propose(circulated_plan, accredited, action, text="Take step 1 at once.")

    services.proposal_decide(proposal=proposal, by=drafter, decision="accept", expected_version=action.version)

    action.refresh_from_db()
    proposal.refresh_from_db()
    assert action.text == "Take step 1 at once."
    assert proposal.status == Proposal.Status.ACCEPTED
    change = action.changes.first()
    assert change.action == ParagraphChange.Action.PROPOSAL
    assert change.proposal == proposal
    assert "Take step 1 at once." not in str(circulated_plan.revisions.get().snapshot)


def test_accepting_with_changes_needs_a_reason_and_a_different_text(circulated_plan, accredited, drafter):
    action = circulated_plan.built["actions"][0]
    proposal = _propose(circulated_plan, accredited, action, text="Take step 1 at once.")

    with pytest.raises(services.OutcomeError, match="unchanged"):
        services.proposal_decide(
            proposal=proposal,
            by=drafter,
            decision="accept_modified",
            final_text=proposal.text,
            reason="x",
            expected_version=action.version,
        )
    with pytest.raises(services.OutcomeError, match="what you changed"):
        services.proposal_decide(
            proposal=proposal,
            by=drafter,
            decision="accept_modified",
            final_text="Take it soon.",
            expected_version=action.version,
        )
    services.proposal_decide(
        proposal=proposal,
        by=drafter,
        decision="accept_modified",
        final_text="Take step 1 soon.",
        reason="Softer.",
        expected_version=action.version,
    )

    action.refresh_from_db()
    proposal.refresh_from_db()
    assert action.text == "Take step 1 soon."
    assert (proposal.status, proposal.final_text, proposal.decision_reason) == (
        Proposal.Status.ACCEPTED_MODIFIED,
        "Take step 1 soon.",
        "Softer.",
    )


def test_rejection_needs_a_reason_the_proposers_can_read(
    circulated_plan, accredited, drafter, django_capture_on_commit_callbacks
):
    proposal = _propose(circulated_plan, accredited, circulated_plan.built["intro"][0])

    with pytest.raises(services.OutcomeError, match="reason"):
        services.proposal_decide(proposal=proposal, by=drafter, decision="reject", expected_version=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_decide(
            proposal=proposal, by=drafter, decision="reject", reason="Out of scope.", expected_version=None
        )

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REJECTED
    assert mail.outbox[-1].to == [accredited.created_by.email]
    assert "Out of scope." in mail.outbox[-1].body


def test_accepting_an_insertion_after_a_who_acts_paragraph_adds_an_action(circulated_plan, accredited, drafter):
    lead_in = circulated_plan.built["lead_ins"][0]
    proposal = _propose(circulated_plan, accredited, lead_in, kind="insert_after", text="Share data.")

    services.proposal_decide(proposal=proposal, by=drafter, decision="accept", expected_version=None)

    outline = selectors.document_outline(circulated_plan)
    actions = [p for s in outline for p in s.paragraphs if p.kind == "action"]
    assert (actions[0].text, actions[0].label) == ("Share data.", "Action #1")
    assert len(actions) == 5


def test_accepting_a_deletion_removes_the_paragraph_and_renumbers(circulated_plan, accredited, drafter):
    first = circulated_plan.built["intro"][0]
    proposal = _propose(circulated_plan, accredited, first, kind="delete", text="")

    services.proposal_decide(proposal=proposal, by=drafter, decision="accept", expected_version=first.version)

    labels = [p.label for s in selectors.document_outline(circulated_plan) for p in s.paragraphs]
    assert labels[:2] == ["1.", "2."]
    first.refresh_from_db()
    assert first.is_removed


@pytest.mark.parametrize(("kind", "text"), [("replace", "Take step 1 at once."), ("delete", "")])
def test_accepting_a_replacement_or_deletion_without_the_paragraph_version_is_refused_and_changes_nothing(
    circulated_plan, accredited, drafter, kind, text
):
    action = circulated_plan.built["actions"][0]
    proposal = _propose(circulated_plan, accredited, action, kind=kind, text=text)
    before = (Paragraph.objects.get(pk=action.pk).text, AuditEntry.objects.count(), ParagraphChange.objects.count())

    with pytest.raises(TypeError, match="expected_version"):
        services.proposal_decide(proposal=proposal, by=drafter, decision="accept")
    with pytest.raises(services.ParagraphConflict, match="does not say which version"):
        services.proposal_decide(proposal=proposal, by=drafter, decision="accept", expected_version=None)
    with pytest.raises(services.ParagraphConflict, match="saved this paragraph"):
        services.proposal_decide(proposal=proposal, by=drafter, decision="accept", expected_version=action.version + 1)

    action.refresh_from_db()
    proposal.refresh_from_db()
    assert (action.text, AuditEntry.objects.count(), ParagraphChange.objects.count()) == before
    assert not action.is_removed
    assert proposal.is_pending


def test_the_proposer_withdraws_but_another_delegation_cannot(circulated_plan, accredited, other_accredited):
    proposal = _propose(circulated_plan, accredited, circulated_plan.built["intro"][0])

    with pytest.raises(services.OutcomeError, match="proposing delegation"):
        services.proposal_withdraw(proposal=proposal, by=other_accredited.created_by)
    services.proposal_withdraw(proposal=proposal, by=accredited.created_by)

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN
    with pytest.raises(services.OutcomeError, match="already"):
        services.proposal_withdraw(proposal=proposal, by=accredited.created_by)


def test_several_delegations_cosponsor_one_proposal(
    circulated_plan, accredited, other_accredited, submitted_delegation
):
    proposal = _propose(circulated_plan, accredited, circulated_plan.built["intro"][0])

    services.proposal_cosponsor(proposal=proposal, delegation=other_accredited, by=other_accredited.created_by)
    with pytest.raises(services.OutcomeError, match="accredited"):
        services.proposal_cosponsor(
            proposal=proposal, delegation=submitted_delegation, by=submitted_delegation.created_by
        )

    assert list(proposal.cosponsors.all()) == [other_accredited]
    services.proposal_cosponsor(
        proposal=proposal, delegation=other_accredited, by=other_accredited.created_by, join=False
    )
    assert not proposal.cosponsors.exists()


def test_a_general_comment_concerns_the_whole_document(circulated_plan, accredited, drafter):
    proposal = services.proposal_create(
        document=circulated_plan,
        delegation=accredited,
        by=accredited.created_by,
        kind="comment",
        text="The plan should mention gender and diversity.",
    )

    services.proposal_decide(proposal=proposal, by=drafter, decision="accept", expected_version=None)

    proposal.refresh_from_db()
    assert proposal.paragraph is None
    assert proposal.status == Proposal.Status.ACCEPTED


# --- outdated proposals ---------------------------------------------------------


def test_a_proposal_on_a_changed_paragraph_is_outdated_and_asks_for_reconciliation(
    circulated_plan, accredited, drafter
):
    action = circulated_plan.built["actions"][0]
    proposal = _propose(circulated_plan, accredited, action, text="Take step 1 at once.")
    services.paragraph_update(paragraph=action, by=drafter, text="Take step 1 [within two years].", expected_version=1)

    proposal.refresh_from_db()
    assert proposal.is_outdated
    assert "changed" in proposal.outdated_reason
    with pytest.raises(services.NeedsReconciliation):
        services.proposal_decide(proposal=proposal, by=drafter, decision="accept", expected_version=2)

    services.proposal_decide(
        proposal=proposal,
        by=drafter,
        decision="accept",
        reconciled=True,
        final_text="Take step 1 at once, within two years.",
        reason="Merged with the later change.",
        expected_version=2,
    )
    action.refresh_from_db()
    proposal.refresh_from_db()
    assert action.text == "Take step 1 at once, within two years."
    assert proposal.status == Proposal.Status.ACCEPTED_MODIFIED


def test_a_proposal_on_a_deleted_paragraph_is_kept_and_accepting_it_restores_the_text(
    circulated_plan, accredited, drafter
):
    action = circulated_plan.built["actions"][2]
    services.paragraph_remove(paragraph=action, by=drafter)
    # The delegation still reads the circulated text, where the paragraph exists.
    proposal = _propose(circulated_plan, accredited, action, text="Keep this action, reworded.")

    assert proposal.is_outdated
    assert "deleted" in proposal.outdated_reason
    services.proposal_decide(
        proposal=proposal,
        by=drafter,
        decision="accept",
        reconciled=True,
        final_text="Keep this action, reworded.",
        expected_version=proposal.paragraph.version,
    )

    action.refresh_from_db()
    assert not action.is_removed
    assert action.text == "Keep this action, reworded."
    labels = [p.text for s in selectors.document_outline(circulated_plan) for p in s.paragraphs if p.kind == "action"]
    assert labels.index("Keep this action, reworded.") == 2


def test_negotiation_refuses_a_proposal_on_a_paragraph_changed_since_the_page_was_opened(
    circulated_plan, accredited, secretariat
):
    services.document_open_negotiation(document=circulated_plan, by=secretariat)
    circulated_plan.refresh_from_db()
    paragraph = circulated_plan.built["intro"][0]
    services.paragraph_update(paragraph=paragraph, by=secretariat, text="Now different.", expected_version=1)

    with pytest.raises(services.ParagraphConflict):
        _propose(circulated_plan, accredited, paragraph, text="Mine.", rationale="Because.", seen_version=1)


def test_negotiation_refuses_a_proposal_that_does_not_say_which_version_it_was_made_on(
    circulated_plan, accredited, secretariat
):
    services.document_open_negotiation(document=circulated_plan, by=secretariat)
    circulated_plan.refresh_from_db()
    paragraph = circulated_plan.built["intro"][0]

    with pytest.raises(services.ParagraphConflict, match="does not say which version"):
        _propose(circulated_plan, accredited, paragraph, text="Mine.", rationale="Because.")

    assert not Proposal.objects.filter(document=circulated_plan).exists()


# --- adoption and publication ---------------------------------------------------


def test_adoption_is_refused_while_brackets_open_paragraphs_or_pending_proposals_remain(
    circulated_plan, accredited, secretariat
):
    action = circulated_plan.built["actions"][0]
    services.paragraph_update(paragraph=action, by=secretariat, text="Take step 1 [soon].", expected_version=1)
    _propose(circulated_plan, accredited, circulated_plan.built["intro"][1])

    with pytest.raises(services.AdoptionBlocked) as blocked:
        services.document_adopt(document=circulated_plan, by=secretariat)

    problems = blocked.value.problems
    assert "Action #1: square brackets remain." in problems
    assert "Paragraph 1: still open." in problems
    assert any("France" in p and "pending" in p for p in problems)
    circulated_plan.refresh_from_db()
    assert circulated_plan.state == State.CIRCULATED


def test_adoption_freezes_the_agreed_text_under_its_own_symbol_and_publication_makes_it_public(
    circulated_plan, secretariat
):
    settle(circulated_plan, secretariat)

    revision = services.document_adopt(document=circulated_plan, by=secretariat, own_symbol="CCM/MSP/2010/4")
    services.document_publish(document=circulated_plan, by=secretariat)

    circulated_plan.refresh_from_db()
    assert revision.kind == Revision.Kind.ADOPTED
    assert circulated_plan.symbol == "CCM/MSP/2010/4"
    assert circulated_plan.state == State.PUBLISHED
    assert circulated_plan.distribution == OutcomeDocument.Distribution.GENERAL
    assert circulated_plan.adopted_at
    assert circulated_plan.published_at
    with pytest.raises(services.OutcomeError):
        services.paragraph_update(
            paragraph=circulated_plan.built["intro"][0], by=secretariat, text="Too late.", expected_version=1
        )


def test_the_adopted_text_without_own_symbol_is_the_next_revision(circulated_plan, secretariat):
    settle(circulated_plan, secretariat)

    revision = services.document_adopt(document=circulated_plan, by=secretariat)

    assert revision.symbol == "CCM/MSP/2010/WP.1/Rev.1"


def test_an_adopted_symbol_must_belong_to_the_meeting_and_be_unused(circulated_plan, secretariat):
    settle(circulated_plan, secretariat)

    with pytest.raises(services.OutcomeError, match="prefix"):
        services.document_adopt(document=circulated_plan, by=secretariat, own_symbol="CCM/MSP/2011/4")
    with pytest.raises(services.OutcomeError, match="already in use"):
        services.document_adopt(document=circulated_plan, by=secretariat, own_symbol="CCM/MSP/2010/WP.1")


def test_only_the_secretariat_records_adoption(circulated_plan, drafter, secretariat):
    settle(circulated_plan, secretariat)

    with pytest.raises(services.OutcomeError):
        services.document_adopt(document=circulated_plan, by=drafter)
