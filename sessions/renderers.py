"""The programme of work and the agenda as stored PDFs.

Visitors are served the last good copy (sessions.views), never a render: when a session, an
agenda item, a room, the agenda or the meeting changes, the PDFs are rendered again in the
background once the change commits (the signals connected by `watch_pdfs`), in every language
a copy exists in; the old copy is served until the new one is ready. A copy is checked against
the data at most every few minutes too (`due_for_check`), so a change made without a signal
(a bulk update) is still picked up.

The fingerprint of a PDF is a hash of the HTML it is made from: the same data gives the same
fingerprint in every process, and the render job is not repeated.
Registered with ccm_portal.jobs in SessionsConfig.ready.
"""

import hashlib
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ccm_portal.jobs import services as jobs
from ccm_portal.jobs.models import RenderJob
from ccm_portal.jobs.registry import Rendered
from ccm_portal.meetings.models import Meeting
from ccm_portal.pdf import html_to_pdf

from . import selectors
from .models import Agenda, AgendaItem, MeetingSession, Room, agenda_symbol, programme_symbol

PROGRAMME_KIND = "sessions.programme"
AGENDA_KIND = "sessions.agenda"
PROGRAMME_TEMPLATE = "ccm_sessions/pdf/programme.html"
AGENDA_TEMPLATE = "ccm_sessions/pdf/agenda.html"
KINDS = (PROGRAMME_KIND, AGENDA_KIND)


def check_seconds() -> int:
    """How often a served copy is compared with the data, at most (seconds)."""
    return getattr(settings, "SESSIONS_PDF_CHECK_SECONDS", 300)


def programme_html(meeting: Meeting) -> str:
    agenda = selectors.agenda_of(meeting)
    sessions = selectors.programme_sessions(meeting)
    return render_to_string(
        PROGRAMME_TEMPLATE,
        {
            "meeting": meeting,
            "days": selectors.by_day(meeting, sessions),
            "symbol": programme_symbol(meeting, agenda),
            "today": timezone.localdate(timezone=meeting.tzinfo),
        },
    )


def agenda_html(meeting: Meeting) -> str | None:
    """The agenda's HTML, or None when it has no item (there is no agenda to print)."""
    agenda = selectors.agenda_of(meeting)
    items = selectors.agenda_items(agenda)
    if not items:
        return None
    return render_to_string(
        AGENDA_TEMPLATE,
        {
            "meeting": meeting,
            "agenda": agenda,
            "items": items,
            "symbol": agenda_symbol(meeting),
            "today": timezone.localdate(timezone=meeting.tzinfo),
        },
    )


HTML = {PROGRAMME_KIND: programme_html, AGENDA_KIND: agenda_html}
FILENAMES = {PROGRAMME_KIND: "{slug}-programme-of-work.pdf", AGENDA_KIND: "{slug}-agenda.pdf"}


def _fingerprint(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


def key_of(kind: str) -> str:
    return kind  # one document of each kind per meeting (the job's meeting says which)


def request_pdf(meeting: Meeting, kind: str, *, language: str | None = None):
    """Queue a render of the PDF as the data stands (in `language`, the active one by default), unless
    the stored copy already shows it; returns (job, how) as request_render, or None when there is nothing
    to print."""
    with translation.override(jobs.render_language(language)):
        html = HTML[kind](meeting)
        if html is None:
            return None
        return jobs.request_render(
            kind=kind,
            meeting=meeting,
            key=key_of(kind),
            params={},
            fingerprint=_fingerprint(html),
            filename=FILENAMES[kind].format(slug=meeting.slug),
        )


def last_good(meeting: Meeting, kind: str):
    return jobs.last_good(meeting=meeting, key=key_of(kind))


def due_for_check(meeting: Meeting, kind: str) -> bool:
    """True once every few minutes per document and language: time to compare the copy with the data."""
    name = f"sessions-pdf-checked:{meeting.pk}:{kind}:{jobs.render_language()}"
    return cache.add(name, 1, timeout=check_seconds())


def refresh(meeting_id: int) -> None:
    """Render again, in the background, the programme and agenda of a meeting whose data changed, in
    every language a copy of them exists in (and the default one)."""
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        return
    for kind in KINDS:
        done = RenderJob.objects.filter(meeting=meeting, key=key_of(kind), status=RenderJob.Status.DONE)
        languages = {jobs.job_language(job) for job in done.only("params")[:50]} | {settings.LANGUAGE_CODE}
        for language in sorted(languages):
            request_pdf(meeting, kind, language=language)


def refresh_when_committed(meeting_id: int | None) -> None:
    """Refresh the meeting's PDFs once the current transaction commits. Each changed row asks again;
    a request for data already stored or already rendering costs an HTML render and no PDF."""
    if meeting_id is None:
        return
    transaction.on_commit(partial(refresh, meeting_id))


def watch_pdfs() -> None:
    """Connect the rows the programme and agenda PDFs show to `refresh_when_committed`."""
    meeting_of = {
        Meeting: lambda row: row.pk,
        Agenda: lambda row: row.meeting_id,
        MeetingSession: lambda row: row.meeting_id,
        Room: lambda row: row.meeting_id,
        AgendaItem: lambda row: Agenda.objects.filter(pk=row.agenda_id).values_list("meeting_id", flat=True).first(),
    }
    for model, meeting_id_of in meeting_of.items():

        def changed(sender, instance, meeting_id_of=meeting_id_of, **kwargs):
            if kwargs.get("raw"):
                return
            refresh_when_committed(meeting_id_of(instance))

        uid = f"sessions-pdfs:{model._meta.label}"
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}:save")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}:delete")


def render(job, progress) -> Rendered:
    """The renderer of programme and agenda jobs: the data as it stands when the job runs."""
    progress(10, _("Laying out the document"))
    html = HTML[job.kind](job.meeting)
    if html is None:
        raise LookupError(_("The agenda has no item to print any more."))
    progress(30, _("Drawing the PDF"))
    return Rendered(content=html_to_pdf(html), fingerprint=_fingerprint(html))
