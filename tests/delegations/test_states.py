"""The delegation and participant state machines: declared on the models, enforced by the services."""

import re

import pytest
from django.urls import reverse

from ccm_portal.audit.models import AuditEntry
from delegations import services
from delegations.models import Delegation, Participant
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

D = Delegation.Status
P = Participant.Status

# Written out independently of the models: a change to a table is a visible change here.
DELEGATION_EXPECTED = {
    D.DRAFT: {D.SUBMITTED, D.REFUSED},
    D.SUBMITTED: {D.APPROVED, D.REJECTED, D.REFUSED},
    D.APPROVED: {D.REJECTED, D.REFUSED},
    D.REJECTED: {D.SUBMITTED, D.APPROVED, D.REFUSED},
    D.REFUSED: set(),
}
# No service leads a delegation back to a draft: those pairs are checked on the table alone.
DELEGATION_ALLOWED = [(a, b) for a in D.values for b in D.values if b in DELEGATION_EXPECTED[a]]
DELEGATION_REFUSED = [(a, b) for a in D.values for b in D.values if b not in DELEGATION_EXPECTED[a] and b != D.DRAFT]

PARTICIPANT_EXPECTED = {
    P.PENDING: {P.APPROVED, P.REJECTED},
    P.APPROVED: {P.PENDING, P.REJECTED},
    P.REJECTED: {P.APPROVED},
}
PARTICIPANT_ALLOWED = [(a, b) for a in P.values for b in P.values if b in PARTICIPANT_EXPECTED[a]]
PARTICIPANT_REFUSED = [(a, b) for a in P.values for b in P.values if b not in PARTICIPANT_EXPECTED[a]]


def ids(pairs):
    return [f"{a}->{b}" for a, b in pairs]


@pytest.fixture
def delegation_in(delegation, focal_point, head, pdf_upload):
    """France, complete enough to be submitted, put in the given state."""
    services.delegation_attach_document(delegation=delegation, upload=pdf_upload, by=focal_point)

    def put(status):
        Delegation.objects.filter(pk=delegation.pk).update(status=status)
        delegation.refresh_from_db()
        return delegation

    return put


def _take(delegation, target, *, secretariat, focal_point):
    if target == D.SUBMITTED:
        return services.delegation_submit(delegation=delegation, by=focal_point)
    if target == D.APPROVED:
        return services.delegation_decide(delegation=delegation, by=secretariat, approve=True)
    if target == D.REJECTED:
        return services.delegation_decide(delegation=delegation, by=secretariat, approve=False, reason="Wrong form.")
    return services.delegation_refuse(delegation=delegation, by=secretariat, reason="Not the state's mission.")


def delegation_snapshot(delegation):
    row = Delegation.objects.get(pk=delegation.pk)
    return (row.status, row.submitted_at, row.decided_at, row.decision_reason, AuditEntry.objects.count())


def test_the_delegation_model_declares_the_expected_table():
    declared = {status: set(Delegation.TRANSITIONS.get(status, ())) for status in D.values}
    assert declared == DELEGATION_EXPECTED


@pytest.mark.parametrize(("current", "target"), DELEGATION_REFUSED, ids=ids(DELEGATION_REFUSED))
def test_a_delegation_step_the_table_does_not_list_is_refused_and_changes_nothing(
    delegation_in, secretariat, focal_point, current, target
):
    delegation = delegation_in(current)
    before = delegation_snapshot(delegation)

    with pytest.raises(services.RegistrationError):
        _take(delegation, target, secretariat=secretariat, focal_point=focal_point)

    assert delegation_snapshot(delegation) == before


@pytest.mark.parametrize(("current", "target"), DELEGATION_ALLOWED, ids=ids(DELEGATION_ALLOWED))
def test_every_delegation_step_the_table_lists_is_taken(delegation_in, secretariat, focal_point, current, target):
    delegation = delegation_in(current)

    _take(delegation, target, secretariat=secretariat, focal_point=focal_point)

    assert Delegation.objects.get(pk=delegation.pk).status == target


@pytest.mark.parametrize("current", D.values)
def test_nothing_leads_a_delegation_back_to_a_draft(delegation_in, current):
    assert not delegation_in(current).can_transition(D.DRAFT)


@pytest.mark.parametrize("current", D.values)
def test_the_delegation_page_offers_exactly_the_steps_of_the_table(
    client, delegation_in, secretariat, focal_point, current
):
    delegation = delegation_in(current)
    url = reverse("delegations:detail", args=[delegation.pk])
    allowed = DELEGATION_EXPECTED[current]

    client.force_login(secretariat)
    html = client.get(url).content.decode()
    assert (reverse("delegations:refuse", args=[delegation.pk]) in html) == (D.REFUSED in allowed)
    assert (reverse("delegations:decide", args=[delegation.pk]) in html) == bool({D.APPROVED, D.REJECTED} & allowed)

    client.force_login(focal_point)
    html = client.get(url).content.decode()
    assert (reverse("delegations:submit", args=[delegation.pk]) in html) == (D.SUBMITTED in allowed)


# --- participants -----------------------------------------------------------------


@pytest.fixture
def participant_in(delegation):
    def make(status):
        return ParticipantFactory(delegation=delegation, status=status, function="Counsellor")

    return make


def _move(participant, target, *, secretariat, focal_point):
    if target == P.APPROVED:
        return services.participant_decide(participant=participant, by=secretariat, approve=True)
    if target == P.REJECTED:
        return services.participant_decide(participant=participant, by=secretariat, approve=False, reason="No.")
    # A focal point's change is what sends an approved participant back to pending.
    return services.participant_update(
        participant=participant, data={"function": "Minister Counsellor"}, by=focal_point, expected_version=1
    )


def participant_snapshot(participant):
    row = Participant.objects.get(pk=participant.pk)
    return (row.status, row.decision_reason, row.changes_since_approval, row.version, AuditEntry.objects.count())


def test_the_participant_model_declares_the_expected_table():
    declared = {status: set(targets) for status, targets in Participant.TRANSITIONS.items()}
    assert declared == PARTICIPANT_EXPECTED


@pytest.mark.parametrize(
    ("current", "target"),
    [pair for pair in PARTICIPANT_REFUSED if pair[1] != P.PENDING],
    ids=ids([pair for pair in PARTICIPANT_REFUSED if pair[1] != P.PENDING]),
)
def test_a_participant_decision_the_table_does_not_list_is_refused_and_changes_nothing(
    participant_in, secretariat, focal_point, current, target
):
    participant = participant_in(current)
    before = participant_snapshot(participant)

    with pytest.raises(services.RegistrationError):
        _move(participant, target, secretariat=secretariat, focal_point=focal_point)

    assert participant_snapshot(participant) == before


@pytest.mark.parametrize("current", [P.PENDING, P.REJECTED])
def test_an_edit_never_makes_a_participant_pending_where_the_table_does_not_allow_it(
    participant_in, secretariat, focal_point, current
):
    participant = participant_in(current)

    _move(participant, P.PENDING, secretariat=secretariat, focal_point=focal_point)

    assert Participant.objects.get(pk=participant.pk).status == current


@pytest.mark.parametrize(("current", "target"), PARTICIPANT_ALLOWED, ids=ids(PARTICIPANT_ALLOWED))
def test_every_participant_step_the_table_lists_is_taken(participant_in, secretariat, focal_point, current, target):
    participant = participant_in(current)

    _move(participant, target, secretariat=secretariat, focal_point=focal_point)

    assert Participant.objects.get(pk=participant.pk).status == target


@pytest.mark.parametrize("current", P.values)
def test_the_participant_buttons_match_the_table(client, participant_in, secretariat, current):
    participant = participant_in(current)
    client.force_login(secretariat)

    html = client.get(reverse("delegations:detail", args=[participant.delegation_id])).content.decode()
    decide = reverse("delegations:participant_decide", args=[participant.delegation_id, participant.pk])
    offered = set(re.findall(rf'{re.escape(decide)}".{{0,300}}?name="decision" value="(\w+)"', html, re.S))

    wanted = {"approve": P.APPROVED, "reject": P.REJECTED}
    assert offered == {button for button, target in wanted.items() if target in PARTICIPANT_EXPECTED[current]}
