"""What Article 7 reporting adds to a meeting's documents page: the published transparency reports
(ccm_portal/documents/sections.py). Registered by ReportingConfig.ready().

Which reports a meeting shows: those the secretariat received after the previous formal meeting
(Meeting of States Parties or Review Conference) ended, up to the last day of this one. That is
what a meeting considers in its review of transparency measures: the initial reports and the
annual updates (due by 30 April, for the year before) that came in during the intersessional
period. The windows of successive meetings meet end to end, so every received report belongs to
exactly one meeting; the first meeting takes every report received up to its last day. A report
appears once it is published (its public forms only, on its public page and PDF); a draft, a
report still awaiting acknowledgement and an acknowledged report not yet published never do.
Informal meetings (intersessional, preparatory, the global conference) list none.
"""

from django.db.models import F, Q, Subquery
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ccm_portal.collation import sort_key
from ccm_portal.documents.models import Document
from ccm_portal.documents.sections import Row, Section
from ccm_portal.meetings.models import Meeting

from .models import Report

# The meetings that consider the transparency reports.
FORMAL = (Meeting.Kind.MSP, Meeting.Kind.REVIEW_CONFERENCE)


def reports_for_meeting(meeting: Meeting):
    """The published reports received in the meeting's window (module docstring), with their state: one query."""
    previous_end = (
        Meeting.objects.filter(kind__in=FORMAL, start_date__lt=meeting.start_date)
        .order_by("-start_date")
        .values("end_date")[:1]
    )
    return (
        Report.objects.filter(status=Report.Status.PUBLISHED, received_on__lte=meeting.end_date)
        .alias(since=Subquery(previous_end))
        .filter(Q(since__isnull=True) | Q(received_on__gt=F("since")))
        .select_related("state")
    )


def _row(report: Report) -> Row:
    return Row(
        title=_("%(kind)s, %(start)s to %(end)s")
        % {
            "kind": report.get_kind_display(),
            "start": date_format(report.period_from, "SHORT_DATE_FORMAT"),
            "end": date_format(report.period_to, "SHORT_DATE_FORMAT"),
        },
        author=str(report.state.country.name),
        day=report.received_on,
        url=reverse("reporting:public_report", args=[report.pk]),
        file_url=reverse("reporting:public_report_pdf", args=[report.pk]),
        language=report.language,
    )


def reports_section(meeting: Meeting) -> Section | None:
    if meeting.kind not in FORMAL:
        return None
    reports = sorted(reports_for_meeting(meeting), key=lambda r: (sort_key(r.state.country.name), r.period_from))
    return Section(
        key="transparency-reports",
        title=_("Transparency reports (Article 7)"),
        category=Document.Category.REPORT,
        rows=[_row(report) for report in reports],
        intro=_(
            "The Article 7 reports received after the previous Meeting of States Parties and up to the last day "
            "of this meeting, as the secretariat published them, in the language each was submitted in."
        ),
        date_label=_("Date of receipt"),
        links=[(_("Every Article 7 report received"), reverse("reporting:received"))],
    )
