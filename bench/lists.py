"""Benchmark of the secretariat's long lists, exports and statistics at 5,000 participants.

    .venv/bin/python bench/lists.py

Creates, in a throwaway SQLite database (removed at the end), two meetings of 250
delegations and 5,000 participants each: one where everything is approved (the staff
list, the exports and the statistics read it) and one where every delegation is
submitted and every participant pending (the accreditation dashboard's worst case).
Then prints one figure per line, each the median of 5 requests after a warm-up,
through the Django test client with DEBUG off:

    dashboard_5000_ms    the accreditation dashboard, everyone pending
    dashboard_5000_kb    its HTML (the first page)
    staff_list_5000_ms   the staff list of participants
    staff_list_5000_kb   its HTML (the first page)
    csv_5000_ms          the CSV export of the 5,000 participants, every byte read
    xlsx_5000_ms         the XLSX export of the same
    statistics_5000_ms   the statistics page (its table and charts)
"""

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Not bench/ itself: its http.py would stand in for the standard library's http package.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
# Off the path: this folder holds http.py, which would stand in for the standard library's http.
sys.path[:] = [str(ROOT), *(entry for entry in sys.path if Path(entry).resolve() != ROOT / "bench")]
WORKDIR = tempfile.mkdtemp(prefix="ccm-bench-lists-")
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccm_portal.settings.test")
os.environ.pop("CELERY_BROKER_URL", None)

import django  # noqa: E402
from django.conf import settings  # noqa: E402

settings.PRIVATE_MEDIA_ROOT = Path(WORKDIR) / "private"
settings.STORAGES = {
    **settings.STORAGES,
    "private": {**settings.STORAGES["private"], "OPTIONS": {"location": settings.PRIVATE_MEDIA_ROOT}},
}
django.setup()

import itertools  # noqa: E402
import random  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_countries import countries  # noqa: E402

from bench.support.people import bench_meeting, keyed  # noqa: E402
from ccm_portal.accounts.models import User  # noqa: E402
from ccm_portal.meetings.models import Category, Meeting, Organisation  # noqa: E402
from delegations.models import Delegation, Participant  # noqa: E402
from tests.accounts.helpers import pass_second_factor  # noqa: E402

GIVEN = ["José", "François", "Zoë", "Søren", "Łukasz", "Anaïs", "Иван", "Ольга", "محمد", "فاطمة", "伟", "芳"]
FAMILY = ["Müller", "Dupont", "García Márquez", "Kowalczyk", "Ødegård", "Иванов", "Петрова", "العلي", "王", "李"]
FUNCTIONS = [
    "Ambassador, Permanent Representative to the United Nations Office at Geneva",
    "Counsellor",
    "First Secretary, Permanent Mission",
    "Adviser, Ministry of Defence",
    "Legal Adviser",
]
# One head per delegation (a constraint), then the other roles in turn.
ROLES = ["representative", "alternate", "alternate", "adviser", "adviser", "adviser", "expert"]
DELEGATIONS = 250
PER_DELEGATION = 20
RUNS = 5


def create_meeting(slug: str, creator: User, *, pending: bool) -> Meeting:
    meeting = bench_meeting(slug)
    status = Delegation.Status.SUBMITTED if pending else Delegation.Status.APPROVED
    codes = [code for code, _name in countries][:197]
    rows = [
        Delegation(
            meeting=meeting,
            kind="state",
            country=code,
            sort_name=str(dict(countries)[code]),
            category=[Category.STATE_PARTY, Category.SIGNATORY, Category.OBSERVER_STATE][index % 3],
            status=status,
            created_by=creator,
        )
        for index, code in enumerate(codes)
    ]
    for index in range(DELEGATIONS - len(codes)):
        organisation, _created = Organisation.objects.get_or_create(
            name=f"Organisation for Humanitarian Action {index + 1:03d}", defaults={"kind": "civil_society"}
        )
        rows.append(
            Delegation(
                meeting=meeting,
                kind="civil_society",
                organisation=organisation,
                sort_name=organisation.name,
                category=Category.RULE_1_2 if index % 5 == 0 else Category.RULE_1_3,
                status=status,
                created_by=creator,
            )
        )
    rng = random.Random(2010)
    counter = itertools.count()
    participants = []
    for delegation in Delegation.objects.bulk_create(keyed(rows)):
        for role in ["head", *(ROLES * 3)][:PER_DELEGATION]:
            n = next(counter)
            participants.append(
                Participant(
                    delegation=delegation,
                    title=rng.choice(["Mr.", "Ms.", "H.E. Mr.", "H.E. Ms.", "Dr."]),
                    given_name=rng.choice(GIVEN),
                    family_name=rng.choice(FAMILY),
                    function=rng.choice(FUNCTIONS),
                    role=role,
                    role_order=Participant.ROLE_ORDER[role],
                    email=f"participant{n}@{slug}.example",
                    gender=rng.choice(["female", "male", "female", "male", "other"]),
                    public_consent=rng.random() < 0.85,
                    status=Participant.Status.PENDING if pending else Participant.Status.APPROVED,
                )
            )
    Participant.objects.bulk_create(keyed(participants), batch_size=500)
    return meeting


def check(condition: bool, message) -> None:
    if not condition:
        raise SystemExit(f"benchmark setup failed: {message}")


def fetch(client: Client, url: str) -> bytes:
    response = client.get(url)
    check(response.status_code == 200, (url, response.status_code))
    return b"".join(response.streaming_content) if response.streaming else response.content


def figures(client: Client, url: str) -> tuple[float, float]:
    """(median ms, kB of the body) of a GET, after a warm-up."""
    body = fetch(client, url)
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fetch(client, url)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), len(body) / 1000


def main():
    call_command("migrate", verbosity=0)
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    staff = User.objects.create_user(
        email="secretariat@bench.example", password="bench", full_name="Bench Secretariat", role="secretariat"
    )
    approved = create_meeting("bench-approved", staff, pending=False)
    pending = create_meeting("bench-pending", staff, pending=True)
    check(Participant.objects.filter(delegation__meeting=approved).count() == 5000, "5,000 approved")
    check(Participant.objects.filter(delegation__meeting=pending).count() == 5000, "5,000 pending")

    client = Client()
    client.force_login(staff)
    pass_second_factor(client, staff)  # the secretariat's pages ask for the second factor
    dashboard_ms, dashboard_kb = figures(client, reverse("delegations:dashboard", args=[pending.slug]))
    staff_ms, staff_kb = figures(client, reverse("delegations:lop_staff", args=[approved.slug]))
    csv_ms, _kb = figures(client, reverse("delegations:export_csv", args=[approved.slug]))
    xlsx_ms, _kb = figures(client, reverse("delegations:export_xlsx", args=[approved.slug]))
    statistics_ms, _kb = figures(client, reverse("delegations:statistics", args=[approved.slug]))

    print(f"dashboard_5000_ms {dashboard_ms:.1f}")
    print(f"dashboard_5000_kb {dashboard_kb:.1f}")
    print(f"staff_list_5000_ms {staff_ms:.1f}")
    print(f"staff_list_5000_kb {staff_kb:.1f}")
    print(f"csv_5000_ms {csv_ms:.1f}")
    print(f"xlsx_5000_ms {xlsx_ms:.1f}")
    print(f"statistics_5000_ms {statistics_ms:.1f}")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
