"""Article 7 reports and the compiled figures as stored PDFs (ccm_portal/jobs).

No reader's request renders a report. Three kinds of copy:

- the public PDF of a published report (its public forms only), which anonymous visitors
  download: rendered in the background when the report is published and when what it prints
  changes (services call `refresh_public_when_committed`); a visitor is served the last good
  copy meanwhile, and the copy is compared with the data at most every few minutes
  (`due_for_check`), so a change made without a service (a correction in the shell) still shows;
- the full PDF the state's contact points and the secretariat read (every form, drafts too):
  rendered on request when the report changed since its last copy (the reader waits a few
  seconds on the 'being prepared' page); a report that no longer changes is served its copy;
- the compiled figures' annex (secretariat), rendered on request when the figures or the day
  changed, and in the background when a report is acknowledged (if a copy of it exists).

Renders in the background are kept to what anonymous visitors need: a report goes through its
steps in a few requests, and each step would make a full copy nobody may read.

A report's PDF is in the report's language, whoever reads it (reporting/pdfs.py), so each report
has one copy per variant; the annex one per reader's language. A fingerprint is a hash of the
HTML the PDF is made from (which prints every figure, the contact points and a date of the data),
with the report's status and version: the same data gives the same fingerprint in every process,
and a render is never repeated. Registered in ReportingConfig.ready.
"""

import hashlib
import re
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from ccm_portal.jobs import services as jobs
from ccm_portal.jobs.models import RenderJob
from ccm_portal.jobs.registry import Rendered
from ccm_portal.pdf import html_to_pdf

from . import pdfs
from .models import Report

PUBLIC_KIND = "reporting.public_report"
PRIVATE_KIND = "reporting.report"
COMPILED_KIND = "reporting.compiled"
KINDS = (PUBLIC_KIND, PRIVATE_KIND, COMPILED_KIND)
COMPILED_FILENAME = "article-7-compiled-figures.pdf"


def check_seconds() -> int:
    """How often a public copy is compared with the data, at most (seconds)."""
    return getattr(settings, "REPORTING_PDF_CHECK_SECONDS", 300)


def report_filename(report: Report) -> str:
    return f"article-7-{report.state.country.code}-{report.kind}-{report.period_to.year}.pdf"


def report_language(report: Report) -> str:
    """The language of a report's renders: the one it was submitted in."""
    return jobs.render_language(pdfs.report_catalogue(report))


# The element ids of the SVG charts (ccm_portal/charts.py) count up in each process: the same figures
# give other ids in the next drawing. They are left out of the annex's fingerprint.
CHART_IDS = re.compile(r"\bchart-\d+")


def _fingerprint(html: str, report: Report | None = None) -> str:
    html = CHART_IDS.sub("chart", html)
    parts = [html] if report is None else [report.status, str(report.version), html]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _kind(public: bool) -> str:
    return PUBLIC_KIND if public else PRIVATE_KIND


def report_key(report_pk: int, *, public: bool) -> str:
    return f"{_kind(public)}:{report_pk}"


def report_fingerprint(report: Report, *, public: bool) -> tuple[str, str]:
    """(html, fingerprint) of the report's PDF as the data stands."""
    html = pdfs.report_html(report, public=public)
    return html, _fingerprint(html, report)


def request_report_pdf(report: Report, *, public: bool, by=None) -> tuple[RenderJob, str]:
    """The stored copy of the report's PDF as the data stands, or the job rendering it (queued if
    need be); (job, how) as jobs.request_render."""
    _html, fingerprint = report_fingerprint(report, public=public)
    return jobs.request_render(
        kind=_kind(public),
        meeting=None,
        key=report_key(report.pk, public=public),
        params={"report": report.pk},
        fingerprint=fingerprint,
        filename=report_filename(report),
        by=by,
        language=report_language(report),
    )


def last_good(report: Report, *, public: bool) -> RenderJob | None:
    """The newest finished copy of the report's PDF, whatever data it was made from."""
    return jobs.last_good(meeting=None, key=report_key(report.pk, public=public), language=report_language(report))


def due_for_check(report: Report) -> bool:
    """True once every few minutes per report: time to compare its public copy with the data."""
    return cache.add(f"reporting-pdf-checked:{report.pk}", 1, timeout=check_seconds())


def request_compiled_pdf(*, by=None, language: str | None = None) -> tuple[RenderJob, str]:
    """The stored copy of the compiled figures' annex in `language` (the active one by default) as the
    figures stand, or the job rendering it."""
    language = jobs.render_language(language)
    with translation.override(language):
        fingerprint = _fingerprint(pdfs.compiled_html())
    return jobs.request_render(
        kind=COMPILED_KIND,
        meeting=None,
        key=COMPILED_KIND,
        params={},
        fingerprint=fingerprint,
        filename=COMPILED_FILENAME,
        by=by,
        language=language,
    )


def refresh_public(report_pk: int) -> None:
    """Render, in the background, the public copy of a published report whose data changed."""
    report = Report.objects.select_related("state").filter(pk=report_pk).first()
    if report is not None and report.status == Report.Status.PUBLISHED:
        request_report_pdf(report, public=True)


def refresh_compiled() -> None:
    """Render the annex again, in the background, in every language a copy of it exists in."""
    done = RenderJob.objects.filter(meeting=None, key=COMPILED_KIND, status=RenderJob.Status.DONE)
    for language in sorted({jobs.job_language(job) for job in done.only("params")[:50]}):
        request_compiled_pdf(language=language)


def refresh_public_when_committed(report_pk: int) -> None:
    """Refresh a published report's public copy once the transaction commits."""
    transaction.on_commit(partial(refresh_public, report_pk))


def refresh_compiled_when_committed() -> None:
    """Refresh the annex's copies once the transaction commits (a report's figures now count)."""
    transaction.on_commit(refresh_compiled)


def refresh_state_when_committed(state_id: int) -> None:
    """The contact points a state's reports print changed: refresh its published reports' public copies."""

    def refresh():
        for pk in Report.objects.filter(state_id=state_id, status=Report.Status.PUBLISHED).values_list("pk", flat=True):
            refresh_public(pk)

    transaction.on_commit(refresh)


def render(job: RenderJob, progress) -> Rendered:
    """The renderer of every reporting job: the data as it stands when the job runs."""
    progress(10, _("Laying out the document"))
    if job.kind == COMPILED_KIND:
        html = pdfs.compiled_html()
        fingerprint = _fingerprint(html)
    else:
        public = job.kind == PUBLIC_KIND
        report = Report.objects.select_related("state").filter(pk=job.params.get("report")).first()
        if report is None:
            raise LookupError(_("This report no longer exists."))
        if public and report.status != Report.Status.PUBLISHED:
            raise LookupError(_("This report is not published."))
        html, fingerprint = report_fingerprint(report, public=public)
    progress(30, _("Drawing the PDF"))
    return Rendered(content=html_to_pdf(html), fingerprint=fingerprint)
