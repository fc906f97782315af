"""Working papers and national reports that delegations submit, and the secretariat issues or declines.

A paper is submitted by an accredited delegation's focal point, for an agenda item of the
delegation's own meeting, with its PDF in at least one language (a DOCX beside it is kept for
the translators); other state delegations of the meeting may co-sponsor it. The secretariat
issues it through the register of symbols (ccm_portal.documents.services: the next WP.n of the
meeting, or <symbol>/Rev.n for a revision of the delegation's issued paper), which copies the
PDFs into the document's language files and makes it public, or declines it with a reason the
delegation reads. Deciding locks the submission's row, so two secretariat tabs cannot issue it
twice: the second is told what the first did.
"""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ccm_portal.audit.services import log_action
from ccm_portal.documents import services as register
from ccm_portal.documents.models import Document, Series, Suffix
from ccm_portal.languages import portal_language
from ccm_portal.meetings.models import Language, Meeting
from ccm_portal.translated import column
from ccm_portal.uploads import validate_docx_upload, validate_pdf_upload

from . import agenda, notifications_papers
from .models import Delegation, PaperFile, PaperSubmission

MULTIPLE_STATES = "Multiple States"


def _no_agenda() -> str:
    return _("The meeting has no agenda yet: papers can be submitted once the secretariat has prepared it.")


class PaperError(Exception):
    """A submission or decision the portal refuses; `field` names the form field the message belongs to."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def _require_accredited(delegation: Delegation, meeting: Meeting) -> None:
    if delegation.meeting_id != meeting.pk:
        raise PaperError(
            _("The delegation of %(name)s is registered for another meeting; it cannot submit papers to this one.")
            % {"name": delegation.sort_name}
        )
    if delegation.status != Delegation.Status.APPROVED:
        raise PaperError(
            _(
                "Only accredited delegations submit papers. The delegation of %(name)s is “%(status)s”: "
                "the secretariat must approve its registration first."
            )
            % {"name": delegation.sort_name, "status": delegation.get_status_display()}
        )


def _require_focal_point(delegation: Delegation, by) -> None:
    if not delegation.focal_points.filter(pk=by.pk).exists():
        raise PaperError(_("Only the delegation's focal points submit its papers."))


def submission_refusal(delegation: Delegation) -> str:
    """Why the delegation cannot submit a paper now, in the words the services refuse it with; "" when it can."""
    try:
        _require_accredited(delegation, delegation.meeting)
        if not agenda.agenda_items(delegation.meeting):
            raise PaperError(_no_agenda())
    except PaperError as exc:
        return str(exc)
    return ""


def _agenda_item(meeting: Meeting, number: str) -> tuple[str, str]:
    items = agenda.numbered(meeting)
    if not items:
        raise PaperError(_no_agenda(), field="agenda_item")
    if number not in items:
        raise PaperError(_("Choose an item of this meeting's agenda."), field="agenda_item")
    return number, items[number]


def _co_sponsors(meeting: Meeting, delegation: Delegation, co_sponsors) -> list[Delegation]:
    chosen = list(co_sponsors)
    for other in chosen:
        if other.pk == delegation.pk:
            raise PaperError(_("Your own delegation is the sponsor already."), field="co_sponsors")
        if other.meeting_id != meeting.pk or not other.is_state or other.status != Delegation.Status.APPROVED:
            raise PaperError(
                _("%(name)s is not an accredited state delegation of this meeting.") % {"name": other.sort_name},
                field="co_sponsors",
            )
    return chosen


def _check_files(pdf, docx) -> None:
    try:
        validate_pdf_upload(pdf)
    except ValidationError as exc:
        raise PaperError(" ".join(exc.messages), field="pdf") from None
    if docx:
        try:
            validate_docx_upload(docx)
        except ValidationError as exc:
            raise PaperError(" ".join(exc.messages), field="docx") from None


def _store_file(submission: PaperSubmission, *, language: str, pdf, docx=None) -> PaperFile:
    """Write (or replace) one language's files; a replaced file is deleted once the transaction commits."""
    row = PaperFile.objects.filter(submission=submission, language=language).first()
    old = [name for name in ((row.pdf.name, row.docx.name) if row else ()) if name]
    row = row or PaperFile(submission=submission, language=language)
    row.pdf.save("paper.pdf", pdf, save=False)
    row.pdf_name = (pdf.name or "paper.pdf")[:200]
    if docx:
        row.docx.save("paper.docx", docx, save=False)
        row.docx_name = (docx.name or "paper.docx")[:200]
    elif row.docx and row.docx.name in old:
        old.remove(row.docx.name)  # kept: no new DOCX came with this PDF
    row.save()
    storage = row.pdf.storage
    for name in old:
        transaction.on_commit(partial(storage.delete, name))
    return row


@transaction.atomic
def paper_submit(
    *,
    meeting: Meeting,
    delegation: Delegation,
    by,
    kind: str,
    title: str,
    agenda_item: str,
    language: str,
    pdf,
    docx=None,
    co_sponsors=(),
    revises: PaperSubmission | None = None,
) -> PaperSubmission:
    """Submit a paper of `delegation` to the secretariat, with its PDF (and DOCX) in `language`.

    Refuses a delegation of another meeting or one not accredited, a user who is not its focal
    point, an item not on the meeting's agenda, co-sponsors that are not accredited state
    delegations of the meeting, a revision of a paper that is not the delegation's issued one,
    and files the upload checks refuse. Nothing is stored when anything is refused.
    """
    _require_accredited(delegation, meeting)
    _require_focal_point(delegation, by)
    title = " ".join((title or "").split())
    if not title:
        raise PaperError(_("Give the paper a title."), field="title")
    if kind not in PaperSubmission.Kind.values:
        raise PaperError(_("Choose working paper or national report."), field="kind")
    if language not in Language.values:
        raise PaperError(_("Choose one of the six official languages."), field="language")
    number, item_title = _agenda_item(meeting, agenda_item)
    sponsors = _co_sponsors(meeting, delegation, co_sponsors)
    if revises is not None and (revises.delegation_id != delegation.pk or revises.status != revises.Status.ISSUED):
        raise PaperError(_("Only an issued paper of your delegation can be revised."), field="revises")
    _check_files(pdf, docx)
    submission = PaperSubmission.objects.create(
        meeting=meeting,
        delegation=delegation,
        kind=kind,
        title=title,
        agenda_item_number=number,
        agenda_item_title=item_title,
        original_language=language,
        revises=revises,
        submitted_by=by,
    )
    submission.co_sponsors.set(sponsors)
    _store_file(submission, language=language, pdf=pdf, docx=docx)
    log_action(
        trail=submission.trail,
        actor=by,
        action="submitted paper",
        subject=title,
        detail=_("revision of %(symbol)s") % {"symbol": revises.document.symbol} if revises else "",
    )
    transaction.on_commit(partial(notifications_papers.paper_submitted, submission.pk))
    return submission


@transaction.atomic
def paper_add_language(*, submission: PaperSubmission, by, language: str, pdf, docx=None) -> PaperFile:
    """Add (or replace) the paper's PDF, and DOCX, in another language while the secretariat has not decided.

    Refuses a decided paper, someone who is not a focal point of the delegation, and files the checks refuse.
    """
    submission = PaperSubmission.objects.select_for_update().select_related("delegation").get(pk=submission.pk)
    _require_focal_point(submission.delegation, by)
    if not submission.is_pending:
        raise PaperError(
            _("The secretariat has decided on this paper (%(status)s): its files no longer change.")
            % {"status": submission.get_status_display()}
        )
    if language not in Language.values:
        raise PaperError(_("Choose one of the six official languages."), field="language")
    _check_files(pdf, docx)
    row = _store_file(submission, language=language, pdf=pdf, docx=docx)
    log_action(
        trail=submission.trail, actor=by, action="added a language to paper", subject=submission.title, detail=language
    )
    return row


def _locked_pending(submission: PaperSubmission) -> PaperSubmission:
    # Lock the row alone, then read it with its joins in a new statement: a query that waited for
    # the lock would otherwise return the joined rows as they were before the other tab committed
    # (PostgreSQL re-reads only the locked row), and the issued paper's document would be missing.
    PaperSubmission.objects.select_for_update().filter(pk=submission.pk).values_list("pk", flat=True).get()
    locked = PaperSubmission.objects.select_related("meeting", "delegation", "document", "revises__document").get(
        pk=submission.pk
    )
    if locked.status == PaperSubmission.Status.ISSUED:
        raise PaperError(
            _("This paper was issued already, as %(symbol)s: nothing was changed.") % {"symbol": locked.document.symbol}
        )
    if locked.status == PaperSubmission.Status.DECLINED:
        raise PaperError(_("This paper was declined already: nothing was changed."))
    return locked


def author_of(submission: PaperSubmission) -> tuple[str, list[str]]:
    """The author as the document prints it (the state's name, or “Multiple States”) and the sponsoring states."""
    sponsors = [submission.delegation, *submission.co_sponsors.order_by("sort_name")]
    states = [str(row.country) for row in sponsors if row.is_state]
    author = MULTIPLE_STATES if len(sponsors) > 1 else submission.delegation.sort_name
    return author, states


@transaction.atomic
def paper_issue(*, submission: PaperSubmission, by, issued_on=None) -> Document:
    """Issue a submitted paper in the register: the next WP.n of the meeting, or <symbol>/Rev.n of the
    paper it revises; its PDFs become the document's language files and it is public from now on.

    Refuses a paper decided already (issued or declined: said, nothing changes) and what the register
    refuses (a meeting without a symbol prefix).
    """
    submission = _locked_pending(submission)
    files = list(submission.files.all())
    if not files:
        raise PaperError(_("The paper has no PDF to issue."))
    author, states = author_of(submission)
    particulars = {
        "category": (
            Document.Category.REPORT
            if submission.kind == PaperSubmission.Kind.NATIONAL_REPORT
            else Document.Category.WORKING_PAPER
        ),
        column("title", portal_language(submission.original_language)): submission.title,
        "author": author,
        "author_states": states,
        "agenda_item_number": submission.agenda_item_number,
        "agenda_item_title": submission.agenda_item_title,
        "original_language": submission.original_language,
        "distribution": Document.Distribution.GENERAL,
    }
    try:
        if submission.revises_id and submission.revises.document_id:
            document = register.document_reserve_suffix(
                parent=submission.revises.document,
                suffix=Suffix.REV,
                by=by,
                issue=True,
                issued_on=issued_on,
                **particulars,
            )
        else:
            document = register.document_reserve(
                meeting=submission.meeting, series=Series.WP, by=by, issue=True, issued_on=issued_on, **particulars
            )
        for row in files:
            with row.pdf.open("rb") as pdf:
                register.document_file_store(document=document, language=row.language, upload=pdf, by=by)
    except register.DocumentError as exc:
        raise PaperError(str(exc)) from None
    submission.status = PaperSubmission.Status.ISSUED
    submission.document = document
    submission.decided_by = by
    submission.decided_at = timezone.now()
    submission.save(update_fields=["status", "document", "decided_by", "decided_at"])
    log_action(
        trail=submission.trail, actor=by, action="issued paper", subject=submission.title, detail=document.symbol
    )
    transaction.on_commit(partial(notifications_papers.paper_decided, submission.pk))
    return document


@transaction.atomic
def paper_decline(*, submission: PaperSubmission, by, reason: str) -> PaperSubmission:
    """Decline a submitted paper; the reason is shown to the delegation and sent to its focal points.

    Refuses an empty reason and a paper decided already (issued or declined: said, nothing changes).
    """
    reason = (reason or "").strip()
    if not reason:
        raise PaperError(_("Give the delegation the reason."), field="reason")
    submission = _locked_pending(submission)
    submission.status = PaperSubmission.Status.DECLINED
    submission.decline_reason = reason
    submission.decided_by = by
    submission.decided_at = timezone.now()
    submission.save(update_fields=["status", "decline_reason", "decided_by", "decided_at"])
    log_action(trail=submission.trail, actor=by, action="declined paper", subject=submission.title, detail=reason)
    transaction.on_commit(partial(notifications_papers.paper_decided, submission.pk))
    return submission
