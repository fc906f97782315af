"""Compare two texts of a document paragraph by paragraph, on the paragraphs' stable identities.

Paragraphs are matched by `uid`, never by position, so an insertion does not
make every following paragraph look changed. For each paragraph the result
says whether it was added, deleted, moved and/or changed; changed text is
diffed word by word (difflib on word tokens). The rows follow the newer text,
with deleted paragraphs shown where they used to be.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.translation import pgettext_lazy

from .markup import plain_text

TOKEN_RE = re.compile(r"\s+|[\w’'-]+|[^\w\s]", re.UNICODE)

# How a row's status reads on the page and in the PDF; the status itself stays a stable key (CSS, data-status).
STATUS_LABELS = {
    "added": pgettext_lazy("paragraph in a comparison", "added"),
    "deleted": pgettext_lazy("paragraph in a comparison", "deleted"),
    "moved and changed": pgettext_lazy("paragraph in a comparison", "moved and changed"),
    "moved": pgettext_lazy("paragraph in a comparison", "moved"),
    "changed": pgettext_lazy("paragraph in a comparison", "changed"),
    "unchanged": pgettext_lazy("paragraph in a comparison", "unchanged"),
}


@dataclass
class Segment:
    op: str  # "equal", "insert" or "delete"
    text: str


@dataclass
class Row:
    uid: str
    section: str
    old: dict | None
    new: dict | None
    added: bool = False
    deleted: bool = False
    moved: bool = False
    changed: bool = False
    kind_changed: bool = False
    formatting_only: bool = False
    segments: list[Segment] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.added:
            return "added"
        if self.deleted:
            return "deleted"
        if self.moved and self.changed:
            return "moved and changed"
        if self.moved:
            return "moved"
        if self.changed:
            return "changed"
        return "unchanged"

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def label(self) -> str:
        if self.new is not None:
            return self.new.get("label", "")
        return self.old.get("label", "") if self.old else ""

    @property
    def old_label(self) -> str:
        return self.old.get("label", "") if self.old else ""


@dataclass
class SectionChange:
    status: str  # "added", "deleted", "renamed"
    old: str
    new: str


@dataclass
class Comparison:
    rows: list[Row]
    sections: list[SectionChange]

    @property
    def counts(self) -> dict[str, int]:
        counts = {"added": 0, "deleted": 0, "moved": 0, "changed": 0}
        for row in self.rows:
            counts["added"] += row.added
            counts["deleted"] += row.deleted
            counts["moved"] += row.moved
            counts["changed"] += row.changed
        return counts


def tokens(text: str) -> list[str]:
    return TOKEN_RE.findall(text)


def _grouped_opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes, with changes separated only by a space merged: "-The plan- +A text+" reads
    better than "-The- +A+ -plan- +text+"."""
    merged: list[list] = []
    for op in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        tag, i1, i2, j1, j2 = op
        if (
            tag != "equal"
            and len(merged) >= 2
            and merged[-1][0] == "equal"
            and merged[-2][0] != "equal"
            and "".join(a[merged[-1][1] : merged[-1][2]]).isspace()
        ):
            merged.pop()
            merged[-1] = ["replace", merged[-1][1], i2, merged[-1][3], j2]
        elif tag != "equal" and merged and merged[-1][0] != "equal":
            merged[-1] = ["replace", merged[-1][1], i2, merged[-1][3], j2]
        else:
            merged.append([tag, i1, i2, j1, j2])
    return [tuple(op) for op in merged]


def word_diff(old: str, new: str) -> list[Segment]:
    """Word-level insertions and deletions that turn `old` into `new`."""
    a, b = tokens(old), tokens(new)
    segments: list[Segment] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if segments and segments[-1].op == op:
            segments[-1].text += text
        else:
            segments.append(Segment(op, text))

    for tag, i1, i2, j1, j2 in _grouped_opcodes(a, b):
        if tag == "equal":
            add("equal", "".join(a[i1:i2]))
        else:
            add("delete", "".join(a[i1:i2]))
            add("insert", "".join(b[j1:j2]))
    return segments


def _flatten(snapshot: dict) -> list[tuple[dict, dict]]:
    return [(section, paragraph) for section in snapshot.get("sections", []) for paragraph in section["paragraphs"]]


def _section_title(section: dict) -> str:
    roman, heading = section.get("roman", ""), section.get("heading", "")
    return f"{roman}. {heading}" if roman and heading else heading


def compare_snapshots(old: dict, new: dict) -> Comparison:
    old_items, new_items = _flatten(old), _flatten(new)
    old_by_uid = {p["uid"]: (s, p) for s, p in old_items}
    new_by_uid = {p["uid"]: (s, p) for s, p in new_items}
    old_common = [p["uid"] for _, p in old_items if p["uid"] in new_by_uid]
    new_common = [p["uid"] for _, p in new_items if p["uid"] in old_by_uid]
    in_place: set[str] = set()
    matcher = SequenceMatcher(None, old_common, new_common, autojunk=False)
    for block in matcher.get_matching_blocks():
        in_place.update(old_common[block.a : block.a + block.size])

    # Deleted paragraphs are shown after the paragraph that preceded them in the old text.
    anchored: dict[str | None, list[str]] = {}
    anchor = None
    for _, paragraph in old_items:
        uid = paragraph["uid"]
        if uid in new_by_uid:
            anchor = uid
        else:
            anchored.setdefault(anchor, []).append(uid)

    def deleted_row(uid: str) -> Row:
        section, paragraph = old_by_uid[uid]
        return Row(
            uid=uid,
            section=_section_title(section),
            old=paragraph,
            new=None,
            deleted=True,
            segments=[Segment("delete", plain_text(paragraph["text"]))],
        )

    rows = [deleted_row(uid) for uid in anchored.get(None, [])]
    for section, paragraph in new_items:
        uid = paragraph["uid"]
        if uid not in old_by_uid:
            rows.append(
                Row(
                    uid=uid,
                    section=_section_title(section),
                    old=None,
                    new=paragraph,
                    added=True,
                    segments=[Segment("insert", plain_text(paragraph["text"]))],
                )
            )
        else:
            old_section, old_paragraph = old_by_uid[uid]
            row = Row(uid=uid, section=_section_title(section), old=old_paragraph, new=paragraph)
            row.moved = uid not in in_place or old_section["uid"] != section["uid"]
            row.kind_changed = old_paragraph["kind"] != paragraph["kind"]
            if old_paragraph["text"] != paragraph["text"] or row.kind_changed:
                row.changed = True
                old_plain, new_plain = plain_text(old_paragraph["text"]), plain_text(paragraph["text"])
                row.segments = word_diff(old_plain, new_plain)
                row.formatting_only = old_plain == new_plain and not row.kind_changed
            else:
                row.segments = [Segment("equal", plain_text(paragraph["text"]))]
            rows.append(row)
        rows.extend(deleted_row(d) for d in anchored.get(uid, []))

    old_sections = {s["uid"]: s for s in old.get("sections", [])}
    new_sections = {s["uid"]: s for s in new.get("sections", [])}
    section_changes = [
        SectionChange("deleted", _section_title(s), "") for uid, s in old_sections.items() if uid not in new_sections
    ]
    for uid, s in new_sections.items():
        if uid not in old_sections:
            section_changes.append(SectionChange("added", "", _section_title(s)))
        elif old_sections[uid].get("heading", "") != s.get("heading", ""):
            section_changes.append(SectionChange("renamed", _section_title(old_sections[uid]), _section_title(s)))
    return Comparison(rows=rows, sections=section_changes)
