"""Names sorted the way the reader's language sorts them (Unicode collation).

Lists whose order the rules of procedure do not fix (the states offered in a form, the
treaty-status register) follow the collation of the active language: in French
"Égypte" comes between "Danemark" and "Espagne", where code points would put it after
"Zambie". The list of participants is not one of them: its official order stays the
categories, then the English short names, in every language (delegations.lists).

pyuca (pure Python) gives the root collation of the Unicode Collation Algorithm, its
default table (DUCET), which is also CLDR's root order. That order is already the one of
English, French and Russian (CLDR tailors none of them). The other three languages get
the part of their CLDR tailoring that decides the order of names:

- Spanish: ñ is a letter of its own, after n ("&N<ñ<<<Ñ"): "Nueva Zelandia" before
  "Ñ...", and "cañón" after "canto".
- Arabic: teh marbuta sorts with teh and alef maksura with yeh, differing only at the
  second level ("&ت<<ة", "&ي<<ى"), instead of being letters of their own.
- Chinese: Han characters in pinyin order (CLDR's default for zh), each read by
  pypinyin in the context of its word, tone number after the syllable; ties and
  characters of other scripts fall back to the root order.
"""

import unicodedata
from collections.abc import Callable, Iterable
from functools import cache, lru_cache

import pyuca
from django.utils.translation import get_language
from django_countries import countries

# A primary weight above every weight of the table: the second element of "ñ" (n, then
# this), so that ñ sorts after n followed by any letter and before o.
_AFTER_EVERY_LETTER = 0x10000

TAILORED = ("es", "ar", "zh")


def _tailoring(language: str | None) -> str:
    base = (language or "").lower().replace("_", "-").split("-")[0]
    return base if base in TAILORED else "root"


def _elements(collator: pyuca.Collator, text: str) -> list:
    return [list(element) for element in collator.collation_elements(unicodedata.normalize("NFD", text))]


@cache
def _collator(tailoring: str) -> pyuca.Collator:
    collator = pyuca.Collator()
    if tailoring == "es":
        for letter in ("n", "N"):
            # NFD spells ñ as n + COMBINING TILDE: a contraction of the two gets its own weights.
            collator.table.add([ord(letter), 0x0303], [*_elements(collator, letter), [_AFTER_EVERY_LETTER, 0x20, 0x02]])
    elif tailoring == "ar":
        for variant, base in (("\u0629", "\u062a"), ("\u0649", "\u064a")):
            weights = _elements(collator, base)
            weights[0][1] += 1  # same letter, a second-level difference
            collator.table.add([ord(variant)], weights)
    return collator


def _pinyin(text: str) -> str:
    """The text with each Han character replaced by its pinyin and tone number ("阿富汗" → "a1fu4han4")."""
    # Imported on the first Chinese sort only: its dictionaries take 0.6 s and some 60 MB.
    from pypinyin import Style, lazy_pinyin

    readings = lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True, v_to_u=True, errors=list)
    return "".join(readings)


@lru_cache(maxsize=8192)
def _key(text: str, tailoring: str) -> tuple:
    if tailoring == "zh":
        root = _collator("root")
        return (root.sort_key(_pinyin(text)), root.sort_key(text))
    return _collator(tailoring).sort_key(text)


def sort_key(text, language: str | None = None) -> tuple:
    """The collation key of `text` in `language` (by default the active language)."""
    return _key(str(text or "").strip(), _tailoring(language if language is not None else get_language()))


def sorted_by_name(items: Iterable, *, key: Callable = str, language: str | None = None) -> list:
    """`items` sorted by `key(item)` in the collation of `language` (by default the active language)."""
    tailoring = _tailoring(language if language is not None else get_language())
    return sorted(items, key=lambda item: _key(str(key(item) or "").strip(), tailoring))


def state_choices() -> list[tuple[str, str]]:
    """The states of a choice field, named and sorted in the active language, after an empty choice.

    A callable for `choices`, so that each form shows the names of the language of its page
    (a list built at import would keep the language of the process that imported it).
    """
    named = [(code, countries.name(code)) for code in countries.countries]
    return [("", "---------"), *sorted_by_name(named, key=lambda pair: pair[1])]
