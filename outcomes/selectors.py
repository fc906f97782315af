"""Reads shared by the outcome pages, the PDFs and the services.

`document_outline` is the one place that turns the rows of a document into its
numbered text: sections with Roman numerals, paragraphs with their paragraph
or action numbers. Snapshots of revisions are built from it, so a frozen
revision shows exactly the numbers the live text had when it was circulated.
"""

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ccm_portal.meetings.models import Language, Meeting
from delegations.models import Delegation

from . import compare, markup
from .agenda import agenda_item_label
from .loaders import visible_documents, visible_proposals, visible_translations
from .models import (
    GeneratedText,
    OutcomeDocument,
    Paragraph,
    ParagraphChange,
    Proposal,
    Revision,
    Section,
    Translation,
)
from .numbering import Number, number_kinds, number_sections, revision_symbol, working_paper_symbol
from .rules import accredited_delegations, can_view_revision, can_view_translations


@dataclass
class OutlineParagraph:
    uid: str
    kind: str
    text: str
    status: str
    label: str
    short: str
    number: int | None
    action: int | None
    pk: int | None = None
    version: int | None = None
    obj: Paragraph | None = None
    has_brackets: bool = False
    html: str = ""
    proposals: list = field(default_factory=list)
    last_change: ParagraphChange | None = None
    in_group: bool = False  # an action listed under a "who acts" paragraph

    def as_snapshot(self) -> dict:
        return {
            "uid": self.uid,
            "kind": self.kind,
            "text": self.text,
            "status": self.status,
            "label": self.label,
            "number": self.number,
            "action": self.action,
        }


@dataclass
class OutlineSection:
    uid: str
    heading: str
    numbered: bool
    roman: str
    paragraphs: list[OutlineParagraph]
    pk: int | None = None
    obj: Section | None = None
    annex: bool = False  # a generated annex (outcomes.models.GeneratedText): printed from a new page

    @property
    def title(self) -> str:
        return f"{self.roman}. {self.heading}" if self.roman and self.heading else self.heading

    def as_snapshot(self) -> dict:
        return {
            "uid": self.uid,
            "heading": self.heading,
            "numbered": self.numbered,
            "roman": self.roman,
            "paragraphs": [p.as_snapshot() for p in self.paragraphs],
        }


def _mark_groups(paragraphs: list[OutlineParagraph]) -> None:
    grouped = False
    for paragraph in paragraphs:
        if paragraph.kind == Paragraph.Kind.LEAD_IN:
            grouped = True
        elif paragraph.kind == Paragraph.Kind.ACTION:
            paragraph.in_group = grouped
        else:
            grouped = False


def _number(sections: list[tuple[dict, list[dict]]]) -> list[OutlineSection]:
    romans = number_sections(bool(s["numbered"] and s["heading"]) for s, _ in sections)
    kinds = [p["kind"] for _, paragraphs in sections for p in paragraphs]
    numbers = iter(number_kinds(kinds))
    outline = []
    for (section, paragraphs), roman in zip(sections, romans, strict=True):
        items = []
        for p in paragraphs:
            n = next(numbers)
            items.append(
                OutlineParagraph(
                    uid=str(p["uid"]),
                    kind=p["kind"],
                    text=p["text"],
                    status=p.get("status", Paragraph.Status.OPEN),
                    label=n.label,
                    short=n.short,
                    number=n.paragraph,
                    action=n.action,
                    pk=p.get("pk"),
                    version=p.get("version"),
                    obj=p.get("obj"),
                    has_brackets=markup.has_brackets(p["text"]),
                )
            )
        _mark_groups(items)
        outline.append(
            OutlineSection(
                uid=str(section["uid"]),
                heading=section["heading"],
                numbered=section["numbered"],
                roman=roman,
                paragraphs=items,
                pk=section.get("pk"),
                obj=section.get("obj"),
            )
        )
    return outline


def document_outline(document: OutcomeDocument) -> list[OutlineSection]:
    """The live text of a document, numbered; two queries."""
    sections = list(document.sections.filter(removed_at__isnull=True).order_by("position", "pk"))
    paragraphs = Paragraph.objects.filter(document=document).active().select_related("updated_by")
    by_section: dict[int, list[Paragraph]] = {s.pk: [] for s in sections}
    for paragraph in paragraphs.order_by("position", "pk"):
        if paragraph.section_id in by_section:
            by_section[paragraph.section_id].append(paragraph)
    rows = [
        (
            {"uid": s.uid, "heading": s.heading, "numbered": s.numbered, "pk": s.pk, "obj": s},
            [
                {
                    "uid": p.uid,
                    "kind": p.kind,
                    "text": p.text,
                    "status": p.status,
                    "pk": p.pk,
                    "version": p.version,
                    "obj": p,
                }
                for p in by_section[s.pk]
            ],
        )
        for s in sections
    ]
    return _number(rows)


def snapshot_outline(snapshot: dict) -> list[OutlineSection]:
    """The numbered text of a frozen revision (its numbers are those it was circulated with)."""
    outline = []
    for section in snapshot.get("sections", []):
        items = [
            OutlineParagraph(
                uid=p["uid"],
                kind=p["kind"],
                text=p["text"],
                status=p.get("status", "open"),
                label=p.get("label", ""),
                short=Number(paragraph=p.get("number") or None, action=p.get("action") or None).short,
                number=p.get("number"),
                action=p.get("action"),
                has_brackets=markup.has_brackets(p["text"]),
            )
            for p in section["paragraphs"]
        ]
        _mark_groups(items)
        outline.append(
            OutlineSection(
                uid=section["uid"],
                heading=section["heading"],
                numbered=section.get("numbered", True),
                roman=section.get("roman", ""),
                paragraphs=items,
            )
        )
    return outline


def build_snapshot(document: OutcomeDocument) -> dict:
    outline = document_outline(document)
    return {
        "title": document.title,
        "kind": document.kind,
        "agenda_item": agenda_item_label(document),
        "distribution": document.distribution,
        "original_language": document.original_language,
        "sponsors": [d.sort_name for d in document.sponsors.order_by("sort_name")],
        "sections": [section.as_snapshot() for section in outline],
    }


def render_outline(outline: list[OutlineSection], *, mode: str = "web", prefix: str = "fn") -> list:
    """Fills each paragraph's `html`; returns the web footnotes as (number, html) in order."""
    counter = markup.FootnoteCounter(prefix=prefix)
    for section in outline:
        for paragraph in section.paragraphs:
            paragraph.html = markup.render(paragraph.text, counter=counter, mode=mode)
    return counter.notes


def paragraph_labels(document: OutcomeDocument) -> dict[int, str]:
    """pk -> how to name the paragraph ("paragraph 12", "Action #3", "Section II, text")."""
    labels = {}
    for section in document_outline(document):
        for paragraph in section.paragraphs:
            where = paragraph.short or _("%(section)s, unnumbered text") % {
                "section": section.title or _("untitled section")
            }
            labels[paragraph.pk] = where
    return labels


def next_symbol(document: OutcomeDocument) -> str:
    """The symbol the document's next frozen text is issued under: its working paper first, then …/Rev.n.

    Circulating and adopting issue it (outcomes.services), the confirmation pages show it. Before
    the first circulation the working-paper number is not handed out yet: "WP.?" stands for it.
    """
    base = document.base_symbol or working_paper_symbol(document.meeting.symbol_prefix, None)
    return revision_symbol(base, document.revisions.count())


def adoption_problems(document: OutcomeDocument) -> list[str]:
    """Where the text is not ready for adoption: open paragraphs and square brackets, in order."""
    problems = []
    outline = document_outline(document)
    if not any(section.paragraphs for section in outline):
        return [_("The document has no text yet.")]
    for section in outline:
        for paragraph in section.paragraphs:
            where = paragraph.short or _("%(section)s: unnumbered text “%(start)s”") % {
                "section": section.title or _("Untitled section"),
                "start": paragraph.text[:40],
            }
            where = capfirst(where)
            if paragraph.has_brackets:
                problems.append(_("%(paragraph)s: square brackets remain.") % {"paragraph": where})
            if paragraph.status == Paragraph.Status.OPEN:
                problems.append(_("%(paragraph)s: still open.") % {"paragraph": where})
    return problems


def documents_for_meeting(meeting: Meeting, user):
    """The outcome documents of a meeting this user may see, for the list page; one query."""
    return (
        visible_documents(user, meeting)
        .select_related("meeting")
        .prefetch_related(Prefetch("sponsors", queryset=Delegation.objects.order_by("sort_name")))
        .annotate(
            revision_count=Count("revisions", distinct=True),
            pending_count=Count("proposals", filter=Q(proposals__status=Proposal.Status.PENDING), distinct=True),
        )
        .order_by("wp_number", "pk")
    )


def published_documents(meeting: Meeting):
    adopted = Revision.objects.filter(kind=Revision.Kind.ADOPTED)
    return (
        OutcomeDocument.objects.filter(meeting=meeting, state=OutcomeDocument.State.PUBLISHED)
        .prefetch_related(
            Prefetch("translations", queryset=Translation.objects.filter(status=Translation.Status.ISSUED)),
            Prefetch("revisions", queryset=adopted, to_attr="adopted_revisions"),
        )
        .order_by("published_at", "pk")
    )


def proposal_queryset():
    return Proposal.objects.select_related(
        "delegation", "submitted_by", "paragraph", "decided_by", "revision"
    ).prefetch_related(Prefetch("cosponsors", queryset=Delegation.objects.order_by("sort_name")))


def negotiation_outline(document: OutcomeDocument, proposals) -> list[OutlineSection]:
    """The live text with each paragraph's proposals and last change; a fixed number of queries."""
    outline = document_outline(document)
    pks = [p.pk for section in outline for p in section.paragraphs]
    by_paragraph: dict[int, list[Proposal]] = {}
    for proposal in proposals:
        if proposal.paragraph_id:
            by_paragraph.setdefault(proposal.paragraph_id, []).append(proposal)
    latest = ParagraphChange.objects.filter(paragraph=OuterRef("pk")).order_by("-at", "-pk").values("pk")[:1]
    change_ids = Paragraph.objects.filter(pk__in=pks).annotate(last=Subquery(latest)).values_list("last", flat=True)
    last = {
        change.paragraph_id: change
        for change in ParagraphChange.objects.filter(pk__in=[pk for pk in change_ids if pk]).select_related("by")
    }
    for section in outline:
        for paragraph in section.paragraphs:
            paragraph.proposals = by_paragraph.get(paragraph.pk, [])
            paragraph.last_change = last.get(paragraph.pk)
    return outline


# --- what the document pages read ------------------------------------------------


def revision_to_read(document: OutcomeDocument, *, working_text: bool) -> Revision | None:
    """The frozen text a reader sees on the text page; None for the working text.

    The adopted text once the document is final; else the working text for those who may
    read it (`working_text`), and the latest circulated revision for the others.
    """
    if document.is_final:
        return document.revisions.filter(kind=Revision.Kind.ADOPTED).order_by("-number").first()
    if working_text:
        return None
    return document.revisions.order_by("-number").first()


def proposals_of_delegations(document: OutcomeDocument, delegations) -> list[Proposal]:
    """The proposals these delegations made or co-sponsor on the document."""
    return list(
        proposal_queryset()
        .filter(document=document)
        .filter(Q(delegation__in=delegations) | Q(cosponsors__in=delegations))
        .distinct()
    )


def pending_proposals_by_paragraph(document: OutcomeDocument) -> dict[int, int]:
    """paragraph pk -> how many proposals on it wait for a decision; one query."""
    return dict(
        Proposal.objects.filter(document=document, status=Proposal.Status.PENDING, paragraph__isnull=False)
        .values_list("paragraph_id")
        .annotate(n=Count("pk"))
    )


def pending_proposal_count(document: OutcomeDocument) -> int:
    return Proposal.objects.filter(document=document, status=Proposal.Status.PENDING).count()


def removed_paragraphs(document: OutcomeDocument, *, limit: int = 50) -> list[Paragraph]:
    """The paragraphs deleted from the text, latest first, that can be restored."""
    return list(
        Paragraph.objects.filter(document=document, removed_at__isnull=False)
        .select_related("section", "updated_by")
        .order_by("-removed_at")[:limit]
    )


def status_counts(outline: list[OutlineSection]) -> dict[str, int]:
    """How many paragraphs are open, agreed ad referendum or agreed, and how many carry square brackets."""
    counts = {"open": 0, "ad_referendum": 0, "agreed": 0, "brackets": 0}
    for section in outline:
        for paragraph in section.paragraphs:
            counts[paragraph.status] += 1
            counts["brackets"] += paragraph.has_brackets
    return counts


def visible_proposal_list(user, document: OutcomeDocument, *, status: str = "") -> list[Proposal]:
    """The proposals this user may see (outcomes.loaders.visible_proposals), optionally of one status."""
    qs = proposal_queryset().filter(pk__in=visible_proposals(user, document))
    if status:
        qs = qs.filter(status=status)
    return list(qs)


def proposal_ids_in_text_order(user, document: OutcomeDocument, labels: dict, *, status: str = "") -> list[int]:
    """The ids of the proposals this user may see, general comments first, then paragraph by
    paragraph in the order of the text (`labels`, paragraph_labels), each oldest first: one query
    that reads three columns, so a page of proposals is loaded whole and the others not at all."""
    qs = Proposal.objects.filter(pk__in=visible_proposals(user, document))
    if status:
        qs = qs.filter(status=status)
    order = {pk: index for index, pk in enumerate(labels)}
    rows = sorted(
        qs.values_list("pk", "paragraph_id", "created_at"),
        key=lambda row: (row[1] is not None, order.get(row[1], 10**6), row[2], row[0]),
    )
    return [pk for pk, _paragraph, _created in rows]


def proposals_by_ids(ids) -> list[Proposal]:
    """The proposals of these ids, whole (proposal_queryset), in the order of the ids."""
    found = proposal_queryset().in_bulk(list(ids))
    return [found[pk] for pk in ids if pk in found]


def annotate_proposal_cards(user, document: OutcomeDocument, proposals) -> None:
    """What each proposal card shows: the word diff, and what this user may do with it (no queries per row)."""
    mine = set(document.meeting.delegations.filter(focal_points=user).values_list("pk", flat=True))
    accredited = list(accredited_delegations(user, document.meeting))
    takes = document.takes_proposals
    for proposal in proposals:
        proposal.mine = proposal.delegation_id in mine
        cosponsor_ids = {d.pk for d in proposal.cosponsors.all()}
        proposal.can_join = (
            [d for d in accredited if d.pk != proposal.delegation_id and d.pk not in cosponsor_ids] if takes else []
        )
        proposal.can_leave = [d for d in accredited if d.pk in cosponsor_ids]
        if proposal.kind == Proposal.Kind.REPLACE:
            proposal.diff = compare.word_diff(markup.plain_text(proposal.base_text), markup.plain_text(proposal.text))


def readable_revisions(user, document: OutcomeDocument) -> list[Revision]:
    """The document's revisions this user may read, in order, each with its document attached."""
    revisions = list(document.revisions.select_related("created_by").order_by("number"))
    for revision in revisions:
        revision.document = document
    return [revision for revision in revisions if can_view_revision.test(user, revision)]


def first_section(document: OutcomeDocument) -> Section | None:
    return document.sections.filter(removed_at__isnull=True).order_by("position").first()


def paragraph_changes(paragraph: Paragraph):
    """A paragraph's history, newest first (a queryset: the page cuts it, with_word_diffs fills the page)."""
    return paragraph.changes.select_related("by", "proposal__delegation")


def with_word_diffs(changes) -> list[ParagraphChange]:
    """The changes, each with the word diff of its text when it has one before and after."""
    changes = list(changes)
    for change in changes:
        change.diff = (
            compare.word_diff(change.text_before, change.text_after)
            if change.text_before and change.text_after
            else None
        )
    return changes


def current_paragraph(paragraph: Paragraph | None) -> Paragraph | None:
    """The paragraph as stored now (a proposal's copy may be older); None for a comment."""
    return Paragraph.objects.get(pk=paragraph.pk) if paragraph is not None else None


# --- language versions ------------------------------------------------------------


@dataclass
class TranslationUnit:
    """One piece of the adopted text a language version gives in its language: the agenda item,
    a section's heading or a paragraph, named as the form shows it."""

    uid: str
    kind: str  # "agenda_item", "heading" or the paragraph's kind
    name: str
    original: str


def adopted_revision(document: OutcomeDocument) -> Revision | None:
    """The adopted text the language versions translate; None before the adoption."""
    return document.revisions.filter(kind=Revision.Kind.ADOPTED).order_by("-number").first()


def translation_units(revision: Revision | None) -> list[TranslationUnit]:
    """The agenda item, headings and paragraphs of the adopted text, in order, for the version's form."""
    if revision is None:
        return []
    snapshot = revision.snapshot
    units = []
    if snapshot.get("agenda_item"):
        units.append(TranslationUnit("agenda_item", "agenda_item", _("Agenda item"), snapshot["agenda_item"]))
    for section in snapshot_outline(snapshot):
        if section.heading:
            name = (
                _("Heading of section %(roman)s") % {"roman": section.roman} if section.roman else _("Section heading")
            )
            units.append(TranslationUnit(section.uid, "heading", name, section.heading))
        for paragraph in section.paragraphs:
            name = capfirst(paragraph.short) if paragraph.short else _("Paragraph without a number")
            units.append(TranslationUnit(paragraph.uid, paragraph.kind, name, paragraph.text))
    return units


def translation_is_complete(translation, units: list[TranslationUnit] | None = None) -> bool:
    """Whether the entered text gives the title and every unit of the adopted text."""
    if units is None:
        units = translation_units(adopted_revision(translation.document))
    return bool(translation.title) and all(translation.texts.get(unit.uid) for unit in units)


def translation_outline(translation, revision: Revision) -> list[OutlineSection]:
    """The adopted text's outline with the version's headings and paragraphs; the numbers are
    the original's, printed in the active language. Text not entered yet shows a placeholder."""
    outline = snapshot_outline(revision.snapshot)
    texts = translation.texts
    missing = pgettext("placeholder for a paragraph of a language version not entered yet", "(text to come)")
    for section in outline:
        if section.heading:
            section.heading = texts.get(section.uid) or missing
        for paragraph in section.paragraphs:
            paragraph.text = texts.get(paragraph.uid) or missing
            paragraph.has_brackets = markup.has_brackets(paragraph.text)
            if paragraph.action:
                paragraph.label = pgettext("number printed before an action", "Action #%(number)s") % {
                    "number": paragraph.action
                }
    return outline


@dataclass
class LanguageRow:
    """One line of a document's language matrix."""

    code: str
    name: str
    is_original: bool
    translation: object = None  # the visible language version, if any
    issued_on: object = None
    status: str = ""
    pdf_url: str = ""
    edit_url: str = ""


def language_matrix(user, document: OutcomeDocument, *, can_manage: bool) -> list[LanguageRow]:
    """The six official languages in UN order, the original marked, with the versions this user
    may see (outcomes.loaders.visible_translations); three queries whatever the count."""
    versions = {t.language: t for t in visible_translations(user, document)}
    adopted = adopted_revision(document) if document.is_final else None
    if adopted is not None:
        adopted.document = document
        if not can_view_revision.test(user, adopted):
            adopted = None
    rows = []
    for code, name in Language.choices:
        row = LanguageRow(code=code, name=str(name), is_original=code == document.original_language)
        if row.is_original:
            if adopted is not None:
                row.issued_on = timezone.localtime(adopted.created_at, document.meeting.tzinfo).date()
                row.status = pgettext("status of the original language version", "Original, adopted text")
                row.pdf_url = reverse("outcomes:revision_pdf", kwargs={"pk": document.pk, "number": adopted.number})
            else:
                row.status = pgettext("status of the original language version", "Original")
        else:
            version = versions.get(code)
            if version is not None:
                version.document = document
                row.translation = version
                row.status = version.get_status_display()
                row.issued_on = version.issued_on
                row.pdf_url = reverse("outcomes:translation", kwargs={"pk": document.pk, "language": code})
            if can_manage:
                row.edit_url = reverse("outcomes:translation_edit", kwargs={"pk": document.pk, "language": code})
        rows.append(row)
    return rows


def annotate_issued_languages(user, documents: list[OutcomeDocument]) -> None:
    """Set `issued_languages` (names, UN order) on each document of a list: its issued language
    versions this user may see; two queries for the whole list. Whether the user drafts each
    document is read for all of them at once and cached where outcomes.rules.is_drafter looks."""
    final = [d for d in documents if d.is_final]
    by_document: dict[int, set[str]] = {}
    for document_id, language in Translation.objects.filter(
        document__in=final, status=Translation.Status.ISSUED
    ).values_list("document_id", "language"):
        by_document.setdefault(document_id, set()).add(language)
    if user.is_authenticated and final:
        drafted = set(
            OutcomeDocument.drafters.through.objects.filter(
                outcomedocument_id__in=[d.pk for d in final], user_id=user.pk
            ).values_list("outcomedocument_id", flat=True)
        )
        for document in final:
            if not hasattr(document, "_drafter_ids"):
                document._drafter_ids = {user.pk} if document.pk in drafted else set()
    for document in documents:
        languages = by_document.get(document.pk, set())
        if not languages or not can_view_translations.test(user, document):
            document.issued_languages = []
        else:
            document.issued_languages = [str(name) for code, name in Language.choices if code in languages]


def generated_document_ids(meeting) -> set[int]:
    """The meeting's documents with text the portal generated from its data (GeneratedText)."""
    return set(GeneratedText.objects.filter(document__meeting=meeting).values_list("document_id", flat=True).distinct())
