"""The outcome-document and proposal state machines: declared on the models, enforced by the services."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ccm_portal.audit.models import AuditEntry
from outcomes import services
from outcomes.models import OutcomeDocument, Paragraph, Proposal, Revision
from tests.outcomes.factories import deadline, settle

pytestmark = pytest.mark.django_db

State = OutcomeDocument.State
Status = Proposal.Status

# Written out independently of the models: a change to a table is a visible change here.
DOCUMENT_EXPECTED = {
    State.DRAFT: {State.CIRCULATED},
    State.CIRCULATED: {State.CIRCULATED, State.NEGOTIATION, State.ADOPTED},
    State.NEGOTIATION: {State.CIRCULATED, State.ADOPTED},
    State.ADOPTED: {State.PUBLISHED},
    State.PUBLISHED: set(),
}
DOCUMENT_ALLOWED = [(a, b) for a in State.values for b in State.values if b in DOCUMENT_EXPECTED[a]]
# No service leads back to a draft; those pairs are checked on the table alone.
DOCUMENT_REFUSED = [
    (a, b) for a in State.values for b in State.values if b not in DOCUMENT_EXPECTED[a] and b != State.DRAFT
]
ACTION_FOR = {State.CIRCULATED: "circulate", State.NEGOTIATION: "negotiate", State.ADOPTED: "adopt"}
ACTION_FOR[State.PUBLISHED] = "publish"

PROPOSAL_EXPECTED = {
    Status.PENDING: {Status.ACCEPTED, Status.ACCEPTED_MODIFIED, Status.REJECTED, Status.WITHDRAWN},
    # The Undo offered right after withdrawing; a decided proposal never becomes pending again.
    Status.WITHDRAWN: {Status.PENDING},
}
PROPOSAL_ALLOWED = [(a, b) for a in Status.values for b in Status.values if b in PROPOSAL_EXPECTED.get(a, ())]
PROPOSAL_REFUSED = [
    (a, b)
    for a in Status.values
    for b in Status.values
    if b not in PROPOSAL_EXPECTED.get(a, ()) and (a, b) != (Status.PENDING, Status.PENDING)
]


def ids(pairs):
    return [f"{a}->{b}" for a, b in pairs]


def _change_text(document):
    paragraph = document.paragraphs.active().first()
    Paragraph.objects.filter(pk=paragraph.pk).update(text=paragraph.text + " Amended.")


def _take(document, target, by):
    if target == State.CIRCULATED:
        return services.document_circulate(document=document, by=by, comment_deadline=deadline(), notify=False)
    if target == State.NEGOTIATION:
        return services.document_open_negotiation(document=document, by=by)
    if target == State.ADOPTED:
        return services.document_adopt(document=document, by=by)
    return services.document_publish(document=document, by=by)


@pytest.fixture
def document_in(plan, secretariat, accredited):
    """The plan brought to a state through the services, as the pages do."""

    def bring(state):
        path = {
            State.DRAFT: [],
            State.CIRCULATED: [State.CIRCULATED],
            State.NEGOTIATION: [State.CIRCULATED, State.NEGOTIATION],
            State.ADOPTED: [State.CIRCULATED, State.ADOPTED],
            State.PUBLISHED: [State.CIRCULATED, State.ADOPTED, State.PUBLISHED],
        }[state]
        for step in path:
            if step == State.ADOPTED:
                settle(plan, secretariat)
            _take(plan, step, secretariat)
        plan.refresh_from_db()
        assert plan.state == state
        return plan

    return bring


def document_snapshot(document):
    row = OutcomeDocument.objects.get(pk=document.pk)
    return (
        row.state,
        row.symbol,
        row.adopted_at,
        row.published_at,
        Revision.objects.count(),
        AuditEntry.objects.count(),
    )


def test_the_document_model_declares_the_expected_table():
    declared = {state: set(OutcomeDocument.TRANSITIONS.get(state, ())) for state in State.values}
    assert declared == DOCUMENT_EXPECTED


@pytest.mark.parametrize(("current", "target"), DOCUMENT_REFUSED, ids=ids(DOCUMENT_REFUSED))
def test_a_document_step_the_table_does_not_list_is_refused_and_changes_nothing(
    document_in, secretariat, current, target
):
    document = document_in(current)
    if target == State.ADOPTED and document.is_open_for_work:
        settle(document, secretariat)
    before = document_snapshot(document)

    with pytest.raises(services.OutcomeError, match="You cannot"):
        _take(document, target, secretariat)

    assert document_snapshot(document) == before


@pytest.mark.parametrize("current", State.values)
def test_nothing_leads_a_document_back_to_a_draft(document_in, current):
    document = document_in(current)

    assert not document.can_transition(State.DRAFT)
    assert State.DRAFT not in OutcomeDocument.ACTIONS.values()


@pytest.mark.parametrize(("current", "target"), DOCUMENT_ALLOWED, ids=ids(DOCUMENT_ALLOWED))
def test_every_document_step_the_table_lists_is_taken(document_in, secretariat, current, target):
    document = document_in(current)
    if target == State.CIRCULATED and current != State.DRAFT:
        _change_text(document)
    if target == State.ADOPTED:
        settle(document, secretariat)

    _take(document, target, secretariat)

    assert OutcomeDocument.objects.get(pk=document.pk).state == target


@pytest.mark.parametrize("current", State.values)
def test_the_document_page_offers_exactly_the_steps_of_the_table(client, document_in, secretariat, current):
    document = document_in(current)
    client.force_login(secretariat)

    html = client.get(reverse("outcomes:detail", args=[document.pk])).content.decode()
    offered = set(re.findall(rf"/outcomes/{document.pk}/state/(\w+)/", html))

    assert offered == {ACTION_FOR[target] for target in DOCUMENT_EXPECTED[current]}


# --- proposals -------------------------------------------------------------------


@pytest.fixture
def proposal_in(circulated_plan, accredited):
    def make(status):
        proposal = services.proposal_create(
            document=circulated_plan,
            delegation=accredited,
            by=accredited.created_by,
            kind=Proposal.Kind.REPLACE,
            paragraph=circulated_plan.built["actions"][0],
            text="Take step 1 at once.",
            rationale="Clarity.",
        )
        decided_at = None if status == Status.PENDING else timezone.now()
        Proposal.objects.filter(pk=proposal.pk).update(status=status, decided_at=decided_at)
        proposal.refresh_from_db()
        return proposal

    return make


def _move(proposal, target, *, drafter):
    if target == Status.PENDING:
        return services.proposal_reinstate(proposal=proposal, by=proposal.delegation.created_by)
    if target == Status.WITHDRAWN:
        return services.proposal_withdraw(proposal=proposal, by=proposal.delegation.created_by)
    if target == Status.REJECTED:
        return services.proposal_decide(
            proposal=proposal, by=drafter, decision="reject", reason="Not now.", expected_version=None
        )
    if target == Status.ACCEPTED:
        return services.proposal_decide(
            proposal=proposal,
            by=drafter,
            decision="accept",
            notify=False,
            expected_version=proposal.paragraph.version,
        )
    return services.proposal_decide(
        proposal=proposal,
        by=drafter,
        decision="accept_modified",
        final_text="Take step 1 soon.",
        reason="Softer.",
        notify=False,
        expected_version=proposal.paragraph.version,
    )


def proposal_snapshot(proposal):
    row = Proposal.objects.get(pk=proposal.pk)
    paragraph = Paragraph.objects.get(pk=row.paragraph_id)
    return (row.status, row.decided_at, row.decision_reason, row.final_text, paragraph.text, AuditEntry.objects.count())


def test_the_proposal_model_declares_the_expected_table():
    declared = {status: set(targets) for status, targets in Proposal.TRANSITIONS.items()}
    assert declared == PROPOSAL_EXPECTED


@pytest.mark.parametrize(("current", "target"), PROPOSAL_REFUSED, ids=ids(PROPOSAL_REFUSED))
def test_a_proposal_step_the_table_does_not_list_is_refused_and_changes_nothing(proposal_in, drafter, current, target):
    proposal = proposal_in(current)
    before = proposal_snapshot(proposal)

    with pytest.raises(services.OutcomeError):
        _move(proposal, target, drafter=drafter)

    assert proposal_snapshot(proposal) == before


@pytest.mark.parametrize(("current", "target"), PROPOSAL_ALLOWED, ids=ids(PROPOSAL_ALLOWED))
def test_every_proposal_step_the_table_lists_is_taken(proposal_in, drafter, current, target):
    proposal = proposal_in(current)

    _move(proposal, target, drafter=drafter)

    assert Proposal.objects.get(pk=proposal.pk).status == target


@pytest.mark.parametrize("current", Status.values)
def test_only_a_withdrawn_proposal_can_become_pending_again(proposal_in, current):
    assert proposal_in(current).can_transition(Status.PENDING) == (current == Status.WITHDRAWN)


@pytest.mark.parametrize("current", Status.values)
def test_the_proposal_page_offers_decide_and_withdraw_only_while_the_table_allows(
    client, proposal_in, drafter, current
):
    proposal = proposal_in(current)
    url = reverse("outcomes:proposals", args=[proposal.document_id])
    decide = reverse("outcomes:proposal_decide", args=[proposal.document_id, proposal.pk])
    withdraw = reverse("outcomes:proposal_withdraw", args=[proposal.document_id, proposal.pk])
    open_to = PROPOSAL_EXPECTED.get(current, set())

    client.force_login(drafter)
    assert (decide in client.get(url).content.decode()) == (Status.REJECTED in open_to)
    client.force_login(proposal.delegation.created_by)
    assert (withdraw in client.get(url).content.decode()) == (Status.WITHDRAWN in open_to)
