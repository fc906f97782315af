"""Benchmark: the public programme-of-work page of a full meeting.

A meeting of 4 days with 40 sessions in 5 rooms, 20 agenda items and 300
entries on 15 lists of speakers; a second meeting with 4 sessions shows that
the page runs the same number of queries whatever the size of the programme.

    .venv/bin/python bench/programme.py

Prints one figure per line: programme_page_ms (median of 25 requests),
programme_page_queries and programme_page_queries_4_sessions.
"""

import atexit
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Off the path: this folder holds http.py, which would stand in for the standard library's http.
sys.path[:] = [str(ROOT), *(entry for entry in sys.path if Path(entry).resolve() != ROOT / "bench")]
WORKDIR = tempfile.mkdtemp(prefix="ccm-bench-programme-")
atexit.register(shutil.rmtree, WORKDIR, ignore_errors=True)
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR}/bench.sqlite3"
# A render that a change starts (the agenda, the programme) runs in this thread: a background
# thread writing to the same SQLite file meanwhile would lock it ("database is locked").
os.environ["RENDER_JOBS_RUNNER"] = "inline"
os.environ.pop("CELERY_BROKER_URL", None)
os.environ["DJANGO_SETTINGS_MODULE"] = "ccm_portal.settings.test"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from ccm_portal.accounts.models import User  # noqa: E402
from ccm_portal.meetings.models import Category, Meeting  # noqa: E402
from delegations.models import Delegation  # noqa: E402
from sessions import services  # noqa: E402
from sessions.models import MeetingSession, Room, SpeakerEntry, SpeakersList, ThematicArea  # noqa: E402

STATES = ["NO", "IE", "MX", "JP", "FR", "NZ", "CH", "AU", "CL", "TH", "KH", "LA", "LB", "AF", "EC"]
STATES += ["VA", "AT", "BE", "DK", "ES", "IT", "PT", "SE", "FI", "NL", "GH", "ML", "SN", "UY", "PE"]
AREAS = [area for area, _label in ThematicArea.choices]
RUNS = 25


def build(slug: str, *, sessions: int, items: int, lists: int, speakers_per_list: int, by: User) -> Meeting:
    now = timezone.now()
    meeting = Meeting.objects.create(
        kind=Meeting.Kind.MSP,
        title=f"Benchmark meeting {slug}",
        short_title=slug.upper(),
        slug=slug,
        symbol_prefix="CCM/MSP/2010",
        city="Vientiane",
        country="LA",
        start_date=date(2010, 11, 9),
        end_date=date(2010, 11, 12),
        time_zone="Asia/Vientiane",
        registration_opens=now - timedelta(days=30),
        registration_deadline=now + timedelta(days=30),
        official_languages=["en"],
    )
    rooms = [Room.objects.create(meeting=meeting, name=f"Room {n}", capacity=100 + 50 * n) for n in range(5)]
    agenda = services.agenda_for(meeting)
    agenda_items = [
        services.agenda_item_add(
            agenda=agenda, by=by, data={"title": f"Agenda item {n}", "thematic_area": AREAS[n % len(AREAS)]}
        )
        for n in range(items)
    ]
    for n in range(sessions):
        day, slot, room = n // 10 % 4, n % 10 // 5, rooms[n % 5]
        starts = datetime.combine(meeting.start_date + timedelta(days=day), clock(10 + 5 * slot), tzinfo=meeting.tzinfo)
        session = MeetingSession.objects.create(
            meeting=meeting,
            kind=MeetingSession.Kind.THEMATIC,
            title=f"Session {n}",
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            room=room,
            chair="The President",
        )
        session.agenda_items.set([agenda_items[n % items], agenda_items[(n + 1) % items]])
    delegations = [
        Delegation.objects.create(
            meeting=meeting,
            kind=Delegation.Kind.STATE,
            country=code,
            sort_name=code,
            category=Category.STATE_PARTY if n % 3 else Category.SIGNATORY,
            status=Delegation.Status.APPROVED,
            created_by=by,
        )
        for n, code in enumerate(STATES[: max(speakers_per_list, 1)])
    ]
    for n in range(lists):
        speakers_list = SpeakersList.objects.create(meeting=meeting, agenda_item=agenda_items[n % items])
        SpeakerEntry.objects.bulk_create(
            SpeakerEntry(speakers_list=speakers_list, delegation=delegation, position=position, inscribed_by=by)
            for position, delegation in enumerate(delegations[:speakers_per_list], start=1)
        )
    return meeting


def measure(client: Client, url: str) -> tuple[float, int]:
    for _ in range(3):
        client.get(url)
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return statistics.median(timings), len(captured)


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    by = User.objects.create_user(email="bench@example.org", full_name="Bench", role=User.Role.SECRETARIAT)
    full = build("bench-40", sessions=40, items=20, lists=15, speakers_per_list=20, by=by)
    small = build("bench-4", sessions=4, items=4, lists=2, speakers_per_list=5, by=by)
    assert MeetingSession.objects.filter(meeting=full).count() == 40
    assert SpeakerEntry.objects.filter(speakers_list__meeting=full).count() == 300

    client = Client()
    full_ms, full_queries = measure(client, reverse("ccm_sessions:programme", args=[full.slug]))
    _small_ms, small_queries = measure(client, reverse("ccm_sessions:programme", args=[small.slug]))
    print(f"programme_page_ms {full_ms:.1f}")
    print(f"programme_page_queries {full_queries}")
    print(f"programme_page_queries_4_sessions {small_queries}")


if __name__ == "__main__":
    main()
