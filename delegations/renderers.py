"""The PDFs of this app: the list of participants and the sheets of badges (drawn by render
jobs), and the credentials report (drawn while the secretariat waits: it is a few pages).

A job's renderer is called as `renderer(job, progress)` by ccm_portal.jobs (registered in
DelegationsConfig.ready) and returns a `Rendered`; it reads through selectors_lists.py.
It runs in the job's language (ccm_portal.jobs activates it), and the credentials report
in the request's, so every PDF speaks its reader's language; its fingerprint is the
data's: the jobs add the language.
Badges need their keys before they can be drawn: that write is services_lists.ensure_badge_keys.
"""

from functools import partial

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ccm_portal.jobs.chunks import chunk_rows, render_chunks, render_laid_out, split_pages
from ccm_portal.jobs.registry import Rendered
from ccm_portal.jobs.services import document_params
from ccm_portal.meetings.models import Meeting
from ccm_portal.pdf import render_pdf

from . import credentials
from . import selectors_lists as selectors
from . import services_lists as services
from .badges import (
    BADGES_PDF_TEMPLATE,
    BADGES_PER_PAGE,
    Badge,
    NoBadges,
    badges_fingerprint,
    draw_sheet_images,
    make_token,
    sheet_slot,
)
from .lists import LOP_PDF_TEMPLATE, Variant, fingerprint, fingerprint_header, fingerprint_row, issue_date
from .models import Participant

CREDENTIALS_PDF_TEMPLATE = "delegations/pdf/credentials_report.html"


def credentials_report_pdf(meeting: Meeting) -> bytes:
    """The credentials report of the meeting's accredited states, one sentence per state of their credentials."""
    return render_pdf(
        CREDENTIALS_PDF_TEMPLATE,
        {
            "meeting": meeting,
            "report": credentials.credentials_report(meeting),
            "symbol": credentials.credentials_symbol(meeting),
            "today": timezone.localdate(),
        },
    )


# ---------------------------------------------------------------- the list of participants


def lop_pdf_context(meeting: Meeting, variant: str, settings_row=None) -> dict:
    settings_row = settings_row or selectors.lop_settings(meeting)
    categories = selectors.list_of_participants(meeting, public=variant == Variant.PUBLIC)
    return {
        "meeting": meeting,
        "settings": settings_row,
        "variant": variant,
        "is_complete": variant == Variant.COMPLETE,
        "categories": categories,
        "today": issue_date(settings_row, meeting),
        "participant_total": sum(c.participant_count for c in categories),
        "delegation_total": sum(len(c.delegations) for c in categories),
    }


def render_lop(job, progress) -> Rendered:
    """The renderer of list-of-participants jobs (registered in DelegationsConfig.ready)."""
    meeting = job.meeting
    variant = job.params.get("variant", Variant.PUBLIC)
    settings_row = selectors.lop_settings(meeting)
    progress(10, _("Reading the list"))
    context = lop_pdf_context(meeting, variant, settings_row)
    rows = [fingerprint_row(p) for c in context["categories"] for entry in c.delegations for p in entry.participants]
    rendered_from = fingerprint(fingerprint_header(meeting, settings_row, variant), sorted(rows))
    total = context["participant_total"]
    progress(
        25, ngettext("Laying out %(count)d participant", "Laying out %(count)d participants", total) % {"count": total}
    )
    # Above RENDER_CHUNK_ROWS names, laid out once and its pages written on every core: the
    # same pages, page numbers and headings as one render (jobs/chunks.py, render_laid_out).
    pdf = render_laid_out(render_to_string(LOP_PDF_TEMPLATE, context), progress, rows=total)
    progress(95, _("Storing the PDF"))
    return Rendered(
        content=pdf,
        fingerprint=rendered_from,
        meta={"participants": context["participant_total"], "delegations": context["delegation_total"]},
    )


# ---------------------------------------------------------------- badges


def _details(participant: Participant) -> str:
    """The line under the name: the delegation, and "Head of delegation" for its head.

    The category is written on its colour band, the meeting above the name (the template);
    every extra line of text on 1,500 badges costs WeasyPrint about a second.
    """
    if participant.role == Participant.Role.HEAD:
        return _("%(delegation)s · Head of delegation") % {"delegation": participant.delegation.sort_name}
    return participant.delegation.sort_name


def render_badges(job, progress) -> Rendered:
    """The renderer of badge jobs (registered in DelegationsConfig.ready)."""
    meeting = job.meeting
    params = document_params(job.params)
    progress(5, _("Choosing the badges"))
    participants = selectors.badge_participants(meeting, params)
    if not participants:
        raise NoBadges(_("There is no badge to print in this set any more."))
    services.ensure_badge_keys(participants=participants, by=job.requested_by)
    progress(
        10,
        ngettext("Drawing %(count)d QR code", "Drawing %(count)d QR codes", len(participants))
        % {"count": len(participants)},
    )
    badges = [
        Badge(
            participant=participant,
            token=make_token(meeting.pk, participant.badge_key),
            category=participant.delegation.category,
            details=_details(participant),
            right=index % 2 == 1,
        )
        for index, participant in enumerate(participants)
    ]
    on_sheets = [badges[i : i + BADGES_PER_PAGE] for i in range(0, len(badges), BADGES_PER_PAGE)]
    # Each sheet's image is drawn where its chunk is drawn, on every core (draw_sheet_images).
    sheets = [{"badges": chunk, "image": sheet_slot(number)} for number, chunk in enumerate(on_sheets)]
    # One plural per message: it follows the pages (one badge alone still reads "badges").
    progress(
        30,
        ngettext(
            "Laying out %(count)d badges on %(pages)d page",
            "Laying out %(count)d badges on %(pages)d pages",
            len(sheets),
        )
        % {"count": len(badges), "pages": len(sheets)},
    )
    # The same line on every badge: the meeting's name, place and days, written once here.
    meeting_line = _("%(meeting)s · %(city)s, %(dates)s") % {
        "meeting": meeting.title,
        "city": meeting.city,
        "dates": meeting.dates_display,
    }
    # Above RENDER_CHUNK_ROWS badges, whole sheets go to chunks drawn on every core and merged:
    # each sheet is a page of its own, so the merged PDF has the pages of a single render.
    chunks = split_pages(sheets, rows=chunk_rows(), rows_per_page=BADGES_PER_PAGE)
    htmls = [
        render_to_string(BADGES_PDF_TEMPLATE, {"meeting": meeting, "meeting_line": meeting_line, "sheets": chunk})
        for chunk in chunks
    ]
    pdf = render_chunks(htmls, progress, prepare=partial(draw_sheet_images, on_sheets))
    progress(95, _("Storing the PDF"))
    return Rendered(
        content=pdf,
        fingerprint=badges_fingerprint(meeting, params, participants),
        meta={"participant_ids": [p.pk for p in participants], "count": len(participants), "pages": len(sheets)},
    )
