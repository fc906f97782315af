"""Paragraph, action and section numbers, and document symbols, computed and never typed.

Numbered paragraphs (and the "who acts" paragraphs that introduce actions) are
numbered 1..n through the whole document; actions are numbered "Action #1" to
"Action #m" through the whole document as well, whatever section they sit in.
Preambular paragraphs and unnumbered text carry no number, as in UN texts.

A working paper's symbol is the meeting's prefix and its number (CCM/MSP/2010/WP.3);
its later texts are revisions of it (CCM/MSP/2010/WP.3/Rev.1, Rev.2 ...).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext, pgettext

PARAGRAPH_KINDS = frozenset({"operative", "lead_in"})
ACTION_KIND = "action"


@dataclass(frozen=True)
class Number:
    paragraph: int | None = None
    action: int | None = None

    @property
    def label(self) -> str:
        """The number printed before the paragraph: part of the text, in the text's language (frozen in snapshots)."""
        if self.action is not None:
            return f"Action #{self.action}"
        if self.paragraph is not None:
            return f"{self.paragraph}."
        return ""

    @property
    def short(self) -> str:
        """How a paragraph is named in lists of problems and proposals ("paragraph 12", "Action #3"),
        in the reader's language."""
        if self.action is not None:
            return gettext("Action #%(number)s") % {"number": self.action}
        if self.paragraph is not None:
            return pgettext("how a numbered paragraph is named in a sentence", "paragraph %(number)s") % {
                "number": self.paragraph
            }
        return ""


def number_kinds(kinds: Iterable[str]) -> list[Number]:
    """Numbers for paragraphs of the given kinds, listed in document order."""
    numbers = []
    paragraph = action = 0
    for kind in kinds:
        if kind in PARAGRAPH_KINDS:
            paragraph += 1
            numbers.append(Number(paragraph=paragraph))
        elif kind == ACTION_KIND:
            action += 1
            numbers.append(Number(action=action))
        else:
            numbers.append(Number())
    return numbers


ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def roman(number: int) -> str:
    if number < 1:
        raise ValueError("Roman numerals start at 1")
    out = []
    for value, letters in ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def number_sections(numbered_flags: Iterable[bool]) -> list[str]:
    """Roman numerals for the sections that are numbered, "" for the others, in order."""
    labels, count = [], 0
    for numbered in numbered_flags:
        if numbered:
            count += 1
            labels.append(roman(count))
        else:
            labels.append("")
    return labels


def working_paper_symbol(prefix: str, wp_number: int | None) -> str:
    """CCM/MSP/2010/WP.3; "WP.?" while the number is not handed out (it is at the first circulation)."""
    return f"{prefix}/WP.{'?' if wp_number is None else wp_number}"


def revision_symbol(base: str, number: int) -> str:
    """The symbol of a working paper's text number `number`: the paper itself first, then /Rev.1, /Rev.2 ..."""
    return base if number == 0 else f"{base}/Rev.{number}"
