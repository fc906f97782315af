import threading

import pytest
from django.db import connection

from ccm_portal.meetings.models import Category
from sessions import services
from sessions.models import SpeakerEntry
from tests.factories import MeetingFactory, SecretariatFactory

from .factories import AgendaItemFactory, ApprovedDelegationFactory


def run_at_once(jobs):
    barrier = threading.Barrier(len(jobs))
    outcomes = []

    def run(job):
        try:
            barrier.wait(timeout=10)
            outcomes.append(("ok", job()))
        except services.ProgrammeError as exc:
            outcomes.append(("told", str(exc)))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.fixture
def open_list(on_postgres):
    meeting = MeetingFactory()
    item = AgendaItemFactory(agenda__meeting=meeting)
    return services.speakers_list_open(meeting=meeting, by=SecretariatFactory(), agenda_item=item)


@pytest.mark.django_db(transaction=True)
def test_delegations_inscribing_at_the_same_moment_all_get_distinct_places_in_order(open_list):
    meeting = open_list.meeting
    delegations = [
        ApprovedDelegationFactory(meeting=meeting, country=code, category=category)
        for code, category in [
            ("NO", Category.STATE_PARTY),
            ("AU", Category.SIGNATORY),
            ("TH", Category.OBSERVER_STATE),
            ("IE", Category.STATE_PARTY),
            ("JP", Category.STATE_PARTY),
            ("CL", Category.SIGNATORY),
        ]
    ]

    outcomes = run_at_once(
        [
            (lambda d=d: services.speaker_inscribe(speakers_list=open_list, delegation=d, by=d.created_by).pk)
            for d in delegations
        ]
    )

    assert [kind for kind, _ in outcomes] == ["ok"] * len(delegations)
    entries = list(
        SpeakerEntry.objects.filter(speakers_list=open_list).select_related("delegation").order_by("position")
    )
    assert [e.position for e in entries] == [1, 2, 3, 4, 5, 6]
    categories = [e.delegation.category for e in entries]
    assert categories == sorted(categories)
    for category in set(categories):
        times = [e.inscribed_at for e in entries if e.delegation.category == category]
        assert times == sorted(times)


@pytest.mark.django_db(transaction=True)
def test_one_delegation_inscribing_twice_at_the_same_moment_gets_one_place_and_a_message(open_list):
    delegation = ApprovedDelegationFactory(meeting=open_list.meeting, country="NO")

    def inscribe():
        return services.speaker_inscribe(speakers_list=open_list, delegation=delegation, by=delegation.created_by).pk

    outcomes = run_at_once([inscribe, inscribe])

    assert sorted(kind for kind, _ in outcomes) == ["ok", "told"]
    assert "already on this list" in next(text for kind, text in outcomes if kind == "told")
    assert SpeakerEntry.objects.filter(speakers_list=open_list).count() == 1
