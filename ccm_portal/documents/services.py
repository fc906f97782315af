"""Every write to the register: reserving and issuing symbols, editing particulars, storing language files.

A number is handed out under a lock (the meeting's counter row of that series, or the parent
document's row for a revision, addendum, corrigendum or amendment), so two people issuing at
the same moment get two numbers; it is never handed out again, because nothing deletes a
document or lowers a counter. Once issued, a document's symbol never changes (a trigger holds
that in the database as well).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ccm_portal.audit.services import log_action
from ccm_portal.concurrency import ConcurrentEditError, check_version
from ccm_portal.meetings.models import Language, Meeting
from ccm_portal.storage import StorageUnavailable, store_down_message
from ccm_portal.translated import column
from ccm_portal.uploads import validate_pdf_upload

from .models import (
    Document,
    DocumentFile,
    Series,
    Suffix,
    SymbolCounter,
    root_sort_key,
    root_symbol,
    suffixed_sort_key,
    suffixed_symbol,
)

TRAIL = "documents"
__all__ = ["ConcurrentEditError", "DocumentError"]
# The particulars the secretariat edits while a document is reserved (and gives when it reserves one).
PARTICULARS = (
    "category",
    "title",
    "author",
    "author_states",
    "agenda_item_number",
    "agenda_item_title",
    "distribution",
    "original_language",
)


class DocumentError(Exception):
    """A write the register refuses; the message is shown to the user."""


def _particulars(values: dict) -> dict:
    unknown = set(values) - set(PARTICULARS) - {f"title_{code}" for code in _title_languages()}
    if unknown:
        raise TypeError(f"not a document particular: {sorted(unknown)}")
    return values


def _title_languages() -> list[str]:
    return [code.replace("-", "_") for code, _name in settings.LANGUAGES]


def _locked_counter(meeting: Meeting, series: str) -> SymbolCounter:
    # get_or_create survives two first issues at once (the loser of the insert reads the winner's
    # row); select_for_update then makes every other issue of this series wait for this one's commit.
    counter, _created = SymbolCounter.objects.get_or_create(meeting=meeting, series=series)
    return SymbolCounter.objects.select_for_update().get(pk=counter.pk)


def _next_in_series(meeting: Meeting, series: str, *, at_least: int = 1, number: int | None = None) -> int:
    """The next number of the series (at least `at_least`), or `number` itself when it was never handed out."""
    counter = _locked_counter(meeting, series)
    if number is not None:
        if Document.objects.filter(meeting=meeting, series=series, number=number, parent=None).exists():
            raise DocumentError(
                _("The symbol %(symbol)s is already in use.")
                % {"symbol": root_symbol(meeting.symbol_prefix, series, number)}
            )
        counter.last_number = max(counter.last_number, number)
    else:
        counter.last_number = max(counter.last_number + 1, at_least)
        number = counter.last_number
    counter.save(update_fields=["last_number"])
    return number


def _next_suffix(parent: Document, suffix: str) -> int:
    Document.objects.select_for_update().filter(pk=parent.pk).get()
    numbers = parent.children.filter(suffix=suffix).values_list("suffix_number", flat=True)
    return max(numbers, default=0) + 1


def _issue_now(document: Document, *, issued_on=None) -> None:
    document.status = Document.Status.ISSUED
    document.issued_on = issued_on or timezone.localdate(timezone=document.meeting.tzinfo)
    document.issued_at = timezone.now()


@transaction.atomic
def document_reserve(
    *,
    meeting: Meeting,
    series: str,
    by,
    issue: bool = False,
    issued_on=None,
    at_least: int = 1,
    number: int | None = None,
    source: str = "",
    **particulars,
) -> Document:
    """Hand out the next number of `series` in `meeting` to a new document (issued at once if `issue`).

    A producer whose own rows already carry numbers asks for one `at_least` that high; one that
    was given a symbol (an adopted text the meeting named /4) asks for that `number`, refused if
    it is taken. The numbers skipped are never handed out later either. Refuses a meeting
    without a symbol prefix and an unknown series.
    """
    if not meeting.symbol_prefix:
        raise DocumentError(_("The meeting has no symbol prefix yet (for example CCM/MSP/2010): set it first."))
    if series not in Series.values:
        raise DocumentError(_("Choose one of the series of the register."))
    if source and Document.objects.filter(meeting=meeting, source=source).exists():
        raise DocumentError(_("The register already holds a symbol for that document of this meeting."))
    number = _next_in_series(meeting, series, at_least=at_least, number=number)
    document = Document(
        meeting=meeting,
        series=series,
        number=number,
        source=source,
        symbol=root_symbol(meeting.symbol_prefix, series, number),
        sort_key=root_sort_key(series, number),
        **_particulars(particulars),
    )
    if issue:
        _issue_now(document, issued_on=issued_on)
    document.save()
    log_action(trail=TRAIL, actor=by, action="issued" if issue else "reserved", subject=document.symbol)
    return document


@transaction.atomic
def document_reserve_suffix(
    *, parent: Document, suffix: str, by, issue: bool = False, issued_on=None, source: str = "", **particulars
) -> Document:
    """Hand out the next revision, addendum, corrigendum or amendment of `parent` (Rev.1, Rev.2 ...).

    The new document takes the parent's particulars unless others are given.
    """
    if suffix not in Suffix.values:
        raise DocumentError(_("Choose revision, addendum, corrigendum or amendment."))
    number = _next_suffix(parent, suffix)
    inherited = {name: getattr(parent, name) for name in PARTICULARS if name != "title"}
    inherited.update({f"title_{code}": getattr(parent, f"title_{code}") for code in _title_languages()})
    particulars = _particulars(particulars)
    if "title" in particulars:
        # A title given here is in the active language; the parent's other languages stay.
        inherited[column("title", translation.get_language() or settings.LANGUAGE_CODE)] = particulars.pop("title")
    inherited.update(particulars)
    document = Document(
        meeting=parent.meeting,
        series=parent.series,
        number=parent.number,
        parent=parent,
        source=source,
        suffix=suffix,
        suffix_number=number,
        symbol=suffixed_symbol(parent.symbol, suffix, number),
        sort_key=suffixed_sort_key(parent.sort_key, suffix, number),
        **inherited,
    )
    if issue:
        _issue_now(document, issued_on=issued_on)
    document.save()
    log_action(trail=TRAIL, actor=by, action="issued" if issue else "reserved", subject=document.symbol)
    return document


@transaction.atomic
def document_issue(*, document: Document, by, expected_version: int, issued_on=None) -> Document:
    """Issue a reserved document: from now on it is public and its symbol is fixed.

    Refuses an issued document, a stale form, and a document with no title.
    """
    document = Document.objects.select_for_update().select_related("meeting").get(pk=document.pk)
    if document.is_issued:
        raise DocumentError(_("%(symbol)s is issued already.") % {"symbol": document.symbol})
    check_version(document, expected_version)
    if not document.title:
        raise DocumentError(_("Give the document a title before issuing it."))
    _issue_now(document, issued_on=issued_on)
    document.version += 1
    document.save(update_fields=["status", "issued_on", "issued_at", "version", "updated_at"])
    log_action(trail=TRAIL, actor=by, action="issued", subject=document.symbol)
    return document


@transaction.atomic
def document_update(*, document: Document, by, expected_version: int, **particulars) -> Document:
    """Change the particulars of a reserved document; an issued one is refused (its record is final)."""
    current = Document.objects.select_for_update().get(pk=document.pk)
    if current.is_issued:
        raise DocumentError(_("%(symbol)s is issued: its particulars no longer change.") % {"symbol": current.symbol})
    check_version(current, expected_version)
    fields = list(_particulars(particulars))
    for name, value in particulars.items():
        setattr(current, name, value)
    current.version += 1
    current.save(update_fields=[*fields, "version", "updated_at"])
    log_action(trail=TRAIL, actor=by, action="edited", subject=current.symbol)
    return current


@transaction.atomic
def document_file_store(*, document: Document, language: str, upload, by) -> DocumentFile:
    """Store (or replace) the document's PDF in one language, after the portal's upload checks.

    Refuses a language that is not one of the six and an upload the checks refuse.
    """
    if language not in Language.values:
        raise DocumentError(_("Choose one of the six official languages."))
    try:
        validate_pdf_upload(upload)
    except ValidationError as exc:
        raise DocumentError(" ".join(exc.messages)) from exc
    row = DocumentFile.objects.select_for_update().filter(document=document, language=language).first()
    old_name = row.file.name if row else None
    row = row or DocumentFile(document=document, language=language)
    try:
        row.file.save(f"{document.pk}-{language}.pdf", upload, save=False)
    except StorageUnavailable as exc:
        # Nothing stored and no row saved: the upload form shows DocumentError next to the file field.
        raise DocumentError(store_down_message()) from exc
    row.size = upload.size
    row.save()
    if old_name:
        storage = row.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    log_action(trail=TRAIL, actor=by, action="file stored", subject=document.symbol, detail=language)
    return row


def parse_symbol(meeting: Meeting, symbol: str) -> tuple[str, int] | None:
    """(series, number) of a symbol of the meeting's main series or of WP/INF/CRP ("…/4", "…/INF.2"), else None."""
    prefix = f"{meeting.symbol_prefix}/"
    if not meeting.symbol_prefix or not symbol.startswith(prefix):
        return None
    rest = symbol[len(prefix) :]
    if rest.isdigit() and int(rest) > 0:
        return Series.MAIN, int(rest)
    series, dot, digits = rest.partition(".")
    if dot and series in (Series.WP, Series.INF, Series.CRP) and digits.isdigit() and int(digits) > 0:
        return series, int(digits)
    return None
