"""Benchmark: the PDF of a 100-paragraph action plan, and comparing two revisions of it.

Run: .venv/bin/python bench/outcomes.py
Prints one line per figure: `outcome_pdf_s` (goal < 3 s), `outcome_pdf_ua_s` (the
tagged PDF/UA of the published text), `compare_ms` (two revisions with 20 changed
paragraphs, goal < 200 ms) and `compare_page_ms` (the comparison page, rendered).
"""

import atexit
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Off the path: this folder holds http.py, which would stand in for the standard library's http.
sys.path[:] = [str(ROOT), *(entry for entry in sys.path if Path(entry).resolve() != ROOT / "bench")]
os.environ["DJANGO_SETTINGS_MODULE"] = "ccm_portal.settings.test"
WORKDIR = tempfile.mkdtemp(prefix="ccm-bench-")
atexit.register(shutil.rmtree, WORKDIR, ignore_errors=True)
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR}/bench.sqlite3"
# Renders that circulating or publishing starts run in this thread: a background thread writing
# to the same SQLite file meanwhile would lock it ("database is locked").
os.environ["RENDER_JOBS_RUNNER"] = "inline"
os.environ.pop("CELERY_BROKER_URL", None)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from ccm_portal.accounts.models import User  # noqa: E402
from ccm_portal.meetings.models import Meeting  # noqa: E402
from outcomes import pdfs, services  # noqa: E402
from outcomes.compare import compare_snapshots  # noqa: E402
from tests.accounts.helpers import SecondFactorClient  # noqa: E402


def timed(function, repeat: int) -> float:
    """Median seconds of `repeat` runs."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def build():
    call_command("migrate", verbosity=0)
    now = timezone.now()
    meeting = Meeting.objects.create(
        kind="msp",
        number=1,
        title="First Meeting of States Parties to the Convention on Cluster Munitions",
        short_title="1MSP",
        slug="1msp",
        symbol_prefix="CCM/MSP/2010",
        city="Vientiane",
        country="LA",
        start_date=date(2010, 11, 9),
        end_date=date(2010, 11, 12),
        time_zone="Asia/Vientiane",
        registration_opens=now - timedelta(days=30),
        registration_deadline=now + timedelta(days=30),
        official_languages=["en", "fr", "es"],
    )
    secretariat = User.objects.create_user(
        email="bench@ccm-portal.example", password="bench-password-2010", full_name="Bench", role="secretariat"
    )
    plan = services.document_create(
        meeting=meeting,
        by=secretariat,
        kind="action_plan",
        title="Vientiane Action Plan",
        agenda_item="Item 10: Consideration of documents",
    )
    sections = list(plan.sections.order_by("position"))
    paragraphs = []
    for n in range(100):
        section = sections[n * len(sections) // 100]
        if n % 12 == 0:
            kind, text = (
                "lead_in",
                "States Parties with cluster munition victims in areas under their jurisdiction will:",
            )
        elif n % 12 == 1:
            kind, text = (
                "operative",
                (
                    f"Paragraph {n}: the States Parties recognise the importance of *national ownership* and of "
                    "cooperation with survivors, international organisations and civil society.[^See Article 5.]"
                ),
            )
        else:
            kind, text = (
                "action",
                (
                    f"Take measure {n} to collect data on victims broken down by sex and age, assess their needs, and "
                    "report every year on the progress made, in line with the national plan and budget."
                ),
            )
        paragraphs.append(services.paragraph_add(document=plan, section=section, by=secretariat, kind=kind, text=text))
    first = services.document_circulate(
        document=plan, by=secretariat, comment_deadline=now + timedelta(days=30), notify=False
    )
    for paragraph in paragraphs[::5]:  # 20 paragraphs change
        services.paragraph_update(
            paragraph=paragraph,
            by=secretariat,
            text=paragraph.text.replace("every year", "each year by 30 April")
            .replace("importance", "vital role")
            .replace("will:", "shall:"),
            expected_version=paragraph.version,
        )
    second = services.document_circulate(
        document=plan, by=secretariat, comment_deadline=now + timedelta(days=40), notify=False
    )
    return plan, secretariat, first, second


def main():
    plan, secretariat, first, second = build()

    pdf_s = timed(lambda: pdfs.document_pdf(plan, second), repeat=3)

    comparison = compare_snapshots(first.snapshot, second.snapshot)
    assert comparison.counts["changed"] == 20, comparison.counts
    compare_s = timed(lambda: compare_snapshots(first.snapshot, second.snapshot), repeat=20)

    client = SecondFactorClient(HTTP_HOST="127.0.0.1")  # force_login passes the second factor
    client.force_login(secretariat)
    url = f"/outcomes/{plan.pk}/compare/?from=0&to=1"
    assert client.get(url).status_code == 200
    page_s = timed(lambda: client.get(url), repeat=5)

    services.mark_all_agreed(document=plan, by=secretariat)
    adopted = services.document_adopt(document=plan, by=secretariat)
    services.document_publish(document=plan, by=secretariat)
    plan.refresh_from_db()
    pdf_ua_s = timed(lambda: pdfs.document_pdf(plan, adopted), repeat=3)

    print(f"outcome_pdf_s {pdf_s:.2f}")
    print(f"outcome_pdf_ua_s {pdf_ua_s:.2f}")
    print(f"compare_ms {compare_s * 1000:.1f}")
    print(f"compare_page_ms {page_s * 1000:.1f}")


if __name__ == "__main__":
    main()
