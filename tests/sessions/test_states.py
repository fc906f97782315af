"""The speaker-entry state machine: declared once on the model, enforced by the services, read by the page."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ccm_portal.audit.models import AuditEntry
from sessions import services
from sessions.models import SpeakerEntry

pytestmark = pytest.mark.django_db

S = SpeakerEntry.Status

# What the chair may do from each state (the manage page's buttons), written out here
# independently of the model so that a change to the table is a visible change to this test.
EXPECTED = {
    S.INSCRIBED: {S.SPEAKING, S.SPOKE, S.WITHDRAWN},
    S.SPEAKING: {S.SPOKE},
    S.SPOKE: {S.SPEAKING, S.INSCRIBED},
    S.WITHDRAWN: {S.SPEAKING, S.INSCRIBED},
}
ALLOWED = [(a, b) for a in S.values for b in S.values if b in EXPECTED[a]]
REFUSED = [(a, b) for a in S.values for b in S.values if b not in EXPECTED[a]]
# The manage page's button for each target state.
BUTTON = {S.SPEAKING: "speaking", S.SPOKE: "spoke", S.WITHDRAWN: "withdrawn", S.INSCRIBED: "reinstate"}


@pytest.fixture
def entry_in(speakers_list, accredited, secretariat):
    def make(status):
        entry = services.speaker_inscribe(speakers_list=speakers_list, delegation=accredited, by=secretariat)
        started = timezone.now() if status in (S.SPEAKING, S.SPOKE) else None
        ended = timezone.now() if status == S.SPOKE else None
        SpeakerEntry.objects.filter(pk=entry.pk).update(status=status, started_at=started, ended_at=ended)
        entry.refresh_from_db()
        return entry

    return make


def snapshot(entry):
    row = SpeakerEntry.objects.get(pk=entry.pk)
    return (row.status, row.started_at, row.ended_at, row.position, AuditEntry.objects.count())


def test_the_model_declares_the_table_the_page_offers():
    assert {state: set(targets) for state, targets in SpeakerEntry.TRANSITIONS.items()} == EXPECTED


@pytest.mark.parametrize(("current", "target"), REFUSED, ids=[f"{a}->{b}" for a, b in REFUSED])
def test_set_status_refuses_a_step_the_table_does_not_list_and_changes_nothing(entry_in, secretariat, current, target):
    entry = entry_in(current)
    before = snapshot(entry)

    with pytest.raises(services.ProgrammeError) as refused:
        services.speaker_set_status(entry=entry, by=secretariat, status=target)

    assert "cannot go from" in str(refused.value)
    assert snapshot(entry) == before


@pytest.mark.parametrize(("current", "target"), ALLOWED, ids=[f"{a}->{b}" for a, b in ALLOWED])
def test_set_status_takes_every_step_the_table_lists(entry_in, secretariat, current, target):
    entry = entry_in(current)

    changed = services.speaker_set_status(entry=entry, by=secretariat, status=target)

    assert changed.status == target
    assert SpeakerEntry.objects.get(pk=entry.pk).status == target


def test_the_probe_speaking_then_withdrawn_then_spoke_is_refused(entry_in, secretariat):
    entry = entry_in(S.INSCRIBED)
    services.speaker_set_status(entry=entry, by=secretariat, status=S.SPEAKING)

    with pytest.raises(services.ProgrammeError):
        services.speaker_set_status(entry=entry, by=secretariat, status=S.WITHDRAWN)
    with pytest.raises(services.ProgrammeError):
        services.speaker_withdraw(entry=entry, by=secretariat)

    assert SpeakerEntry.objects.get(pk=entry.pk).status == S.SPEAKING


@pytest.mark.parametrize("current", [S.SPEAKING, S.SPOKE, S.WITHDRAWN])
def test_withdraw_refuses_the_secretariat_too_once_the_entry_is_not_waiting(entry_in, secretariat, current):
    entry = entry_in(current)
    before = snapshot(entry)

    with pytest.raises(services.ProgrammeError):
        services.speaker_withdraw(entry=entry, by=secretariat)

    assert snapshot(entry) == before


def test_withdraw_takes_a_waiting_entry_off_the_list(entry_in, focal_point):
    entry = entry_in(S.INSCRIBED)

    services.speaker_withdraw(entry=entry, by=focal_point)

    assert SpeakerEntry.objects.get(pk=entry.pk).status == S.WITHDRAWN


def test_the_view_shows_a_refused_step_as_a_message_not_an_error(client, entry_in, secretariat, meeting):
    entry = entry_in(S.SPEAKING)
    client.force_login(secretariat)
    url = reverse("ccm_sessions:speaker_action", args=[meeting.slug, entry.speakers_list_id, entry.pk])

    response = client.post(url, {"action": "withdrawn"}, follow=True)

    assert response.status_code == 200
    assert "cannot go from" in response.content.decode()
    assert SpeakerEntry.objects.get(pk=entry.pk).status == S.SPEAKING


@pytest.mark.parametrize("current", S.values)
def test_the_manage_page_offers_exactly_the_steps_of_the_table(client, entry_in, secretariat, meeting, current):
    entry = entry_in(current)
    client.force_login(secretariat)

    html = client.get(reverse("ccm_sessions:speakers_manage", args=[meeting.slug, entry.speakers_list_id])).content
    row = re.search(rf'<tr id="entry-{entry.pk}".*?</tr>', html.decode(), re.S).group(0)
    offered = set(re.findall(r'name="action" value="(\w+)"', row)) - {"up", "down"}
    # Withdrawing asks first: its button is a link to the confirm page.
    if reverse("ccm_sessions:speaker_withdraw", args=[meeting.slug, entry.speakers_list_id, entry.pk]) in row:
        offered.add("withdrawn")

    assert offered == {BUTTON[target] for target in EXPECTED[current]}


@pytest.mark.parametrize("current", S.values)
def test_the_floor_page_offers_withdraw_only_where_the_table_allows(client, entry_in, focal_point, meeting, current):
    entry = entry_in(current)
    client.force_login(focal_point)

    html = client.get(reverse("ccm_sessions:floor_delegation", args=[meeting.slug, entry.delegation_id])).content
    withdraw = reverse("ccm_sessions:withdraw", args=[meeting.slug, entry.delegation_id, entry.pk])

    assert (withdraw in html.decode()) == (S.WITHDRAWN in EXPECTED[current])
