"""Benchmark: a meeting's documents page and the API's list of them, and the final report's PDF.

    .venv/bin/python -P bench/documents.py

Creates, in a throwaway SQLite database (removed at the end), a meeting of 150 accredited
delegations and 1,500 participants with an adopted agenda of 12 items, 300 issued documents
(main series, working papers with revisions, information documents, conference room papers),
each with its title and its file in the six languages, an adopted declaration, and the final
report drafted by the portal and circulated. Then prints one figure per line, each the median
of repeated runs after a warm-up, with its spread (slowest minus fastest run):

    documents_page_ms        /meetings/<slug>/documents/, first page (25 documents), anonymous
    documents_page_queries   its queries
    api_documents_ms         /api/v1/meetings/<slug>/documents/, first page (50 documents)
    final_report_pdf_s       the final report's PDF with its four annexes
    final_report_pdf_pages   its pages

Symbols are issued through the register's services (ccm_portal/documents/services.py), which
number them under a lock; the language files are rows only (the pages and the API list them
without opening them).
"""

import atexit
import io
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Off the path: this folder holds http.py, which would stand in for the standard library's http.
sys.path[:] = [str(ROOT), *(entry for entry in sys.path if Path(entry).resolve() != ROOT / "bench")]
os.environ["DJANGO_SETTINGS_MODULE"] = "ccm_portal.settings.test"
WORKDIR = tempfile.mkdtemp(prefix="ccm-bench-documents-")
atexit.register(shutil.rmtree, WORKDIR, ignore_errors=True)
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR}/bench.sqlite3"
# Renders that circulating starts run in this thread: a background thread writing to the same
# SQLite file meanwhile would lock it ("database is locked").
os.environ["RENDER_JOBS_RUNNER"] = "inline"
os.environ.pop("CELERY_BROKER_URL", None)
# The API's per-client rate limit (default 120/min) would answer the timed runs with 429.
os.environ["DJANGO_API_RATE_LIMIT"] = "100000/min"

import django  # noqa: E402

django.setup()

from django.db.backends.signals import connection_created  # noqa: E402


def _no_fsync(sender, connection, **kwargs):
    # A throwaway database: its commits need not reach the disk (the setting up, hundreds of
    # small transactions, would wait on a busy disk; the timed reads and renders commit nothing).
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous = OFF")


connection_created.connect(_no_fsync)

from datetime import timedelta  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from bench.support.people import create_meeting  # noqa: E402
from ccm_portal.accounts.models import User  # noqa: E402
from ccm_portal.documents import services as register  # noqa: E402
from ccm_portal.documents.models import MATRIX_LANGUAGES, Document, DocumentFile, Series, Suffix  # noqa: E402
from delegations.models import Delegation, Participant  # noqa: E402
from outcomes import pdfs  # noqa: E402
from outcomes import services as outcome_services  # noqa: E402
from proceedings import services as proceedings  # noqa: E402
from sessions import services as sessions_services  # noqa: E402

DOCUMENTS = 300
DELEGATIONS, PER_DELEGATION = 150, 10
PAGE_RUNS, API_RUNS, PDF_RUNS = 9, 9, 3
ITEMS = [
    "Opening of the Meeting",
    "Election of the President of the Meeting",
    "Adoption of the agenda",
    "Adoption of the rules of procedure",
    "Adoption of the programme of work",
    "Confirmation of the Secretary-General of the Meeting",
    "General exchange of views",
    "Universalization",
    "Victim assistance",
    "Clearance and risk reduction",
    "Stockpile destruction",
    "Consideration and adoption of the final report",
]
TITLES = {
    "en": "Report on the implementation of the Convention: national measures and cooperation, part {n}",
    "fr": "Rapport sur la mise en œuvre de la Convention : mesures nationales et coopération, partie {n}",
    "es": "Informe sobre la aplicación de la Convención: medidas nacionales y cooperación, parte {n}",
    "ar": "تقرير عن تنفيذ الاتفاقية: التدابير الوطنية والتعاون، الجزء {n}",
    "ru": "Доклад об осуществлении Конвенции: национальные меры и сотрудничество, часть {n}",
    "zh_hans": "关于《公约》执行情况的报告：国家措施与合作，第{n}部分",
}
CREDENTIALS = ["original", "copy", "accepted", "none"]


def check(condition: bool, message) -> None:
    if not condition:
        raise SystemExit(f"benchmark setup failed: {message}")


def timed(function, runs: int) -> tuple[float, float]:
    """(median, slowest minus fastest) seconds of `runs` runs, after one run as a warm-up."""
    function()
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), max(seconds) - min(seconds)


def add_agenda(meeting, secretariat):
    agenda = sessions_services.agenda_for(meeting)
    for title in ITEMS:
        sessions_services.agenda_item_add(agenda=agenda, by=secretariat, data={"title": title})
    sessions_services.agenda_adopt(agenda=agenda, by=secretariat)
    return list(agenda.items.order_by("sort_order"))


def issue_documents(meeting, secretariat, items) -> None:
    """DOCUMENTS issued documents, numbered by the register: 12 of the main series, working papers
    (every fifth revised), information documents and conference room papers."""
    plan = [Series.MAIN] * 12 + [Series.WP] * 200 + [Series.INF] * 60 + [Series.CRP] * 28
    issued = []
    for n, series in enumerate(plan):
        if series == Series.WP and n % 5 == 0 and issued and issued[-1].series == Series.WP:
            document = register.document_reserve_suffix(
                parent=issued[-1], suffix=Suffix.REV, by=secretariat, issue=True
            )
        else:
            item = items[n % len(items)]
            document = register.document_reserve(
                meeting=meeting,
                series=series,
                by=secretariat,
                issue=True,
                category=Document.Category.WORKING_PAPER if series == Series.WP else Document.Category.INFORMATION,
                author="Multiple States" if n % 3 else "The President",
                author_states=["NO", "IE", "MX"] if n % 3 else [],
                agenda_item_number=item.document_number,
                agenda_item_title=item.title,
                title=TITLES["en"].format(n=n + 1),
                **{f"title_{code}": text.format(n=n + 1) for code, text in TITLES.items()},
            )
        issued.append(document)
    DocumentFile.objects.bulk_create(
        (
            DocumentFile(document=document, language=code, file=f"documents/{uuid.uuid4().hex}.pdf", size=250_000)
            for document in issued
            for code in MATRIX_LANGUAGES
        ),
        batch_size=500,
    )


def adopt_declaration(meeting, secretariat) -> None:
    declaration = outcome_services.document_create(
        meeting=meeting, by=secretariat, kind="declaration", title="Vientiane Declaration", agenda_item="Item 12"
    )
    section = declaration.sections.order_by("position").first()
    for n in range(10):
        outcome_services.paragraph_add(
            document=declaration,
            section=section,
            by=secretariat,
            kind="operative",
            text=f"Paragraph {n + 1}: the States Parties reaffirm their commitment to the Convention.",
        )
    outcome_services.document_circulate(
        document=declaration, by=secretariat, comment_deadline=timezone.now() + timedelta(days=7), notify=False
    )
    outcome_services.mark_all_agreed(document=declaration, by=secretariat)
    outcome_services.document_adopt(document=declaration, by=secretariat)


def build():
    call_command("migrate", verbosity=0)
    secretariat = User.objects.create_user(
        email="bench@ccm-portal.example", password="bench-password-2010", full_name="Bench", role="secretariat"
    )
    meeting = create_meeting("bench-documents", DELEGATIONS, PER_DELEGATION, secretariat)
    for index, status in enumerate(CREDENTIALS):
        ids = Delegation.objects.filter(meeting=meeting, kind="state").order_by("pk").values_list("pk", flat=True)
        Delegation.objects.filter(pk__in=list(ids)[index :: len(CREDENTIALS)]).update(credentials_status=status)
    items = add_agenda(meeting, secretariat)
    issue_documents(meeting, secretariat, items)
    adopt_declaration(meeting, secretariat)
    proceedings.particulars_save(
        meeting=meeting,
        by=secretariat,
        president="H.E. Mr. Bounkeut Sisavath",
        rules_of_procedure_symbol="CCM/MSP/2010/3",
    )
    report, _outcome = proceedings.final_report_draft(meeting=meeting, by=secretariat)
    revision = outcome_services.document_circulate(
        document=report, by=secretariat, comment_deadline=timezone.now() + timedelta(days=7), notify=False
    )
    report.refresh_from_db()
    check(Participant.objects.filter(delegation__meeting=meeting).count() == DELEGATIONS * PER_DELEGATION, "1,500")
    registered = Document.objects.issued().filter(meeting=meeting, files__isnull=False).distinct().count()
    check(registered == DOCUMENTS, ("300 issued documents with files", registered))
    check(DocumentFile.objects.filter(document__meeting=meeting).count() == DOCUMENTS * 6, "six languages each")
    return meeting, report, revision


def get(client: Client, url: str) -> bytes:
    response = client.get(url)
    check(response.status_code == 200, (url, response.status_code))
    return response.content


def main():
    meeting, report, revision = build()
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()  # anonymous: the public page and the open API

    page_url = f"/meetings/{meeting.slug}/documents/"
    body = get(client, page_url).decode()
    for code in MATRIX_LANGUAGES:  # 25 documents, each with a link in every language
        check(body.count(f'/pdf/{code}/" hreflang=') == 25, ("25 documents on the first page in", code))
    with CaptureQueriesContext(connection) as queries:
        get(client, page_url)
    # Counted now: every request's start empties the connection's query log the count reads.
    page_queries = len(queries)
    page_s, page_spread = timed(lambda: get(client, page_url), PAGE_RUNS)

    api_url = f"/api/v1/meetings/{meeting.slug}/documents/"
    check(len(json.loads(get(client, api_url))["items"]) == 50, "50 documents in the API's page")
    api_s, api_spread = timed(lambda: get(client, api_url), API_RUNS)

    pdf = pdfs.document_pdf(report, revision)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    check("Annex IV" in text and "Report on credentials" in text, "the final report's annexes")
    check("States Parties participated in the work of the Meeting" in text, "the participation paragraphs")
    pdf_s, pdf_spread = timed(lambda: pdfs.document_pdf(report, revision), PDF_RUNS)

    print(f"documents_page_ms {page_s * 1000:.1f}")
    print(f"documents_page_spread_ms {page_spread * 1000:.1f}")
    print(f"documents_page_queries {page_queries}")
    print(f"api_documents_ms {api_s * 1000:.1f}")
    print(f"api_documents_spread_ms {api_spread * 1000:.1f}")
    print(f"final_report_pdf_s {pdf_s:.2f}")
    print(f"final_report_pdf_spread_s {pdf_spread:.2f}")
    print(f"final_report_pdf_pages {len(PdfReader(io.BytesIO(pdf)).pages)}")


if __name__ == "__main__":
    main()
