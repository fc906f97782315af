"""Text the portal writes from the meeting's data into an outcome document, and writes again.

A plan is the generated part of a document: sections, each with its paragraphs, every one
under a stable key. Applying a plan (document_generate) creates what is new, replaces the
texts nobody changed since they were generated, removes the generated paragraphs the plan no
longer has, and leaves alone whatever the drafters added. A generated paragraph a drafter
edited (or deleted) whose generated text has changed since is a conflict: nothing is written
until the drafter's version is confirmed to be overwritten (EditedTexts lists them). An
edited paragraph whose generated text is unchanged keeps the drafter's wording, without asking.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from .models import GeneratedText, OutcomeDocument, Paragraph, ParagraphChange, Section, text_digest
from .services import (
    OutcomeError,
    _clean_text,
    _lock,
    _log,
    _record,
    _require_text_editor,
    _save_order,
    _write_text,
)


@dataclass
class PlannedParagraph:
    key: str
    text: str
    kind: str = Paragraph.Kind.OPERATIVE


@dataclass
class PlannedSection:
    key: str
    heading: str
    numbered: bool = True
    paragraphs: list[PlannedParagraph] = field(default_factory=list)


@dataclass
class Conflict:
    """A generated paragraph a drafter changed, and what regenerating would write over it ("" deletes it)."""

    paragraph: Paragraph
    new_text: str

    @property
    def removes(self) -> bool:
        return not self.new_text


class EditedTexts(OutcomeError):
    """Regenerating would overwrite paragraphs drafters changed: nothing was written."""

    def __init__(self, conflicts: list[Conflict]):
        self.conflicts = conflicts
        super().__init__(
            ngettext(
                "%(count)d generated paragraph was changed by a drafter since it was generated; "
                "confirm before it is overwritten.",
                "%(count)d generated paragraphs were changed by drafters since they were generated; "
                "confirm before they are overwritten.",
                len(conflicts),
            )
            % {"count": len(conflicts)}
        )


@dataclass
class Outcome:
    created: int = 0
    replaced: int = 0
    kept: int = 0
    overwritten: int = 0
    removed: int = 0


def _is_untouched(paragraph: Paragraph, generated: GeneratedText) -> bool:
    return not paragraph.is_removed and text_digest(paragraph.text) == generated.digest


def _ordered(current: list, planned_keys: list[str], key_of) -> list:
    """`current` in the plan's order: each generated row takes along the rows a drafter put after it."""
    leading, groups, group = [], {}, None
    for row in current:
        key = key_of(row)
        if key in planned_keys:
            group = groups.setdefault(key, [])
            group.append(row)
        elif group is None:
            leading.append(row)
        else:
            group.append(row)
    return leading + [row for key in planned_keys for row in groups.get(key, [])]


@transaction.atomic
def document_generate(
    *,
    document: OutcomeDocument,
    plan: list[PlannedSection],
    by,
    overwrite: dict[int, int] | None = None,
    keep_edited: bool = False,
) -> Outcome:
    """Bring the generated part of `document` in line with `plan` (see the module's docstring).

    `overwrite` maps the pk of each changed paragraph the user confirmed to overwrite to the version
    they saw; a paragraph changed again since is asked about again. With `keep_edited`, changed
    paragraphs that are not confirmed keep the drafters' text instead. Refused unless `by` may edit the
    text and the document is still being drafted; raises EditedTexts (writing nothing) when a changed
    paragraph has not been confirmed.
    """
    overwrite = overwrite or {}
    document = _lock(document)
    _require_text_editor(by, document)
    existing = {g.key: g for g in GeneratedText.objects.filter(document=document).select_related("paragraph")}
    outcome, conflicts, now = Outcome(), [], timezone.now()
    planned_keys = set()

    section_rows = list(Section.objects.filter(document=document, removed_at__isnull=True).order_by("position", "pk"))
    by_pk = {s.pk: s for s in section_rows}
    for planned in plan:
        planned_keys.add(planned.key)
        generated = existing.get(planned.key)
        section = by_pk.get(generated.section_id) if generated else None
        if section is None:
            section = Section.objects.create(
                document=document, heading=planned.heading[:300], numbered=planned.numbered, position=len(section_rows)
            )
            section_rows.append(section)
            if generated:
                generated.section, generated.digest = section, text_digest(planned.heading)
                generated.save(update_fields=["section", "digest", "generated_at"])
            else:
                generated = GeneratedText.objects.create(
                    document=document, key=planned.key, section=section, digest=text_digest(planned.heading)
                )
        elif section.heading != planned.heading and text_digest(section.heading) == generated.digest:
            # A heading a drafter renamed keeps their wording.
            section.heading = planned.heading[:300]
            section.save(update_fields=["heading"])
            generated.digest = text_digest(planned.heading)
            generated.save(update_fields=["digest", "generated_at"])
        for paragraph_plan in planned.paragraphs:
            planned_keys.add(paragraph_plan.key)
            _apply_paragraph(document, section, paragraph_plan, existing, by, overwrite, outcome, conflicts)

    for key, generated in existing.items():
        if key in planned_keys or generated.paragraph is None:
            continue
        paragraph = generated.paragraph
        if paragraph.is_removed:
            generated.delete()
        elif _is_untouched(paragraph, generated) or overwrite.get(paragraph.pk) == paragraph.version:
            Paragraph.objects.filter(pk=paragraph.pk).update(removed_at=now)
            _record(paragraph, by, ParagraphChange.Action.REMOVED, before=paragraph.text, detail="regenerated")
            generated.delete()
            outcome.removed += 1
        else:
            conflicts.append(Conflict(paragraph=paragraph, new_text=""))
    if conflicts and not keep_edited:
        raise EditedTexts(conflicts)
    outcome.kept += len(conflicts)

    _reorder(document, plan)
    if not (outcome.created or outcome.replaced or outcome.overwritten or outcome.removed):
        return outcome  # the text already says what the data says: no history entry
    _log(
        document,
        by,
        "generated text from the meeting's data",
        detail=f"{outcome.created} new, {outcome.replaced} replaced, {outcome.overwritten} overwritten, "
        f"{outcome.kept} kept, {outcome.removed} removed",
    )
    return outcome


def _apply_paragraph(document, section, planned, existing, by, overwrite, outcome, conflicts) -> None:
    text = _clean_text(planned.text)
    generated = existing.get(planned.key)
    paragraph = generated.paragraph if generated else None
    if paragraph is None:
        paragraph = Paragraph.objects.create(
            document=document, section=section, kind=planned.kind, text=text, position=10**6, updated_by=by
        )
        _record(paragraph, by, ParagraphChange.Action.CREATED, after=text, detail="generated")
        if generated:
            generated.paragraph, generated.digest = paragraph, text_digest(text)
            generated.save(update_fields=["paragraph", "digest", "generated_at"])
        else:
            GeneratedText.objects.create(
                document=document, key=planned.key, paragraph=paragraph, digest=text_digest(text)
            )
        outcome.created += 1
        return
    if _is_untouched(paragraph, generated):
        if paragraph.text != text or paragraph.kind != planned.kind:
            _write_text(
                paragraph, by=by, text=text, kind=planned.kind, expected_version=paragraph.version, detail="regenerated"
            )
            outcome.replaced += 1
    elif text_digest(text) == generated.digest:
        outcome.kept += 1  # the drafter's wording of a text the data did not change
        return
    elif overwrite.get(paragraph.pk) == paragraph.version:
        if paragraph.is_removed:
            Paragraph.objects.filter(pk=paragraph.pk).update(removed_at=None)
            _record(paragraph, by, ParagraphChange.Action.RESTORED, detail="regenerated")
            paragraph.refresh_from_db()
        _write_text(
            paragraph, by=by, text=text, kind=planned.kind, expected_version=paragraph.version, detail="regenerated"
        )
        outcome.overwritten += 1
    else:
        conflicts.append(Conflict(paragraph=paragraph, new_text=text))
        return
    generated.digest = text_digest(text)
    generated.save(update_fields=["digest", "generated_at"])


def _reorder(document: OutcomeDocument, plan: list[PlannedSection]) -> None:
    section_keys = {g.section_id: g.key for g in GeneratedText.objects.filter(document=document, section__isnull=False)}
    paragraph_keys = {
        g.paragraph_id: g.key for g in GeneratedText.objects.filter(document=document, paragraph__isnull=False)
    }
    sections = list(Section.objects.filter(document=document, removed_at__isnull=True).order_by("position", "pk"))
    sections = _ordered(sections, [s.key for s in plan], lambda s: section_keys.get(s.pk))
    _save_order(sections, Section)
    planned = {s.key: [p.key for p in s.paragraphs] for s in plan}
    paragraphs = list(Paragraph.objects.active().filter(document=document).order_by("position", "pk"))
    for section in sections:
        rows = [p for p in paragraphs if p.section_id == section.pk]
        keys = planned.get(section_keys.get(section.pk), [])
        _save_order(_ordered(rows, keys, lambda p: paragraph_keys.get(p.pk)), Paragraph)


def generated_conflicts(*, document: OutcomeDocument, plan: list[PlannedSection], by) -> list[Conflict]:
    """The changed paragraphs regenerating `plan` would overwrite; nothing is written."""
    try:
        with transaction.atomic():
            document_generate(document=document, plan=plan, by=by)
            transaction.set_rollback(True)
    except EditedTexts as exc:
        return exc.conflicts
    return []
