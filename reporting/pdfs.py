"""The PDFs of the reporting app: a report in the official layout, and the compiled figures' annex.

A report is printed in the language it was submitted in (its cover page's language), whatever
the reader's; the annex in the reader's language. Both go through ccm_portal/pdf.py. Readers are
served stored copies of them (reporting/renderers.py), rendered in the background.

The date in a report's header is a date of its data, not of the render, so that the same report
gives the same PDF from one day to the next: the day it was published (the public PDF), else the
day it or one of its forms last changed. The annex is dated the day it is drawn.
"""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from ccm_portal.pdf import html_to_pdf

from . import selectors
from .charts import compiled_charts

REPORT_TEMPLATE = "reporting/pdf/report.html"
ANNEX_TEMPLATE = "reporting/pdf/compiled.html"

# The report's language as the portal's catalogues name it.
CATALOGUE = {"zh": "zh-hans"}


def report_catalogue(report) -> str:
    """The catalogue a report is printed in."""
    return CATALOGUE.get(report.language, report.language)


def _dated(report, entries, *, public: bool):
    if public and report.published_on:
        return report.published_on
    changed = [report.updated_at, *(entry.updated_at for entry in entries)]
    changed = [moment for moment in changed if moment is not None]
    return timezone.localdate(max(changed)) if changed else timezone.localdate()


def report_context(report, *, public: bool = False) -> dict:
    report = selectors.report_with_forms(report)
    every = list(report.entries.all())
    entries = [entry for entry in every if entry.is_public or not public]
    return {
        "report": report,
        "entries": entries,
        "victims": selectors.victims_of(report),
        "contacts": [
            contact.user.full_name for contact in selectors.contact_points("confirmed").filter(state=report.state)
        ],
        "today": _dated(report, every, public=public),
    }


def report_html(report, *, public: bool = False) -> str:
    """The HTML a report's PDF is made from, in the report's language."""
    with translation.override(report_catalogue(report)):
        return render_to_string(REPORT_TEMPLATE, report_context(report, public=public))


def report_pdf(report, *, public: bool = False) -> bytes:
    return html_to_pdf(report_html(report, public=public))


def compiled_context(*, public_only: bool = False) -> dict:
    years = selectors.compiled_by_year(public_only=public_only)
    return {"years": years, "charts": compiled_charts(years), "today": timezone.localdate()}


def compiled_html() -> str:
    """The annex's HTML, in the active language."""
    return render_to_string(ANNEX_TEMPLATE, compiled_context())


def compiled_pdf() -> bytes:
    return html_to_pdf(compiled_html())
