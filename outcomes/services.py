"""Every write to outcome documents, their text, revisions and proposals.

Each function checks who is asking (with the predicates of `outcomes.rules`), owns its
transaction, writes the audit entry and the paragraph history, and sends
e-mail only after the transaction commits. Refusals raise OutcomeError with a
message meant for the user.
"""

import re
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_countries import countries

from ccm_portal.audit.services import log_action
from ccm_portal.concurrency import ConcurrentEditError, check_version
from ccm_portal.documents import services as register
from ccm_portal.documents.models import Document as RegisteredDocument
from ccm_portal.languages import portal_language
from ccm_portal.meetings.models import Language, Meeting
from ccm_portal.meetings.timezones import iso_minutes
from delegations.models import Delegation

from . import agenda as outcome_agenda
from . import markup, notifications, renderers, selectors
from . import rules as outcome_rules
from .models import (
    OutcomeDocument,
    Paragraph,
    ParagraphChange,
    Proposal,
    Revision,
    Section,
    Translation,
    snapshot_fingerprint,
)

State = OutcomeDocument.State
Kind = OutcomeDocument.Kind

MAX_TEXT = 20000
SYMBOL_RE = re.compile(r"^[A-Z0-9][A-Za-z0-9./-]*$")

# Sections a new document starts with, so nobody types the shape of an action plan twice;
# written in the document's original language (document_create).
DEFAULT_OUTLINES = {
    Kind.ACTION_PLAN: [
        (gettext_lazy("Introduction"), True),
        (gettext_lazy("Partnerships"), True),
        (gettext_lazy("Universalization"), True),
        (gettext_lazy("Stockpile destruction"), True),
        (gettext_lazy("Clearance and destruction of cluster munition remnants and risk reduction activities"), True),
        (gettext_lazy("Victim assistance"), True),
        (gettext_lazy("International cooperation and assistance"), True),
        (gettext_lazy("Actions in support of implementation"), True),
    ],
    Kind.REPORTING_FORMATS: [
        (gettext_lazy("Cover page"), False),
        (gettext_lazy("Form A: National implementation measures"), False),
        (gettext_lazy("Form B: Stockpiles of cluster munitions and their destruction"), False),
        (gettext_lazy("Form C: Technical characteristics of cluster munitions"), False),
        (gettext_lazy("Form D: Cluster munitions retained and transferred"), False),
        (
            gettext_lazy("Form E: Status of programmes for the conversion or decommissioning of production facilities"),
            False,
        ),
        (gettext_lazy("Form F: Areas contaminated by cluster munitions and their clearance"), False),
        (gettext_lazy("Form G: Risk reduction education and warnings"), False),
        (gettext_lazy("Form H: Victim assistance"), False),
        (gettext_lazy("Form I: National resources and international cooperation and assistance"), False),
        (gettext_lazy("Form J: Other relevant matters"), False),
    ],
    Kind.DECLARATION: [("", False)],
}


class OutcomeError(Exception):
    """A request the rules of drafting and negotiation do not allow; the message is for the user."""


class ParagraphConflict(ConcurrentEditError, OutcomeError):
    """Someone saved the paragraph after this form was opened: nothing is overwritten."""

    def __init__(self, current: Paragraph, message=None):
        super().__init__(
            current,
            message
            or _(
                "Someone else saved this paragraph after you opened it. Their text and yours are shown "
                "side by side; your text is kept in the form. Merge them and save again."
            ),
        )


class NeedsReconciliation(OutcomeError):
    """The proposal was made on a text that has since changed or been deleted."""

    def __init__(self, proposal: Proposal):
        self.proposal = proposal
        super().__init__(
            _(
                "This proposal was made on an earlier text of the paragraph. Compare the current text with "
                "the proposed one, adjust the text to accept, and confirm."
            )
        )


class AdoptionBlocked(OutcomeError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(
            _("The text cannot be adopted yet: %(count)d point(s) remain open.") % {"count": len(problems)}
        )


def _log(document: OutcomeDocument, by, action: str, subject=None, detail: str = "") -> None:
    log_action(trail=document.trail, actor=by, action=action, subject=subject or document, detail=detail)


def _lock(document: OutcomeDocument) -> OutcomeDocument:
    """Lock the document row: structural changes and transitions of one document run one at a time."""
    return OutcomeDocument.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=document.pk)


def _require_text_editor(by, document: OutcomeDocument) -> None:
    if not outcome_rules.is_drafter.test(by, document):
        raise OutcomeError(_("Only the drafters of this document and the secretariat can change its text."))
    if not document.is_open_for_work:
        raise OutcomeError(
            _("The text is %(state)s and can no longer be changed.") % {"state": document.get_state_display().lower()}
        )


def _clean_text(text: str, *, field: str = "text") -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise OutcomeError(_("The %(field)s cannot be empty.") % {"field": field})
    if len(text) > MAX_TEXT:
        raise OutcomeError(
            _("The %(field)s is too long (at most %(max)d characters).") % {"field": field, "max": MAX_TEXT}
        )
    return text


def _record(paragraph: Paragraph, by, action: str, *, before="", after="", detail="", proposal=None) -> None:
    ParagraphChange.objects.create(
        paragraph=paragraph,
        action=action,
        by=by if getattr(by, "pk", None) else None,
        text_before=before,
        text_after=after,
        version=paragraph.version,
        detail=detail[:300],
        proposal=proposal,
    )


# --- documents ---------------------------------------------------------------


@transaction.atomic
def document_create(
    *,
    meeting: Meeting,
    by,
    kind: str,
    title: str,
    agenda_item: str = "",
    agenda_item_ref: int | None = None,
    original_language: str = "en",
    distribution: str = OutcomeDocument.Distribution.LIMITED,
    sponsors=(),
    drafters=(),
    with_outline: bool = True,
) -> OutcomeDocument:
    """Create a draft outcome document, with the sections its kind usually has; secretariat only."""
    if not outcome_rules.can_create.test(by):
        raise OutcomeError(_("Only the secretariat can open a new outcome document."))
    title = (title or "").strip()
    if not title:
        raise OutcomeError(_("Give the document a title."))
    _check_sponsors(meeting, sponsors)
    agenda_item_ref, agenda_item = _agenda_item(meeting, agenda_item_ref, agenda_item, original_language)
    document = OutcomeDocument.objects.create(
        meeting=meeting,
        kind=kind,
        title=title,
        agenda_item_ref=agenda_item_ref,
        agenda_item=agenda_item,
        original_language=original_language,
        distribution=distribution,
        created_by=by,
    )
    document.sponsors.set(sponsors)
    document.drafters.set(drafters)
    if with_outline:
        with translation.override(portal_language(original_language) or settings.LANGUAGE_CODE):
            for position, (heading, numbered) in enumerate(DEFAULT_OUTLINES.get(kind, [("", False)])):
                Section.objects.create(document=document, heading=str(heading), numbered=numbered, position=position)
    _log(document, by, "created outcome document")
    return document


def _agenda_item(meeting: Meeting, ref, typed: str, language: str) -> tuple[int | None, str]:
    """(item key, header text) to store: the key must be an item of this meeting's agenda (another
    meeting's is refused); the heading as the agenda now has it is kept as the text, printed if
    the item is deleted from the agenda."""
    typed = (typed or "").strip()
    if ref in (None, ""):
        return None, typed
    try:
        ref = int(ref)
    except (TypeError, ValueError):
        raise OutcomeError(_("Choose an item of this meeting's agenda.")) from None
    items = outcome_agenda.items_of(meeting)
    if ref not in items:
        raise OutcomeError(_("Choose an item of this meeting's agenda."))
    return ref, outcome_agenda.heading(*items[ref], language)


def _check_sponsors(meeting: Meeting, sponsors) -> None:
    for delegation in sponsors:
        if delegation.meeting_id != meeting.pk:
            raise OutcomeError(_("%(name)s is not a delegation to this meeting.") % {"name": delegation})


@transaction.atomic
def document_update(
    *,
    document: OutcomeDocument,
    by,
    title: str,
    kind: str,
    agenda_item: str,
    original_language: str,
    distribution: str,
    sponsors,
    agenda_item_ref: int | None = None,
) -> OutcomeDocument:
    """Change the particulars printed in the header; drafters, until the text is adopted."""
    document = _lock(document)
    if not outcome_rules.can_edit_settings.test(by, document):
        raise OutcomeError(_("Only the drafters can change this document's particulars, and not once adopted."))
    title = (title or "").strip()
    if not title:
        raise OutcomeError(_("Give the document a title."))
    _check_sponsors(document.meeting, sponsors)
    document.agenda_item_ref, document.agenda_item = _agenda_item(
        document.meeting, agenda_item_ref, agenda_item, original_language
    )
    document.title, document.kind = title, kind
    document.original_language, document.distribution = original_language, distribution
    document.save(
        update_fields=[
            "title",
            "kind",
            "agenda_item_ref",
            "agenda_item",
            "original_language",
            "distribution",
            "updated_at",
        ]
    )
    document.sponsors.set(sponsors)
    _log(document, by, "changed particulars")
    return document


@transaction.atomic
def drafter_add(*, document: OutcomeDocument, user, by) -> None:
    """Name a drafter (the presidency, a Friend of the President); secretariat only."""
    if not outcome_rules.can_manage.test(by, document):
        raise OutcomeError(_("Only the secretariat names the drafters of a document."))
    if not user.is_active:
        raise OutcomeError(_("%(name)s's account is not active.") % {"name": user})
    if document.drafters.filter(pk=user.pk).exists():
        raise OutcomeError(_("%(name)s is already a drafter of this document.") % {"name": user})
    document.drafters.add(user)
    _log(document, by, "named drafter", detail=str(user))


@transaction.atomic
def drafter_remove(*, document: OutcomeDocument, user, by) -> None:
    if not outcome_rules.can_manage.test(by, document):
        raise OutcomeError(_("Only the secretariat names the drafters of a document."))
    document.drafters.remove(user)
    _log(document, by, "removed drafter", detail=str(user))


# --- sections ----------------------------------------------------------------


def _active_sections(document: OutcomeDocument) -> list[Section]:
    return list(Section.objects.filter(document=document, removed_at__isnull=True).order_by("position", "pk"))


def _save_order(rows: list, model) -> None:
    changed = []
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position
            changed.append(row)
    if changed:
        model.objects.bulk_update(changed, ["position"])


@transaction.atomic
def section_add(
    *, document: OutcomeDocument, by, heading: str, numbered: bool = True, after: Section | None = None
) -> Section:
    """Add a section at the end, or after the given one."""
    document = _lock(document)
    _require_text_editor(by, document)
    sections = _active_sections(document)
    index = len(sections)
    if after is not None:
        index = next((i + 1 for i, s in enumerate(sections) if s.pk == after.pk), len(sections))
    section = Section.objects.create(
        document=document, heading=heading.strip()[:300], numbered=numbered, position=index
    )
    sections.insert(index, section)
    _save_order(sections, Section)
    _log(document, by, "added section", detail=section.heading)
    return section


@transaction.atomic
def section_update(*, section: Section, by, heading: str, numbered: bool) -> Section:
    document = _lock(section.document)
    _require_text_editor(by, document)
    before = section.heading
    section.heading, section.numbered = heading.strip()[:300], numbered
    section.save(update_fields=["heading", "numbered"])
    _log(document, by, "renamed section", detail=f"{before} → {section.heading}")
    return section


@transaction.atomic
def section_move(*, section: Section, by, direction: str) -> Section:
    """Swap a section with the one before ("up") or after ("down")."""
    document = _lock(section.document)
    _require_text_editor(by, document)
    sections = _active_sections(document)
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(sections):
        raise OutcomeError(
            _("This section is already the first.") if direction == "up" else _("This section is already the last.")
        )
    sections[index], sections[target] = sections[target], sections[index]
    _save_order(sections, Section)
    _log(document, by, "moved section", detail=section.heading)
    return section


@transaction.atomic
def section_remove(*, section: Section, by) -> None:
    """Delete an empty section; one that still has paragraphs is refused."""
    document = _lock(section.document)
    _require_text_editor(by, document)
    if section.paragraphs.filter(removed_at__isnull=True).exists():
        raise OutcomeError(_("Move or delete this section's paragraphs first."))
    section.removed_at = timezone.now()
    section.save(update_fields=["removed_at"])
    _save_order(_active_sections(document), Section)
    _log(document, by, "deleted section", detail=section.heading)


# --- paragraphs --------------------------------------------------------------


def _active_paragraphs(section: Section) -> list[Paragraph]:
    return list(Paragraph.objects.filter(section=section, removed_at__isnull=True).order_by("position", "pk"))


def _insert(section: Section, paragraph: Paragraph, index: int) -> None:
    rows = _active_paragraphs(section)
    rows = [p for p in rows if p.pk != paragraph.pk]
    index = max(0, min(index, len(rows)))
    rows.insert(index, paragraph)
    _save_order(rows, Paragraph)


@transaction.atomic
def paragraph_add(
    *,
    document: OutcomeDocument,
    section: Section,
    by,
    kind: str,
    text: str,
    after: Paragraph | None = None,
    proposal: Proposal | None = None,
) -> Paragraph:
    """Insert a paragraph at the end of a section, or right after `after`; numbers follow by themselves."""
    document = _lock(document)
    _require_text_editor(by, document)
    if section.document_id != document.pk or section.removed_at:
        raise OutcomeError(_("That section is not part of this document."))
    if kind not in Paragraph.Kind.values:
        raise OutcomeError(_("Choose the kind of paragraph."))
    text = _clean_text(text)
    rows = _active_paragraphs(section)
    index = len(rows)
    if after is not None:
        index = next((i + 1 for i, p in enumerate(rows) if p.pk == after.pk), len(rows))
    paragraph = Paragraph.objects.create(
        document=document, section=section, kind=kind, text=text, position=index, updated_by=by
    )
    rows.insert(index, paragraph)
    _save_order(rows, Paragraph)
    _record(
        paragraph,
        by,
        ParagraphChange.Action.PROPOSAL if proposal else ParagraphChange.Action.CREATED,
        after=text,
        proposal=proposal,
        detail=f"inserted on a proposal by {proposal.delegation}" if proposal else "",
    )
    _log(document, by, "added paragraph", subject=document, detail=text[:200])
    return paragraph


def _write_text(
    paragraph: Paragraph,
    *,
    by,
    text: str,
    kind: str | None,
    expected_version: int,
    action: str = ParagraphChange.Action.EDITED,
    proposal: Proposal | None = None,
    detail: str = "",
) -> Paragraph:
    """Conditional update on the version: a stale form never overwrites a newer text."""
    current = Paragraph.objects.get(pk=paragraph.pk)
    check_version(current, expected_version, error=ParagraphConflict)
    kind = kind or current.kind
    if current.text == text and current.kind == kind:
        return current
    status = current.status
    notes = [detail] if detail else []
    if current.text != text and status != Paragraph.Status.OPEN:
        # Agreed language that changes is open again: nothing is agreed until everything is agreed.
        status = Paragraph.Status.OPEN
        notes.append(_("reopened: the agreed text changed"))
    if current.kind != kind:
        notes.append(f"{current.get_kind_display()} → {Paragraph.Kind(kind).label}")
    rows = Paragraph.objects.filter(pk=current.pk, version=expected_version).update(
        text=text, kind=kind, status=status, version=F("version") + 1, updated_by=by, updated_at=timezone.now()
    )
    if rows != 1:
        raise ParagraphConflict(Paragraph.objects.get(pk=current.pk))
    saved = Paragraph.objects.get(pk=current.pk)
    _record(saved, by, action, before=current.text, after=text, detail="; ".join(notes), proposal=proposal)
    return saved


@transaction.atomic
def paragraph_update(
    *, paragraph: Paragraph, by, text: str, kind: str | None = None, expected_version: int
) -> Paragraph:
    """Save a paragraph's new text if nobody saved it since `expected_version`; else ParagraphConflict."""
    document = OutcomeDocument.objects.select_related("meeting").get(pk=paragraph.document_id)
    _require_text_editor(by, document)
    paragraph = Paragraph.objects.get(pk=paragraph.pk)
    if paragraph.is_removed:
        raise OutcomeError(_("This paragraph has been deleted; restore it first."))
    if kind is not None and kind not in Paragraph.Kind.values:
        raise OutcomeError(_("Choose the kind of paragraph."))
    saved = _write_text(paragraph, by=by, text=_clean_text(text), kind=kind, expected_version=expected_version)
    _log(document, by, "edited paragraph", detail=saved.text[:200])
    return saved


@transaction.atomic
def paragraph_move(*, paragraph: Paragraph, by, direction: str) -> Paragraph:
    """Move one place up or down; past the edge of a section it moves into the neighbouring section."""
    document = _lock(paragraph.document)
    _require_text_editor(by, document)
    paragraph = Paragraph.objects.get(pk=paragraph.pk)
    if paragraph.is_removed:
        raise OutcomeError(_("This paragraph has been deleted."))
    rows = _active_paragraphs(paragraph.section)
    index = next(i for i, p in enumerate(rows) if p.pk == paragraph.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(rows):
        rows[index], rows[target] = rows[target], rows[index]
        _save_order(rows, Paragraph)
        detail = _("moved up") if direction == "up" else _("moved down")
    else:
        sections = _active_sections(document)
        s_index = next(i for i, s in enumerate(sections) if s.pk == paragraph.section_id)
        s_target = s_index - 1 if direction == "up" else s_index + 1
        if not 0 <= s_target < len(sections):
            raise OutcomeError(
                _("This paragraph is already the first.")
                if direction == "up"
                else _("This paragraph is already the last.")
            )
        old_section, new_section = paragraph.section, sections[s_target]
        paragraph.section = new_section
        paragraph.save(update_fields=["section"])
        _save_order([p for p in rows if p.pk != paragraph.pk], Paragraph)
        _insert(new_section, paragraph, 10**6 if direction == "up" else 0)
        detail = f"{old_section.heading or _('untitled section')} → {new_section.heading or _('untitled section')}"
    _record(paragraph, by, ParagraphChange.Action.MOVED, detail=str(detail))
    _log(document, by, "moved paragraph", detail=paragraph.text[:200])
    return paragraph


@transaction.atomic
def paragraph_move_to(*, paragraph: Paragraph, by, section: Section, index: int) -> Paragraph:
    """Move a paragraph to position `index` (0-based, among the active paragraphs) of any section."""
    document = _lock(paragraph.document)
    _require_text_editor(by, document)
    paragraph = Paragraph.objects.get(pk=paragraph.pk)
    if section.document_id != document.pk or section.removed_at:
        raise OutcomeError(_("That section is not part of this document."))
    if paragraph.is_removed:
        raise OutcomeError(_("This paragraph has been deleted."))
    old_section = paragraph.section
    if old_section.pk != section.pk:
        paragraph.section = section
        paragraph.save(update_fields=["section"])
        _save_order([p for p in _active_paragraphs(old_section) if p.pk != paragraph.pk], Paragraph)
    _insert(section, paragraph, index)
    _record(
        paragraph, by, ParagraphChange.Action.MOVED, detail=f"→ {section.heading or _('untitled section')}, {index + 1}"
    )
    _log(document, by, "moved paragraph", detail=paragraph.text[:200])
    return paragraph


@transaction.atomic
def paragraph_remove(*, paragraph: Paragraph, by, proposal: Proposal | None = None) -> Paragraph:
    """Delete a paragraph from the working text; its history and the proposals made on it stay."""
    document = _lock(paragraph.document)
    _require_text_editor(by, document)
    paragraph = Paragraph.objects.get(pk=paragraph.pk)
    if paragraph.is_removed:
        raise OutcomeError(_("This paragraph has already been deleted."))
    rows = _active_paragraphs(paragraph.section)
    paragraph.removed_at = timezone.now()
    paragraph.updated_by = by
    paragraph.save(update_fields=["removed_at", "updated_by", "updated_at"])
    _save_order([p for p in rows if p.pk != paragraph.pk], Paragraph)
    _record(
        paragraph,
        by,
        ParagraphChange.Action.PROPOSAL if proposal else ParagraphChange.Action.REMOVED,
        before=paragraph.text,
        proposal=proposal,
        detail=f"deleted on a proposal by {proposal.delegation}" if proposal else "",
    )
    _log(document, by, "deleted paragraph", detail=paragraph.text[:200])
    return paragraph


@transaction.atomic
def paragraph_restore(
    *, paragraph: Paragraph, by, text: str | None = None, proposal: Proposal | None = None
) -> Paragraph:
    """Bring a deleted paragraph back where it was (and its section, if that was deleted too)."""
    document = _lock(paragraph.document)
    _require_text_editor(by, document)
    paragraph = Paragraph.objects.select_related("section").get(pk=paragraph.pk)
    if not paragraph.is_removed:
        raise OutcomeError(_("This paragraph is not deleted."))
    section = paragraph.section
    if section.removed_at:
        section.removed_at = None
        section.save(update_fields=["removed_at"])
        _save_order(_active_sections(document), Section)
    before = paragraph.text
    paragraph.removed_at = None
    paragraph.updated_by = by
    if text is not None:
        paragraph.text = _clean_text(text)
        paragraph.status = Paragraph.Status.OPEN
    paragraph.version = paragraph.version + 1
    paragraph.save()
    _insert(section, paragraph, paragraph.position)
    _record(
        paragraph,
        by,
        ParagraphChange.Action.PROPOSAL if proposal else ParagraphChange.Action.RESTORED,
        before=before,
        after=paragraph.text,
        proposal=proposal,
        detail=f"restored on a proposal by {proposal.delegation}" if proposal else "",
    )
    _log(document, by, "restored paragraph", detail=paragraph.text[:200])
    return paragraph


@transaction.atomic
def paragraph_mark(*, paragraph: Paragraph, by, status: str) -> Paragraph:
    """Mark a paragraph open, agreed ad referendum or agreed; bracketed text cannot be agreed."""
    document = OutcomeDocument.objects.select_related("meeting").get(pk=paragraph.document_id)
    _require_text_editor(by, document)
    paragraph = Paragraph.objects.select_for_update().get(pk=paragraph.pk)
    if paragraph.is_removed:
        raise OutcomeError(_("This paragraph has been deleted."))
    if status not in Paragraph.Status.values:
        raise OutcomeError(_("Choose open, agreed ad referendum or agreed."))
    if status != Paragraph.Status.OPEN and markup.has_brackets(paragraph.text):
        raise OutcomeError(
            _("Text in square brackets remains: remove the brackets before marking the paragraph agreed.")
        )
    if paragraph.status == status:
        return paragraph
    before = paragraph.get_status_display()
    paragraph.status = status
    paragraph.save(update_fields=["status", "updated_at"])
    _record(paragraph, by, ParagraphChange.Action.MARKED, detail=f"{before} → {paragraph.get_status_display()}")
    _log(document, by, "marked paragraph", detail=f"{paragraph.get_status_display()}: {paragraph.text[:150]}")
    return paragraph


@transaction.atomic
def mark_all_agreed(*, document: OutcomeDocument, by) -> int:
    """Mark every open paragraph without brackets as agreed, as the chair does when the room agrees."""
    document = _lock(document)
    _require_text_editor(by, document)
    count = 0
    for paragraph in Paragraph.objects.filter(document=document, status=Paragraph.Status.OPEN).active():
        if not markup.has_brackets(paragraph.text):
            paragraph.status = Paragraph.Status.AGREED
            paragraph.save(update_fields=["status", "updated_at"])
            _record(paragraph, by, ParagraphChange.Action.MARKED, detail="Open → Agreed (all agreed)")
            count += 1
    _log(document, by, "marked all paragraphs without brackets agreed", detail=str(count))
    return count


@transaction.atomic
def paragraphs_mark_agreed(*, document: OutcomeDocument, by, versions: dict[int, int]) -> int:
    """Mark the chosen paragraphs agreed in one step, as the room agrees a run of them; returns how many changed.

    `versions` maps each chosen paragraph's id to the version of its text the drafter saw. All or
    nothing: refuses, marking none, when nothing is chosen, a paragraph is deleted or not of this
    document, its text was saved since that version (ParagraphConflict), or square brackets remain.
    Paragraphs already agreed are left as they are.
    """
    document = _lock(document)
    _require_text_editor(by, document)
    if not versions:
        raise OutcomeError(_("Choose at least one paragraph to mark agreed."))
    paragraphs = list(
        Paragraph.objects.select_for_update()
        .filter(document=document, pk__in=list(versions))
        .order_by("section__position", "position")
    )
    if len(paragraphs) != len(versions) or any(p.is_removed for p in paragraphs):
        raise OutcomeError(
            _("A chosen paragraph has been deleted or moved out of this document: reload the page; nothing is marked.")
        )
    labels = selectors.paragraph_labels(document)

    def named(chosen: list[Paragraph]) -> str:
        return ", ".join(labels.get(p.pk) or _("unnumbered text") for p in chosen)

    stale = [p for p in paragraphs if p.version != versions[p.pk]]
    if stale:
        raise ParagraphConflict(
            stale[0],
            ngettext(
                "%(labels)s was changed after you opened the page: nothing is marked. Reload and check it.",
                "%(labels)s were changed after you opened the page: nothing is marked. Reload and check them.",
                len(stale),
            )
            % {"labels": named(stale)},
        )
    bracketed = [p for p in paragraphs if markup.has_brackets(p.text)]
    if bracketed:
        raise OutcomeError(
            ngettext(
                "Text in square brackets remains in %(labels)s: it cannot be agreed; nothing is marked.",
                "Text in square brackets remains in %(labels)s: they cannot be agreed; nothing is marked.",
                len(bracketed),
            )
            % {"labels": named(bracketed)}
        )
    changed = [p for p in paragraphs if p.status != Paragraph.Status.AGREED]
    for paragraph in changed:
        before = paragraph.get_status_display()
        paragraph.status = Paragraph.Status.AGREED
        paragraph.save(update_fields=["status", "updated_at"])
        _record(paragraph, by, ParagraphChange.Action.MARKED, detail=f"{before} → {paragraph.get_status_display()}")
    if changed:
        _log(document, by, "marked paragraphs agreed", detail=f"{len(changed)}: {named(changed)}"[:1000])
    return len(changed)


# --- transitions ---------------------------------------------------------------


def _source(document: OutcomeDocument, number: int) -> str:
    return f"outcomes.document:{document.pk}:{number}"


def _register_agenda_item(document: OutcomeDocument) -> dict:
    """The register's agenda item: the linked item's current number and title, else the typed text."""
    found = outcome_agenda.linked_item(document)
    if found:
        return {"agenda_item_number": found[0], "agenda_item_title": found[1]}
    return {"agenda_item_title": document.agenda_item}


def _register_particulars(document: OutcomeDocument, *, category: str) -> dict:
    """What the register records of a frozen text: its title, author, agenda item, distribution."""
    states = [code for code in document.sponsors.values_list("country", flat=True) if code]
    if len(states) > 1:
        author = "Multiple States"
    elif states:
        with translation.override("en"):
            author = countries.name(states[0])
    else:
        author = "The President"
    return {
        "category": category,
        "title": document.title,
        "author": author,
        "author_states": states,
        **_register_agenda_item(document),
        "distribution": document.distribution,
        "original_language": document.original_language,
    }


def _register_frozen_text(document: OutcomeDocument, *, by, now, adopted: bool = False, own_symbol: str = "") -> str:
    """Issue the symbol of the document's next frozen text from the meeting's register, and return it.

    The first circulation takes the next WP number (never below one another outcome document
    already carries); later texts are revisions of that paper (…/WP.n/Rev.m); an adopted text
    named by the meeting (…/4) takes that number of the main series. The register refuses a
    symbol another document holds.
    """
    meeting = document.meeting
    issued_on = timezone.localdate(now, timezone=meeting.tzinfo)
    category = RegisteredDocument.Category.OUTCOME if adopted else RegisteredDocument.Category.WORKING_PAPER
    particulars = _register_particulars(document, category=category)
    number = document.revisions.count()
    source = _source(document, number)
    try:
        if own_symbol:
            parsed = register.parse_symbol(meeting, own_symbol)
            if parsed is None:
                if RegisteredDocument.objects.filter(symbol=own_symbol).exists():
                    raise register.DocumentError(_("The symbol %(symbol)s is already in use.") % {"symbol": own_symbol})
                return own_symbol  # a shape the register does not hand out (…/WP.1/Rev.2/Add.1): kept as typed
            series, wanted = parsed
            registered = register.document_reserve(
                meeting=meeting,
                series=series,
                number=wanted,
                by=by,
                issue=True,
                issued_on=issued_on,
                source=source,
                **particulars,
            )
        elif document.wp_number is None:
            used = OutcomeDocument.objects.filter(meeting=meeting).aggregate(top=Max("wp_number"))["top"] or 0
            registered = register.document_reserve(
                meeting=meeting,
                series="WP",
                at_least=used + 1,
                by=by,
                issue=True,
                issued_on=issued_on,
                source=source,
                **particulars,
            )
            document.wp_number = registered.number
        else:
            paper = RegisteredDocument.objects.filter(meeting=meeting, symbol=document.base_symbol).first()
            if paper is None:
                # A paper numbered before the register existed: its revisions keep the old numbering.
                return selectors.next_symbol(document)
            registered = register.document_reserve_suffix(
                parent=paper, suffix="Rev", by=by, issue=True, issued_on=issued_on, source=source, **particulars
            )
    except register.DocumentError as exc:
        raise OutcomeError(str(exc)) from exc
    return registered.symbol


def _freeze(document: OutcomeDocument, *, by, kind: str, symbol: str, now, deadline=None, snapshot=None) -> Revision:
    number = document.revisions.count()
    snapshot = snapshot if snapshot is not None else selectors.build_snapshot(document)
    try:
        with transaction.atomic():
            revision = Revision.objects.create(
                document=document,
                number=number,
                kind=kind,
                symbol=symbol,
                title=document.title,
                snapshot=snapshot,
                fingerprint=snapshot_fingerprint(snapshot),
                comment_deadline=deadline,
                created_by=by,
                created_at=now,
            )
    except IntegrityError:
        raise OutcomeError(_("The symbol %(symbol)s is already in use.") % {"symbol": symbol}) from None
    _remember_agenda_heading(document, snapshot.get("agenda_item", ""))
    # A frozen text never changes: its PDF is rendered once, now, and served to every reader.
    renderers.render_revision_when_committed(revision)
    return revision


def _remember_agenda_heading(document: OutcomeDocument, printed: str) -> None:
    """Keep the linked item's heading as the frozen text printed it: the document's fallback text,
    printed if the item is later deleted from the agenda (its number may have changed since the
    document's particulars were saved)."""
    if document.agenda_item_ref and printed and printed != document.agenda_item:
        document.agenda_item = printed
        OutcomeDocument.objects.filter(pk=document.pk).update(agenda_item=printed)


def _require_transition(by, document: OutcomeDocument, action: str) -> None:
    # The step's rule checks OutcomeDocument.TRANSITIONS from the locked row's state, then who acts.
    if not outcome_rules.TRANSITIONS[action].test(by, document):
        raise OutcomeError(
            _("You cannot %(action)s this document while it is %(state)s.")
            % {"action": action, "state": document.get_state_display().lower()}
        )


@transaction.atomic
def document_circulate(*, document: OutcomeDocument, by, comment_deadline, notify: bool = True, now=None) -> Revision:
    """Freeze the working text as the next revision under its symbol and circulate it for comments.

    The first circulation gives the document its working-paper number from the
    meeting's counter (…/WP.n); later ones issue …/WP.n/Rev.1, Rev.2 … The focal
    points of the accredited delegations are e-mailed after the commit.
    """
    now = now or timezone.now()
    document = _lock(document)
    _require_transition(by, document, "circulate")
    meeting = document.meeting
    if not meeting.symbol_prefix:
        raise OutcomeError(_("This meeting has no symbol prefix: set it on the meeting first (e.g. CCM/MSP/2010)."))
    if comment_deadline is None or comment_deadline <= now:
        raise OutcomeError(_("Set a deadline for comments in the future."))
    if not Paragraph.objects.filter(document=document).active().exists():
        raise OutcomeError(_("There is no text to circulate yet."))
    # The document row is locked (_lock above), so a second click waits here until the
    # first has committed its revision, and then sees it.
    snapshot = selectors.build_snapshot(document)
    last = document.revisions.order_by("-number").first()
    if last is not None and (last.fingerprint or snapshot_fingerprint(last.snapshot)) == snapshot_fingerprint(snapshot):
        raise OutcomeError(
            _(
                "The text is the same as %(symbol)s, already circulated: nothing was issued and nobody was e-mailed. "
                "Change the text before circulating a new revision."
            )
            % {"symbol": last.symbol}
        )
    symbol = _register_frozen_text(document, by=by, now=now)
    revision = _freeze(
        document,
        by=by,
        kind=Revision.Kind.CIRCULATED,
        symbol=symbol,
        now=now,
        deadline=comment_deadline,
        snapshot=snapshot,
    )
    document.state = State.CIRCULATED
    document.symbol = symbol
    document.comment_deadline = comment_deadline
    document.save(update_fields=["state", "symbol", "wp_number", "comment_deadline", "updated_at"])
    due = iso_minutes(comment_deadline, document.meeting.tzinfo)
    _log(document, by, "circulated", detail=f"{symbol}; comments by {due}")
    if notify:
        transaction.on_commit(partial(notifications.document_circulated, revision.pk))
    return revision


@transaction.atomic
def document_open_negotiation(*, document: OutcomeDocument, by) -> OutcomeDocument:
    """Open the negotiation on the circulated text: delegations see the working text from now on."""
    document = _lock(document)
    _require_transition(by, document, "negotiate")
    document.state = State.NEGOTIATION
    document.save(update_fields=["state", "updated_at"])
    _log(document, by, "opened negotiation")
    return document


def adoption_problems(document: OutcomeDocument) -> list[str]:
    problems = selectors.adoption_problems(document)
    pending = Proposal.objects.filter(document=document, status=Proposal.Status.PENDING).select_related("delegation")
    for proposal in pending:
        where = proposal.base_label or _("the whole document")
        problems.append(
            _("Proposal by %(delegation)s on %(where)s is still pending.")
            % {"delegation": proposal.delegation, "where": where}
        )
    return problems


@transaction.atomic
def document_adopt(*, document: OutcomeDocument, by, own_symbol: str = "", now=None) -> Revision:
    """Record the meeting's adoption and freeze the adopted text; secretariat only.

    Refused (AdoptionBlocked, listing where) while a paragraph is open, square
    brackets remain or a proposal awaits a decision. The adopted text gets its
    own symbol when one is given (e.g. CCM/MSP/2010/4), else the next revision's.
    """
    now = now or timezone.now()
    document = _lock(document)
    _require_transition(by, document, "adopt")
    if problems := adoption_problems(document):
        raise AdoptionBlocked(problems)
    own_symbol = (own_symbol or "").strip()
    prefix = document.meeting.symbol_prefix
    if own_symbol and (
        not SYMBOL_RE.match(own_symbol) or not own_symbol.startswith(f"{prefix}/") or own_symbol == f"{prefix}/"
    ):
        raise OutcomeError(
            _("The symbol must start with the meeting's prefix, e.g. %(prefix)s/4.") % {"prefix": prefix}
        )
    # The adopted text is issued for general distribution.
    document.distribution = OutcomeDocument.Distribution.GENERAL
    document.save(update_fields=["distribution"])
    symbol = _register_frozen_text(document, by=by, now=now, adopted=True, own_symbol=own_symbol)
    revision = _freeze(document, by=by, kind=Revision.Kind.ADOPTED, symbol=symbol, now=now)
    document.state = State.ADOPTED
    document.symbol = symbol
    document.adopted_at = now
    document.save(update_fields=["state", "symbol", "adopted_at", "updated_at"])
    _log(document, by, "recorded adoption", detail=symbol)
    return revision


@transaction.atomic
def document_publish(*, document: OutcomeDocument, by, now=None) -> OutcomeDocument:
    """Put the adopted text on the meeting's public documents page; secretariat only."""
    document = _lock(document)
    _require_transition(by, document, "publish")
    document.state = State.PUBLISHED
    document.published_at = now or timezone.now()
    document.save(update_fields=["state", "published_at", "updated_at"])
    _log(document, by, "published")
    # The published text is a tagged PDF/UA file: rendered now, before the first visitor asks.
    renderers.render_document_when_committed(document)
    return document


# --- proposals -----------------------------------------------------------------


def proposal_base(document: OutcomeDocument, paragraph: Paragraph) -> tuple[str, str, Revision | None]:
    """The text and label the delegation is looking at: the circulated revision's, or the live one in negotiation."""
    revision = document.revisions.order_by("-number").first()
    if document.state == State.CIRCULATED and revision is not None:
        for section in revision.snapshot.get("sections", []):
            for item in section["paragraphs"]:
                if item["uid"] == str(paragraph.uid):
                    label = (
                        f"Action #{item['action']}"
                        if item.get("action")
                        else (f"paragraph {item['number']}" if item.get("number") else "")
                    )
                    return item["text"], label, revision
        # Added to the working text after the circulation: delegations have not seen it yet.
        raise OutcomeError(_("This paragraph is not part of the circulated text."))
    if paragraph.is_removed:
        raise OutcomeError(_("This paragraph is no longer part of the text."))
    # The label is stored with the proposal and read by everyone: in the portal's language, not the proposer's.
    with translation.override(settings.LANGUAGE_CODE):
        labels = selectors.paragraph_labels(document)
    return paragraph.text, labels.get(paragraph.pk, ""), revision


@transaction.atomic
def proposal_create(
    *,
    document: OutcomeDocument,
    delegation: Delegation,
    by,
    kind: str,
    paragraph: Paragraph | None = None,
    text: str = "",
    rationale: str = "",
    seen_version: int | None = None,
) -> Proposal:
    """A delegation proposes to replace, insert after or delete a paragraph, or comments on the document.

    Refused for delegations that are not accredited to this meeting, outside
    circulation and negotiation, after the comment deadline, and in negotiation
    when the paragraph changed since the delegate opened it (their text is kept): there
    `seen_version`, the paragraph's version the delegate read, is required.
    """
    document = OutcomeDocument.objects.select_related("meeting").get(pk=document.pk)
    refusal = outcome_rules.proposal_refusal(by, document, delegation)
    if refusal:
        raise OutcomeError(refusal)
    if kind not in Proposal.Kind.values:
        raise OutcomeError(_("Choose what you propose."))
    text = (text or "").replace("\r\n", "\n").strip()
    rationale = (rationale or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_TEXT or len(rationale) > MAX_TEXT:
        raise OutcomeError(_("The text is too long (at most %(max)d characters).") % {"max": MAX_TEXT})
    base_text, base_label, revision = "", "", document.revisions.order_by("-number").first()
    if kind == Proposal.Kind.COMMENT:
        paragraph = None
        if not text:
            raise OutcomeError(_("Write your comment."))
    else:
        if paragraph is None or paragraph.document_id != document.pk:
            raise OutcomeError(_("Choose the paragraph your proposal is about."))
        paragraph = Paragraph.objects.get(pk=paragraph.pk)
        if kind in (Proposal.Kind.REPLACE, Proposal.Kind.INSERT_AFTER) and not text:
            raise OutcomeError(_("Write the text you propose."))
        if kind == Proposal.Kind.DELETE:
            text = ""
        if not rationale:
            raise OutcomeError(_("Explain the reason for your proposal."))
        if document.state == State.NEGOTIATION and not paragraph.is_removed:
            # The delegate proposes on the live text: a missing or stale version of it is refused.
            check_version(paragraph, seen_version, error=ParagraphConflict)
        base_text, base_label, revision = proposal_base(document, paragraph)
        if kind == Proposal.Kind.REPLACE and text == base_text:
            raise OutcomeError(_("The proposed text is the same as the current text."))
    proposal = Proposal.objects.create(
        document=document,
        paragraph=paragraph,
        revision=revision,
        kind=kind,
        base_text=base_text,
        base_label=base_label,
        text=text,
        rationale=rationale,
        delegation=delegation,
        submitted_by=by,
    )
    _log(document, by, "proposed", subject=proposal, detail=f"{proposal.get_kind_display()} {base_label}".strip())
    return proposal


def _locked_proposal(proposal: Proposal, *related: str) -> Proposal:
    # Only the proposal row is locked: the paragraph may be null (outer join) and others are read only.
    return Proposal.objects.select_for_update(of=("self",)).select_related(*related).get(pk=proposal.pk)


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, by) -> Proposal:
    """The proposing delegation withdraws its pending proposal."""
    proposal = _locked_proposal(proposal, "delegation", "document")
    if not outcome_rules.is_proposer.test(by, proposal):
        raise OutcomeError(_("Only the proposing delegation can withdraw its proposal."))
    if not proposal.is_pending:
        raise OutcomeError(_("This proposal has already been decided or withdrawn."))
    proposal.require_transition(Proposal.Status.WITHDRAWN, OutcomeError)
    proposal.status = Proposal.Status.WITHDRAWN
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_at"])
    _log(proposal.document, by, "withdrew proposal", subject=proposal)
    return proposal


# How long after withdrawing a delegation may take its proposal back with "Undo"; later the
# drafters may have planned without it, so the delegation proposes again instead.
PROPOSAL_UNDO_MINUTES = 10


@transaction.atomic
def proposal_reinstate(*, proposal: Proposal, by) -> Proposal:
    """Make a just-withdrawn proposal pending again (the Undo offered after withdrawing).

    Refuses anyone but the proposing delegation, a proposal that is not withdrawn (a decided one
    stays decided), a withdrawal older than PROPOSAL_UNDO_MINUTES, and a document that no longer
    takes proposals.
    """
    proposal = _locked_proposal(proposal, "delegation", "document")
    if not outcome_rules.is_proposer.test(by, proposal):
        raise OutcomeError(_("Only the proposing delegation can take its proposal back."))
    if proposal.status != Proposal.Status.WITHDRAWN:
        raise OutcomeError(_("This proposal is not withdrawn: there is nothing to undo."))
    if proposal.decided_at is None or timezone.now() - proposal.decided_at > timedelta(minutes=PROPOSAL_UNDO_MINUTES):
        raise OutcomeError(_("It is too late to undo the withdrawal: make the proposal again instead."))
    if not proposal.document.takes_proposals:
        raise OutcomeError(_("The document no longer takes proposals."))
    proposal.require_transition(Proposal.Status.PENDING, OutcomeError)
    proposal.status = Proposal.Status.PENDING
    proposal.decided_at = None
    proposal.save(update_fields=["status", "decided_at"])
    _log(proposal.document, by, "undid proposal withdrawal", subject=proposal)
    return proposal


@transaction.atomic
def proposal_cosponsor(*, proposal: Proposal, delegation: Delegation, by, join: bool = True) -> Proposal:
    """An accredited delegation joins (or leaves) the sponsors of another delegation's pending proposal."""
    proposal = _locked_proposal(proposal, "document__meeting", "delegation")
    refusal = outcome_rules.proposal_refusal(by, proposal.document, delegation)
    if refusal and join:
        raise OutcomeError(refusal)
    if not delegation.focal_points.filter(pk=by.pk).exists():
        raise OutcomeError(_("Only the focal points of a delegation can act on its behalf."))
    if not proposal.is_pending:
        raise OutcomeError(_("This proposal has already been decided or withdrawn."))
    if delegation.pk == proposal.delegation_id:
        raise OutcomeError(_("Your delegation made this proposal."))
    if join:
        proposal.cosponsors.add(delegation)
    else:
        proposal.cosponsors.remove(delegation)
    _log(
        proposal.document,
        by,
        "co-sponsored proposal" if join else "left co-sponsorship",
        subject=proposal,
        detail=str(delegation),
    )
    return proposal


DECISIONS = ("accept", "accept_modified", "reject")


@transaction.atomic
def proposal_decide(
    *,
    proposal: Proposal,
    by,
    decision: str,
    reason: str = "",
    final_text: str | None = None,
    reconciled: bool = False,
    expected_version: int | None,
    notify: bool = True,
) -> Proposal:
    """Accept (the text goes into the working draft), accept with changes, or reject with a reason.

    A proposal made on a text that has changed or been deleted since is not
    applied blindly: NeedsReconciliation asks the drafter to look at both texts
    and confirm the text to write (`reconciled=True`). The frozen revisions
    are never touched. `expected_version` is the version of the proposal's paragraph
    the drafter decided on: accepting a replacement or deletion with a missing or stale
    one is refused (ParagraphConflict); None only where no paragraph is rewritten or removed
    (rejections, comments, insertions).
    """
    document = _lock(proposal.document)
    if not outcome_rules.can_decide_proposals.test(by, document):
        raise OutcomeError(_("Only the drafters decide on proposals, while the document is circulated or negotiated."))
    proposal = _locked_proposal(proposal, "delegation", "paragraph")
    if not proposal.is_pending:
        raise OutcomeError(_("This proposal has already been decided or withdrawn."))
    if decision not in DECISIONS:
        raise OutcomeError(_("Choose to accept, accept with changes, or reject."))
    reason = (reason or "").strip()
    if decision == "reject":
        if not reason:
            raise OutcomeError(_("Give the reason for the rejection; the proposers will read it."))
        proposal.require_transition(Proposal.Status.REJECTED, OutcomeError)
        proposal.status = Proposal.Status.REJECTED
    else:
        if proposal.is_outdated and not reconciled:
            raise NeedsReconciliation(proposal)
        text = _text_to_write(proposal, decision, final_text)
        modified = proposal.kind in TEXT_KINDS and text != proposal.text
        if modified and not reason:
            raise OutcomeError(_("Say briefly what you changed; the proposers will read it."))
        target = Proposal.Status.ACCEPTED_MODIFIED if modified else Proposal.Status.ACCEPTED
        proposal.require_transition(target, OutcomeError)
        proposal.final_text = _apply(proposal, document, by, text, expected_version)
        proposal.status = target
    proposal.decision_reason = reason
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save()
    _log(document, by, f"{proposal.get_status_display().lower()} proposal", subject=proposal, detail=reason)
    if notify:
        transaction.on_commit(partial(notifications.proposal_decided, proposal.pk))
    return proposal


TEXT_KINDS = (Proposal.Kind.REPLACE, Proposal.Kind.INSERT_AFTER)
# Accepting these rewrites or removes the proposal's paragraph: the decision names the version it saw.
VERSIONED_KINDS = (Proposal.Kind.REPLACE, Proposal.Kind.DELETE)


def _text_to_write(proposal: Proposal, decision: str, final_text: str | None) -> str:
    """The text an acceptance writes: as proposed, or as the drafter changed or reconciled it."""
    if proposal.kind not in TEXT_KINDS:
        if decision == "accept_modified":
            raise OutcomeError(_("Only proposals of text can be accepted with changes."))
        return ""
    if decision == "accept_modified" or (proposal.is_outdated and final_text is not None):
        text = _clean_text(final_text or "")
        if decision == "accept_modified" and text == proposal.text:
            raise OutcomeError(_("The text is unchanged: accept the proposal as it is instead."))
        return text
    return _clean_text(proposal.text)


def _apply(proposal: Proposal, document, by, text: str, expected_version: int | None) -> str:
    """Write an accepted proposal into the working text; returns the text written ("" for deletions)."""
    paragraph = proposal.paragraph
    if proposal.kind == Proposal.Kind.COMMENT:
        return ""
    if proposal.kind in VERSIONED_KINDS:
        check_version(Paragraph.objects.get(pk=paragraph.pk), expected_version, error=ParagraphConflict)
    if proposal.kind == Proposal.Kind.DELETE:
        if paragraph.is_removed:
            return ""
        paragraph_remove(paragraph=paragraph, by=by, proposal=proposal)
        return ""
    if proposal.kind == Proposal.Kind.REPLACE:
        if paragraph.is_removed:
            paragraph_restore(paragraph=paragraph, by=by, text=text, proposal=proposal)
            proposal.result_paragraph = paragraph
            return text
        _write_text(
            paragraph,
            by=by,
            text=text,
            kind=None,
            expected_version=expected_version,
            action=ParagraphChange.Action.PROPOSAL,
            proposal=proposal,
            detail=f"proposal by {proposal.delegation}",
        )
        proposal.result_paragraph = paragraph
        return text
    # Insert after: the new paragraph continues the list it follows (an action after a "who acts" paragraph).
    kind = Paragraph.Kind.ACTION if paragraph.kind == Paragraph.Kind.LEAD_IN else paragraph.kind
    if paragraph.is_removed:
        new = paragraph_add(
            document=document, section=paragraph.section, by=by, kind=kind, text=text, proposal=proposal
        )
        paragraph_move_to(paragraph=new, by=by, section=paragraph.section, index=paragraph.position)
    else:
        new = paragraph_add(
            document=document,
            section=paragraph.section,
            by=by,
            kind=kind,
            text=text,
            after=paragraph,
            proposal=proposal,
        )
    proposal.result_paragraph = new
    return text


# --- language versions -----------------------------------------------------------


class TranslationConflict(ConcurrentEditError, OutcomeError):
    """Someone saved the language version after this form was opened: nothing is overwritten."""

    def __init__(self, current: Translation, message=None):
        super().__init__(
            current,
            message
            or _(
                "Someone else saved this language version after you opened it. Your input is kept in "
                "the form; check their version and save again to replace it."
            ),
        )


def _translation_for_writing(document: OutcomeDocument, language: str, by) -> Translation:
    """The locked version in `language` (unsaved, version 0, when there is none yet), once the rules allow."""
    if not outcome_rules.can_manage_translations.test(by, document):
        if not document.is_final:
            raise OutcomeError(_("Language versions are prepared once the text is adopted."))
        raise OutcomeError(_("Only the drafters of the document prepare its language versions."))
    if language not in Language.values:
        raise OutcomeError(_("Choose one of the six official languages."))
    if language == document.original_language:
        raise OutcomeError(_("The original language version is generated from the adopted text."))
    translation = Translation.objects.select_for_update().filter(document=document, language=language).first()
    if translation is None:
        translation = Translation(document=document, language=language, version=0)
    translation.document = document
    return translation


def _save_translation(translation: Translation, by, action: str) -> Translation:
    translation.version += 1
    translation.updated_by = by
    translation.save()
    _log(translation.document, by, action, detail=translation.get_language_display())
    renderers.render_translation_when_committed(translation)
    return translation


@transaction.atomic
def translation_save(
    *,
    document: OutcomeDocument,
    language: str,
    by,
    title: str,
    texts: dict[str, str],
    status: str,
    issued_on=None,
    expected_version,
) -> Translation:
    """Save the title, the text (per heading and paragraph of the adopted text) and the status of a
    language version. Issuing it needs a date (today when none is given) and either an uploaded PDF
    or a title and every heading and paragraph in the language."""
    document = _lock(document)
    translation = _translation_for_writing(document, language, by)
    check_version(translation, expected_version, error=TranslationConflict)
    units = selectors.translation_units(selectors.adopted_revision(document))
    kept = {}
    for unit in units:
        value = (texts.get(unit.uid) or "").strip()
        if value:
            kept[unit.uid] = value
    title = (title or "").strip()
    if status == Translation.Status.ISSUED:
        if not translation.is_uploaded:
            if not title:
                raise OutcomeError(_("Give the title in this language before issuing the version."))
            missing = sum(1 for unit in units if unit.uid not in kept)
            if missing:
                raise OutcomeError(
                    ngettext(
                        "%(count)s heading or paragraph has no text in this language yet; "
                        "complete it or upload the PDF before issuing the version.",
                        "%(count)s headings or paragraphs have no text in this language yet; "
                        "complete them or upload the PDF before issuing the version.",
                        missing,
                    )
                    % {"count": missing}
                )
        issued_on = issued_on or timezone.localdate(timezone=document.meeting.tzinfo)
    elif status == Translation.Status.PREPARATION:
        issued_on = None
    else:
        raise OutcomeError(_("Choose whether the version is in preparation or issued."))
    translation.title = title
    translation.texts = kept
    translation.status = status
    translation.issued_on = issued_on
    return _save_translation(translation, by, "saved language version")


@transaction.atomic
def translation_upload(*, document: OutcomeDocument, language: str, upload, by, expected_version) -> Translation:
    """Store the PDF of a language version (checked by ccm_portal.uploads in the form), replacing an
    earlier one; an uploaded PDF is the version served in place of the rendered text."""
    document = _lock(document)
    translation = _translation_for_writing(document, language, by)
    check_version(translation, expected_version, error=TranslationConflict)
    old = translation.file.name if translation.file else ""
    translation.file.save("translation.pdf", upload, save=False)
    if old:
        transaction.on_commit(partial(translation.file.storage.delete, old))
    return _save_translation(translation, by, "uploaded language version")


@transaction.atomic
def translation_remove_file(*, document: OutcomeDocument, language: str, by, expected_version) -> Translation:
    """Drop the uploaded PDF: the version is rendered from its entered text again (and goes back
    into preparation if that text is not complete)."""
    document = _lock(document)
    translation = _translation_for_writing(document, language, by)
    check_version(translation, expected_version, error=TranslationConflict)
    if not translation.is_uploaded:
        raise OutcomeError(_("This version has no uploaded PDF."))
    old = translation.file.name
    translation.file = ""
    if translation.is_issued and not selectors.translation_is_complete(translation):
        translation.status = Translation.Status.PREPARATION
        translation.issued_on = None
    transaction.on_commit(partial(translation.file.storage.delete, old))
    return _save_translation(translation, by, "removed uploaded language version")
