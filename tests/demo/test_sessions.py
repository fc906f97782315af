"""The sessions part of the demo (demo/sessions.py), seeded once for this module."""

import io

import pytest

from ccm_portal.audit.models import AuditEntry
from delegations.models import Delegation
from demo import sessions as demo
from sessions.models import (
    Agenda,
    AgendaItem,
    MeetingSession,
    Room,
    SideEventRequest,
    SpeakerEntry,
    SpeakersList,
    Statement,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

MODELS = [Agenda, AgendaItem, Room, MeetingSession, SideEventRequest, SpeakersList, SpeakerEntry, Statement, AuditEntry]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture(scope="module")
def seeded(seeded_demo, django_db_blocker):
    """seed_demo once for the module, then this app's demo a second time on top; returns that second output."""
    with django_db_blocker.unblock():
        out = io.StringIO()
        demo.seed(stdout=out)
    return out.getvalue()


def test_the_demo_seeds_the_first_meeting_of_states_parties(seeded):
    agenda = Agenda.objects.get(meeting__slug="1msp")
    assert agenda.status == Agenda.Status.ADOPTED
    numbers = list(agenda.items.order_by("sort_order").values_list("number", "title"))
    assert numbers[0] == ("1", "Official opening of the Meeting")
    assert ("8", "General exchange of views") in numbers
    assert ("9(d)", "Victim assistance") in numbers
    assert numbers[-1] == ("14", "Official closure of the Meeting")
    assert agenda.items.get(number="9(d)").coordinator == "MX"

    sessions = MeetingSession.objects.filter(meeting__slug="1msp")
    assert sessions.count() == 15
    assert {s.starts_at.astimezone(agenda.meeting.tzinfo).date().day for s in sessions} == {9, 10, 11, 12}
    assert not any(s.accepted_clashes for s in sessions)
    assert set(SideEventRequest.objects.values_list("status", flat=True)) == {"approved", "pending", "declined"}
    assert Room.objects.filter(meeting__slug="1msp", name="Plenary Hall").exists()

    entries = SpeakerEntry.objects.filter(speakers_list__meeting__slug="1msp").select_related("delegation")
    assert entries.count() > 20
    assert {e.delegation.status for e in entries} == {Delegation.Status.APPROVED}
    assert len({e.delegation.category for e in entries}) >= 4
    assert entries.filter(status="speaking").count() == 1
    assert Statement.objects.filter(is_published=True).count() == 3
    assert "Room screen" in seeded


def test_the_demo_gives_the_second_meeting_a_provisional_agenda(seeded):
    agenda = Agenda.objects.get(meeting__slug="2msp")
    assert agenda.status == Agenda.Status.PROVISIONAL
    assert agenda.items.filter(parent__isnull=True).count() == 10


def test_running_the_demo_again_changes_nothing(seeded):
    before = counts()

    out = io.StringIO()
    demo.seed(stdout=out)

    assert counts() == before
    assert "0 rooms, 0 agenda items, 0 sessions, 0 side-event requests, 0 speakers" in out.getvalue()
