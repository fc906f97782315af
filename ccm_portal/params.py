"""Ids typed into query strings and forms, parsed one way everywhere.

`str.isdigit()` is true for "²" or "٣", which `int()` then refuses or reads as another
number; `int()` itself takes "-1", " 7 " and "1_000". An id here is plain ASCII digits
that fit a 64-bit signed primary key, or nothing.
"""

import re

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

MAX_ID = 2**63 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_id(value, *, minimum: int = 1) -> int | None:
    """The id written in `value`, or None when it is not one (missing, signed, non-ASCII, too large).

    `minimum=0` reads numbers that start at zero, such as revision numbers.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if minimum <= value <= MAX_ID else None
    if not isinstance(value, str) or not _ASCII_DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if minimum <= number <= MAX_ID else None


def id_from_query(request, name: str, *, source=None, required: bool = False) -> int | None:
    """The id in parameter `name` of the query string (or of `source`, e.g. request.POST).

    Absent or empty gives None (or a 400 if `required`); anything present that is not an
    id is a 400: the request is malformed, not a missing object.
    """
    params = request.GET if source is None else source
    raw = params.get(name, "")
    if raw == "":
        if required:
            raise BadRequest(_("The parameter “%(name)s” is missing.") % {"name": name})
        return None
    number = parse_id(raw)
    if number is None:
        raise BadRequest(_("The parameter “%(name)s” is not a valid id.") % {"name": name})
    return number
