"""The reads the register's pages share: the public list with its filters, one document's lineage."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from ccm_portal.meetings.models import Language, Meeting

from .models import MATRIX_LANGUAGES, Document, DocumentFile


@dataclass(frozen=True)
class Cell:
    language: str
    file: DocumentFile | None

    @property
    def label(self) -> str:
        return Language(self.language).label


def _with_files(qs: QuerySet) -> QuerySet:
    return qs.prefetch_related(
        Prefetch("files", queryset=DocumentFile.objects.only("id", "document_id", "language", "size"))
    )


def public_documents(meeting: Meeting, *, category: str = "", agenda_item: str = "", query: str = "") -> QuerySet:
    """The meeting's issued documents in symbol order (WP.10 after WP.9), with their language files."""
    qs = Document.objects.issued().filter(meeting=meeting)
    if category:
        qs = qs.filter(category=category)
    if agenda_item:
        qs = qs.filter(agenda_item_number=agenda_item)
    if query:
        words = Q()
        for word in query.split()[:8]:
            words &= (
                Q(symbol__icontains=word)
                | Q(title__icontains=word)
                | Q(author__icontains=word)
                | Q(agenda_item_title__icontains=word)
                | _translated_title_contains(word)
            )
        qs = qs.filter(words)
    return _with_files(qs.select_related("meeting").order_by("sort_key"))


def _translated_title_contains(word: str) -> Q:
    from django.conf import settings

    q = Q()
    for code, _name in settings.LANGUAGES:
        q |= Q(**{f"title_{code.replace('-', '_')}__icontains": word})
    return q


def agenda_items(meeting: Meeting, *, more: Iterable[tuple[str, str]] = ()) -> list[tuple[str, str]]:
    """The agenda items the meeting's issued documents belong to, for the filter: [(number, "5. Title")].

    `more`: the items of the other apps' sections (sections.agenda_items), in the same shape.
    """
    rows = (
        Document.objects.issued()
        .filter(meeting=meeting)
        .exclude(agenda_item_number="")
        .values_list("agenda_item_number", "agenda_item_title")
        .distinct()
    )
    seen = {}
    for number, title in rows:
        seen.setdefault(number, f"{number}. {title}" if title else number)
    for number, label in more:
        seen.setdefault(number, label)
    return sorted(seen.items(), key=lambda item: _natural(item[0]))


def _natural(text: str):
    import re

    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def matrix(document: Document) -> list[Cell]:
    """The six languages in matrix order, each with the document's file in it or None (a dash)."""
    files = {row.language: row for row in document.files.all()}
    return [Cell(language=code, file=files.get(code)) for code in MATRIX_LANGUAGES]


def lineage(document: Document) -> dict:
    """What the document revises or adds to (its ancestors, oldest first) and its issued descendants."""
    ancestors = []
    parent = document.parent
    while parent is not None:
        ancestors.insert(0, parent)
        parent = parent.parent
    root = ancestors[0] if ancestors else document
    family = list(
        Document.objects.issued()
        .filter(meeting=document.meeting, series=root.series, number=root.number)
        .exclude(pk=document.pk)
        .order_by("sort_key")
    )
    descendants = [row for row in family if row.sort_key.startswith(document.sort_key + "/")]
    return {"ancestors": [a for a in ancestors if a.is_issued], "descendants": descendants}


def document_by_path(meeting: Meeting, symbol_path: str, *, issued_only: bool) -> Document | None:
    qs = Document.objects.filter(meeting=meeting, symbol=f"{meeting.symbol_prefix}/{symbol_path}")
    if issued_only:
        qs = qs.issued()
    return _with_files(qs.select_related("meeting", "parent__parent__parent")).first()


def register(meeting: Meeting) -> QuerySet:
    """Every document of the meeting, reserved and issued, for the secretariat's register."""
    return _with_files(Document.objects.filter(meeting=meeting).select_related("meeting").order_by("sort_key"))


def registered_symbol(meeting: Meeting, source: str) -> str | None:
    """The symbol the register gave the document `source` produces for this meeting, if it has one."""
    return Document.objects.filter(meeting=meeting, source=source).values_list("symbol", flat=True).first()
