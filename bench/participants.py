"""Benchmark of the list of participants, badges and stored copies at the size of a real meeting.

    .venv/bin/python bench/participants.py

Creates, in a throwaway SQLite database, a meeting with 150 approved delegations
and 1,500 approved participants (names in Latin with accents, Cyrillic, Arabic and
Chinese scripts), then prints one figure per line:

    lop_page_ms          staff list page, all 1,500 rows (median of 3 after a warm-up)
    lop_page_queries     database queries of that page
    lop_page_queries_15  the same page for a meeting with 15 participants
    lop_pdf_s            list of participants PDF (complete list), rendered by its job (laid out
                         once, its pages written on every core and merged)
    lop_single_pdf_s     the same list written in one piece, on one core
    badges_pdf_s         all 1,500 badges, rendered by their job (chunks on every core, merged)
    badges_single_pdf_s  the same badges in one chunk, on one core
    baseline_pdf_s       WeasyPrint alone on a bare page with the same text, headings and fonts
                         (bench/support/baselines.py: no header block, no page numbers)
    lop_pdf_ratio        lop_pdf_s / baseline_pdf_s
    badges_baseline_pdf_s  WeasyPrint alone, one process, on the same badge sheets
    badges_ratio         badges_pdf_s / badges_baseline_pdf_s
    cached_pdf_ms        asking again for the unchanged list: served from the stored copy
"""

import atexit
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Off the path: this folder holds http.py, which would stand in for the standard library's http.
sys.path[:] = [str(ROOT), *(entry for entry in sys.path if Path(entry).resolve() != ROOT / "bench")]
WORKDIR = tempfile.mkdtemp(prefix="ccm-bench-")
atexit.register(lambda: shutil.rmtree(WORKDIR, ignore_errors=True))  # whatever ends the run
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccm_portal.settings.test")
os.environ.pop("CELERY_BROKER_URL", None)

import django  # noqa: E402
from django.conf import settings  # noqa: E402

# Private files go to WORKDIR too, removed at the end. Before setup: the file fields take their
# storage (the "private" alias) when the models load.
settings.PRIVATE_MEDIA_ROOT = Path(WORKDIR) / "private"
settings.STORAGES = {
    **settings.STORAGES,
    "private": {**settings.STORAGES["private"], "OPTIONS": {"location": settings.PRIVATE_MEDIA_ROOT}},
}
django.setup()


from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.support.people import create_meeting  # noqa: E402
from ccm_portal.accounts.models import User  # noqa: E402
from tests.accounts.helpers import SecondFactorClient  # noqa: E402


def check(condition: bool, message) -> None:
    if not condition:
        raise SystemExit(f"benchmark setup failed: {message}")


def median_ms(function, runs: int = 3) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def page_figures(client: SecondFactorClient, url: str) -> tuple[float, int]:
    client.get(url)  # warm-up: templates compiled, caches filled
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    # Counted at the cursor: Django clears its own query log when a request starts.
    with connection.execute_wrapper(count):
        response = client.get(url)
    check(response.status_code == 200, response.status_code)
    return median_ms(lambda: client.get(url)), len(executed)


def main():
    from bench.support.baselines import badges_baseline_html, lop_baseline_html
    from ccm_portal.jobs import chunks
    from ccm_portal.jobs.models import RenderJob
    from ccm_portal.pdf import html_to_pdf
    from delegations import badges, lists, selectors_lists, services_lists
    from delegations.renderers import lop_pdf_context

    call_command("migrate", verbosity=0)
    settings.RENDER_JOBS_RUNNER = "inline"  # the job runs in this process, so its time is measurable
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    staff = User.objects.create_user(
        email="secretariat@bench.example", password="bench", full_name="Bench Secretariat", role="secretariat"
    )
    meeting = create_meeting("bench-1500", 150, 10, staff)
    small = create_meeting("bench-15", 3, 5, staff)
    check(len(selectors_lists.staff_participants(meeting)) == 1500, "1,500 participants")
    check(len(selectors_lists.staff_participants(small)) == 15, "15 participants")

    client = SecondFactorClient()  # its force_login passes the secretariat's second factor
    client.force_login(staff)
    lop_page_ms, lop_page_queries = page_figures(client, reverse("delegations:lop_staff", args=[meeting.slug]))
    _small_ms, lop_page_queries_15 = page_figures(client, reverse("delegations:lop_staff", args=[small.slug]))

    # WeasyPrint loads fontconfig and the fonts once per process; both sides start warm.
    html_to_pdf("<p>Warm-up: Zoë Иван محمد 王</p>")

    bare = lop_baseline_html(lop_pdf_context(meeting, "complete"))

    def render_lop(chunk_rows: int = chunks.DEFAULT_CHUNK_ROWS):
        settings.RENDER_CHUNK_ROWS = chunk_rows
        RenderJob.objects.filter(kind=lists.LOP_KIND).delete()
        job, how = services_lists.request_lop_pdf(meeting=meeting, variant="complete", by=staff)
        job.refresh_from_db()
        check(how == "queued" and job.status == "done", (how, job.status, job.error))

    baseline, lop, lop_single = [], [], []
    for _ in range(3):  # interleaved, so that a busy moment on the machine hits all alike
        started = time.perf_counter()
        html_to_pdf(bare)
        baseline.append(time.perf_counter() - started)
        started = time.perf_counter()
        render_lop()
        lop.append(time.perf_counter() - started)
        started = time.perf_counter()
        render_lop(10**9)
        lop_single.append(time.perf_counter() - started)
    baseline_pdf_s, lop_pdf_s = statistics.median(baseline), statistics.median(lop)
    lop_single_pdf_s = statistics.median(lop_single)

    def render_badges(chunk_rows: int) -> float:
        settings.RENDER_CHUNK_ROWS = chunk_rows
        RenderJob.objects.filter(kind=badges.BADGES_KIND).delete()
        badges.qr_image.cache_clear()  # every QR code drawn from scratch, as on a first print run
        started = time.perf_counter()
        job, how = services_lists.request_badges(meeting=meeting, params={"set": "all"}, by=staff)
        took = time.perf_counter() - started
        job.refresh_from_db()
        check(how == "queued" and job.status == "done" and job.meta.get("count") == 1500, job.error)
        return took

    # One process (no chunk) against the default: chunks drawn on every core and merged.
    badges_single_pdf_s = render_badges(10**9)
    badges_pdf_s = render_badges(chunks.DEFAULT_CHUNK_ROWS)

    # The same sheets, QR codes drawn again too, by one WeasyPrint call in this process.
    badges.qr_image.cache_clear()
    started = time.perf_counter()
    html_to_pdf(badges_baseline_html(meeting, selectors_lists.badge_participants(meeting, {"set": "all"})))
    badges_baseline_pdf_s = time.perf_counter() - started

    url = reverse("delegations:lop_pdf", args=[meeting.slug, "complete"])

    def fetch_stored():
        response = client.get(url)
        check(response.status_code == 200 and response["Content-Type"] == "application/pdf", response.status_code)
        b"".join(response.streaming_content)

    fetch_stored()
    cached_pdf_ms = median_ms(fetch_stored, runs=5)

    print(f"lop_page_ms {lop_page_ms:.1f}")
    print(f"lop_page_queries {lop_page_queries}")
    print(f"lop_page_queries_15 {lop_page_queries_15}")
    print(f"lop_pdf_s {lop_pdf_s:.2f}")
    print(f"lop_single_pdf_s {lop_single_pdf_s:.2f}")
    print(f"badges_pdf_s {badges_pdf_s:.2f}")
    print(f"badges_single_pdf_s {badges_single_pdf_s:.2f}")
    print(f"baseline_pdf_s {baseline_pdf_s:.2f}")
    print(f"lop_pdf_ratio {lop_pdf_s / baseline_pdf_s:.2f}")
    print(f"badges_baseline_pdf_s {badges_baseline_pdf_s:.2f}")
    print(f"badges_ratio {badges_pdf_s / badges_baseline_pdf_s:.2f}")
    print(f"cached_pdf_ms {cached_pdf_ms:.1f}")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
