"""A participant's name as United Nations lists print it: the family name in capitals.

"Ms. Maria GARCÍA LÓPEZ" for a name written given name first, "Mr. WANG Wei" for one
written family name first: the title, then the parts in the order the participant writes
them, the family name in capitals so that a reader anywhere knows which part it is. Lists
of participants (page, PDF, export), badges and the check-in desk print `list_name`;
e-mails, messages and headings write `prose_name`, the same order without the capitals.

Scripts without letter case (Chinese, Japanese, Korean, Arabic...) have no capitals to
show; names written in Han characters, kana or hangul also take no space between the parts
("王伟"), as they are written. Sorting stays by family name, then given name
(delegations.lists.participant_sort_key), whatever the order of writing.
"""

import unicodedata

GIVEN_FIRST = "given_first"
FAMILY_FIRST = "family_first"

# Scripts in which a name's parts are written together, without a space.
_UNSPACED_SCRIPTS = ("CJK UNIFIED IDEOGRAPH", "HIRAGANA", "KATAKANA", "HANGUL")


def fold(text: str) -> str:
    """A sort key that ignores case and accents: "Côte d'Ivoire" sorts with "Cote"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _unspaced(text: str) -> bool:
    letters = [char for char in text if not char.isspace()]
    return bool(letters) and all(unicodedata.name(char, "").startswith(_UNSPACED_SCRIPTS) for char in letters)


def format_name(
    *,
    title: str = "",
    given_name: str = "",
    family_name: str = "",
    name_order: str = GIVEN_FIRST,
    capitals: bool = True,
) -> str:
    """The title, then the name parts in the order they are written, the family name in capitals.

    `capitals=False` gives the same order as prose writes it ("Dear Mr. Wang Wei"), for
    e-mails and messages; lists and badges keep the capitals.
    """
    given = " ".join((given_name or "").split())
    family = " ".join((family_name or "").split())
    if capitals:
        family = family.upper()
    parts = [family, given] if name_order == FAMILY_FIRST else [given, family]
    parts = [part for part in parts if part]
    separator = "" if len(parts) == 2 and all(_unspaced(part) for part in parts) else " "
    return " ".join(part for part in (" ".join((title or "").split()), separator.join(parts)) if part)


def list_name(participant) -> str:
    """A Participant's name as lists and badges print it: "Mr. WANG Wei", "Ms. Maria GARCÍA LÓPEZ"."""
    return format_name(
        title=participant.title,
        given_name=participant.given_name,
        family_name=participant.family_name,
        name_order=participant.name_order,
    )


def prose_name(participant) -> str:
    """A Participant's name in running text (e-mails, messages, headings): "Mr. Wang Wei"."""
    return format_name(
        title=participant.title,
        given_name=participant.given_name,
        family_name=participant.family_name,
        name_order=participant.name_order,
        capitals=False,
    )


def subject_forms(participant) -> set[str]:
    """Every way the audit trail may have named the participant (its `subject`, str() at the time).

    The prose name in either order, since the order may have changed since an entry was
    written, and the form used before the order existed ("title given family", unsquashed).
    """
    forms = {
        format_name(
            title=participant.title,
            given_name=participant.given_name,
            family_name=participant.family_name,
            name_order=order,
            capitals=False,
        )
        for order in (GIVEN_FIRST, FAMILY_FIRST)
    }
    forms.add(f"{participant.title} {participant.given_name} {participant.family_name}".strip())
    return {form for form in forms if form}
