"""The PDFs of the reporting app: a report in the official layout, and the compiled figures' annex.

A report is printed in the language it was submitted in (its cover page's language), whatever
the reader's; the annex in the reader's language. Both go through ccm_portal/pdf.py.
"""

from django.utils import timezone, translation

from ccm_portal.pdf import render_pdf

from . import selectors
from .charts import compiled_charts

REPORT_TEMPLATE = "reporting/pdf/report.html"
ANNEX_TEMPLATE = "reporting/pdf/compiled.html"

# The report's language as the portal's catalogues name it.
CATALOGUE = {"zh": "zh-hans"}


def report_context(report, *, public: bool = False) -> dict:
    report = selectors.report_with_forms(report)
    entries = [entry for entry in report.entries.all() if entry.is_public or not public]
    return {
        "report": report,
        "entries": entries,
        "victims": selectors.victims_of(report),
        "contacts": [
            contact.user.full_name for contact in selectors.contact_points("confirmed").filter(state=report.state)
        ],
        "today": timezone.localdate(),
    }


def report_pdf(report, *, public: bool = False) -> bytes:
    with translation.override(CATALOGUE.get(report.language, report.language)):
        return render_pdf(REPORT_TEMPLATE, report_context(report, public=public))


def compiled_context(*, public_only: bool = False) -> dict:
    years = selectors.compiled_by_year(public_only=public_only)
    return {"years": years, "charts": compiled_charts(years), "today": timezone.localdate()}


def compiled_pdf() -> bytes:
    return render_pdf(ANNEX_TEMPLATE, compiled_context())
