"""One factory per model of the sessions app; each builds a valid row without surprises."""

import datetime as dt

import factory

from delegations.models import Delegation
from sessions.models import (
    Agenda,
    AgendaItem,
    MeetingSession,
    Room,
    SideEventRequest,
    SpeakerEntry,
    SpeakersList,
)
from sessions.slots import slot_value
from tests.factories import DelegationFactory, MeetingFactory


def local(meeting, day_offset: int, hour: int, minute: int = 0) -> dt.datetime:
    """An aware datetime at the meeting: `day_offset` days after its first day, local time."""
    day = meeting.start_date + dt.timedelta(days=day_offset)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=meeting.tzinfo)


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Sequence(lambda n: f"Room {n + 1}")
    capacity = 100


class AgendaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agenda
        django_get_or_create = ["meeting"]

    meeting = factory.SubFactory(MeetingFactory)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    """A main item at the end of its agenda; numbers from the services' renumbering are the real ones."""

    class Meta:
        model = AgendaItem

    agenda = factory.SubFactory(AgendaFactory)
    position = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: str(o.position))
    sort_order = factory.LazyAttribute(lambda o: o.position * 1000)
    title = factory.Sequence(lambda n: f"Agenda item title {n + 1}")


class MeetingSessionFactory(factory.django.DjangoModelFactory):
    """A three-hour plenary on the meeting's first morning."""

    class Meta:
        model = MeetingSession

    meeting = factory.SubFactory(MeetingFactory)
    kind = MeetingSession.Kind.PLENARY
    title = factory.Sequence(lambda n: f"Plenary session {n + 1}")
    room = factory.SubFactory(RoomFactory, meeting=factory.SelfAttribute("..meeting"))
    starts_at = factory.LazyAttribute(lambda o: local(o.meeting, 0, 10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=3))


class ApprovedDelegationFactory(DelegationFactory):
    status = Delegation.Status.APPROVED


class SideEventRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SideEventRequest

    delegation = factory.SubFactory(ApprovedDelegationFactory)
    meeting = factory.SelfAttribute("delegation.meeting")
    requested_by = factory.SelfAttribute("delegation.created_by")
    title = factory.Sequence(lambda n: f"Side event {n + 1}")
    organisers = "The requesting delegation"
    expected_attendance = 40
    preferred_slots = factory.LazyAttribute(lambda o: [slot_value(o.meeting.start_date, "lunch")])


class SpeakersListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpeakersList

    agenda_item = factory.SubFactory(AgendaItemFactory)
    meeting = factory.SelfAttribute("agenda_item.agenda.meeting")


class SpeakerEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpeakerEntry

    speakers_list = factory.SubFactory(SpeakersListFactory)
    delegation = factory.SubFactory(ApprovedDelegationFactory, meeting=factory.SelfAttribute("..speakers_list.meeting"))
    position = factory.Sequence(lambda n: n + 1)
