"""The sections other apps add to a meeting's documents page: documents they hold without a symbol.

A meeting's documents page lists the register's documents, and also papers that apps above this
one keep: the statements delegations upload to the lists of speakers (sessions), the published
Article 7 transparency reports (reporting). This app sits below them (.importlinter) and may not
read their models, so each of them registers a *provider* from its `AppConfig.ready()`:

    from ccm_portal.documents import sections
    sections.register("statements", documents_page.statements_section)

A provider takes the meeting and returns a `Section` (or None when it has nothing to add, for
instance for a kind of meeting it does not concern). It must

- return published items only, each linked through the app's own public page or download view,
  which checks again who may read it (never a storage path);
- read a constant number of queries whatever the number of rows (one, with select_related),
  because the documents page stays under ten queries;
- give its rows' agenda item when they have one, so that the page's agenda-item filter, its
  search and its CSV cover them like the register's documents.

The page filters, searches and paginates the rows itself (`filtered`), in Python: a provider
returns every row of the meeting, which is a few hundred at most.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from ccm_portal.meetings.models import Meeting


@dataclass(frozen=True)
class Row:
    """One item of a section, as the page and the CSV show it."""

    title: str
    author: str
    # The date the page shows (when the statement was uploaded, the report received), in the meeting's zone.
    day: date | None
    # Its public page, or its file when it has no page of its own; served by the owning app's views.
    url: str
    # The PDF in one language of the matrix, when the item has one (shown in that language's column).
    file_url: str = ""
    language: str = ""
    # The heading the row is shown under ("8. General exchange of views"); rows come in heading order.
    group: str = ""
    agenda_item_number: str = ""
    agenda_item_title: str = ""

    def matches(self, words: Sequence[str]) -> bool:
        """Every word is in the title, author, heading or agenda item (case and accents as typed)."""
        text = " ".join([self.title, self.author, self.group, self.agenda_item_number, self.agenda_item_title])
        text = text.casefold()
        return all(word.casefold() in text for word in words)


@dataclass(frozen=True)
class Section:
    """What one app adds to the page: a heading, a sentence saying what it holds, and its rows."""

    # Names the section in the address: its anchor and its page parameter (`<key>_page`).
    key: str
    title: str
    # The register's category (Document.Category) whose filter shows this section.
    category: str
    rows: Sequence[Row]
    intro: str = ""
    # The heading of the date column ("Uploaded", "Received").
    date_label: str = ""
    # Links about the whole section, such as the list of every report received: (label, url).
    links: Sequence[tuple[str, str]] = field(default_factory=tuple)

    @property
    def grouped(self) -> bool:
        return any(row.group for row in self.rows)

    @property
    def page_field(self) -> str:
        return f"{self.key}_page"

    def filtered(self, *, category: str = "", agenda_item: str = "", query: str = "") -> "Section | None":
        """The section with the rows the page's filters keep, or None when the category filter leaves it out."""
        if category and category != self.category:
            return None
        words = query.split()[:8]
        rows = [
            row
            for row in self.rows
            if (not agenda_item or row.agenda_item_number == agenda_item) and (not words or row.matches(words))
        ]
        return replace(self, rows=rows)


Provider = Callable[[Meeting], Section | None]

_providers: dict[str, Provider] = {}


def register(key: str, provider: Provider) -> None:
    """Add `provider`'s section to every meeting's documents page; a second call with the same key replaces it."""
    _providers[key] = provider


def sections_of(meeting: Meeting) -> list[Section]:
    """Every registered provider's section for the meeting, in the order the apps registered them."""
    found = (provider(meeting) for provider in _providers.values())
    return [section for section in found if section is not None]


def agenda_items(found: Sequence[Section]) -> list[tuple[str, str]]:
    """The agenda items the sections' rows belong to, as the page's filter lists them: [(number, "8. Title")]."""
    items: dict[str, str] = {}
    for section in found:
        for row in section.rows:
            if row.agenda_item_number:
                items.setdefault(
                    row.agenda_item_number,
                    f"{row.agenda_item_number}. {row.agenda_item_title}"
                    if row.agenda_item_title
                    else row.agenda_item_number,
                )
    return list(items.items())
