"""Badges: the signed token in each QR code, its QR code, the sets the secretariat prints.

The token on a badge is `KEY-SIG`: KEY is 80 random bits stored on the participant
(`badge_key`, never a database id) and SIG is an HMAC of KEY keyed by the site's
secret with a salt naming the meeting (Django's `salted_hmac`, the primitive under
`django.core.signing`), cut to 80 bits. Both halves are upper-case base32, which QR
codes store in their compact alphanumeric mode: 33 characters fit a version 2 code
(25×25 modules), quick to draw and easy to scan from a lanyard. A forged token needs
the secret; an altered one fails the HMAC; one from another meeting fails the salt.

This module reads and writes no rows: the sets are read in selectors_lists.py, the
keys given and the prints recorded in services_lists.py, the PDF made in renderers.py.
The graphics of a sheet (bands, cutting lines, QR codes) are drawn here, as pure
functions of the tokens, next to the QR encoder they depend on.
"""

import base64
import hashlib
import io
import re
import secrets
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import segno
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import pgettext_lazy
from PIL import Image, ImageDraw

from ccm_portal.meetings.models import Category, Meeting

from .lists import template_digest
from .models import Participant

BADGES_KIND = "delegations.badges"
BADGES_PDF_TEMPLATE = "delegations/pdf/badges.html"
BADGES_PER_PAGE = 6

TOKEN_RE = re.compile(r"^([A-Z2-7]{16})-([A-Z2-7]{16})$")


# ---------------------------------------------------------------- tokens


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode().rstrip("=")


def new_badge_key() -> str:
    return _b32(secrets.token_bytes(10))


def badge_signature(meeting_id: int, key: str) -> str:
    mac = salted_hmac(f"delegations.badge.meeting-{meeting_id}", key, algorithm="sha256")
    return _b32(mac.digest()[:10])


def make_token(meeting_id: int, key: str) -> str:
    return f"{key}-{badge_signature(meeting_id, key)}"


def badge_token(participant: Participant) -> str:
    if not participant.badge_key:
        raise ValueError("This participant has no badge yet.")
    return make_token(participant.delegation.meeting_id, participant.badge_key)


def parse_token(raw: str) -> tuple[str, str] | None:
    """(key, signature) from what a scanner or a person typed; None if it is not a badge code."""
    text = re.sub(r"\s+", "", raw or "").upper()
    match = TOKEN_RE.match(text)
    return (match.group(1), match.group(2)) if match else None


def signature_matches(meeting_id: int, key: str, signature: str) -> bool:
    return constant_time_compare(signature, badge_signature(meeting_id, key))


# A badge token always makes the same kind of QR code: version 2 (25 × 25 modules), error
# correction M, alphanumeric mode, mask 0. For that one symbol the encoder below does in
# about 0.1 ms what segno's general encoder does in about 1 ms (2 s for a meeting's
# badges); the function patterns (finders, timing, alignment, format information) are
# copied from a code segno made, and tests check that both agree module for module.
QR_SIZE = 25
QR_DATA_CODEWORDS = 28
QR_EC_CODEWORDS = 16
QR_ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def _segno_code(token: str):
    return segno.make(token, error="m", mask=0, micro=False)


@cache
def _gf_tables() -> tuple[list[int], list[int]]:
    exp, log = [0] * 512, [0] * 256
    value = 1
    for power in range(255):
        exp[power], log[value] = value, power
        value <<= 1
        if value & 0x100:
            value ^= 0x11D
    for power in range(255, 512):
        exp[power] = exp[power - 255]
    return exp, log


@cache
def _rs_generator() -> list[int]:
    exp, log = _gf_tables()
    generator = [1]
    for index in range(QR_EC_CODEWORDS):
        product = [0] * (len(generator) + 1)
        for position, coefficient in enumerate(generator):
            product[position] ^= coefficient
            if coefficient:
                product[position + 1] ^= exp[log[coefficient] + index]
        generator = product
    return generator


def _error_correction(data: list[int]) -> list[int]:
    exp, log = _gf_tables()
    generator = _rs_generator()[1:]
    remainder = [0] * QR_EC_CODEWORDS
    for codeword in data:
        factor = codeword ^ remainder.pop(0)
        remainder.append(0)
        if factor:
            for position, coefficient in enumerate(generator):
                remainder[position] ^= exp[log[coefficient] + log[factor]]
    return remainder


def _codewords(token: str) -> list[int]:
    bits = "0010" + format(len(token), "09b")
    values = [QR_ALPHANUMERIC.index(char) for char in token]
    for index in range(0, len(values) - 1, 2):
        bits += format(values[index] * 45 + values[index + 1], "011b")
    if len(values) % 2:
        bits += format(values[-1], "06b")
    capacity = QR_DATA_CODEWORDS * 8
    bits += "0" * min(4, capacity - len(bits))
    bits += "0" * (-len(bits) % 8)
    data = [int(bits[i : i + 8], 2) for i in range(0, len(bits), 8)]
    data += [0xEC, 0x11] * ((QR_DATA_CODEWORDS - len(data)) // 2 + 1)
    data = data[:QR_DATA_CODEWORDS]
    return data + _error_correction(data)


@cache
def _symbol_template() -> tuple[bytes, list[tuple[int, int]], list[tuple[int, int]]]:
    """Function-pattern modules of the symbol, the data positions in placement order, the masked ones."""
    size = QR_SIZE
    function = [[False] * size for _ in range(size)]
    for row in range(size):
        for column in range(size):
            function[row][column] = (
                (row < 9 and column < 9)
                or (row < 9 and column >= size - 8)
                or (row >= size - 8 and column < 9)
                or row == 6
                or column == 6
                or (16 <= row <= 20 and 16 <= column <= 20)
            )
    order = []
    right = size - 1
    while right > 0:
        if right == 6:
            right = 5
        upward = ((right + 1) & 2) == 0
        for step in range(size):
            row = size - 1 - step if upward else step
            for column in (right, right - 1):
                if not function[row][column]:
                    order.append((row, column))
        right -= 2
    reference = _segno_code("A" * 33).matrix
    template = bytes(reference[r][c] if function[r][c] else 0 for r in range(size) for c in range(size))
    return template, order, [(r, c) for r, c in order if (r + c) % 2 == 0]


def qr_matrix(token: str) -> list[list[int]]:
    """The modules (1 = dark) of a badge token's QR code."""
    if len(token) != 33 or any(char not in QR_ALPHANUMERIC for char in token):
        return [list(row) for row in _segno_code(token).matrix]
    template, order, masked = _symbol_template()
    modules = [list(template[r * QR_SIZE : (r + 1) * QR_SIZE]) for r in range(QR_SIZE)]
    bits = "".join(format(codeword, "08b") for codeword in _codewords(token))
    for (row, column), bit in zip(order, bits, strict=False):
        modules[row][column] = 1 if bit == "1" else 0
    for row, column in masked:  # mask 0: invert where row + column is even
        modules[row][column] ^= 1
    return modules


@lru_cache(maxsize=8192)
def qr_image(token: str) -> Image.Image:
    """The token's QR code as a greyscale image, one pixel per module (no quiet zone: the badge leaves it white).

    Cached per token, so a worker draws each code once however often it reprints.
    The mask is fixed: choosing the "best" of eight masks is most of a general
    encoder's time, and any mask scans.
    """
    matrix = qr_matrix(token)
    size = len(matrix)
    dark_to_black = bytes([255, 0]) + bytes(254)
    pixels = b"".join(bytes(row).translate(dark_to_black) for row in matrix)
    return Image.frombytes("L", (size, size), pixels)


# ---------------------------------------------------------------- sheets

# The colour of each category is written once, in the stylesheet the pages use (the
# .badge-category-N classes of the check-in card, the lists and the delegation page); the
# badge band is drawn as an image, so the colours are read from there.
CATEGORY_STYLESHEET = "css/portal.css"
CATEGORY_RULE = re.compile(r"\.badge-category-(\d+)\s*\{\s*background-color:\s*(#[0-9a-fA-F]{6})\s*;?\s*\}")


@cache
def category_colours() -> dict[int, str]:
    """{category: "#rrggbb"} from the stylesheet; every category must have its rule."""
    path = finders.find(CATEGORY_STYLESHEET)
    if path is None:
        raise ImproperlyConfigured(f"{CATEGORY_STYLESHEET} is missing: it holds the category colours.")
    colours = {int(number): colour for number, colour in CATEGORY_RULE.findall(Path(path).read_text("utf-8"))}
    missing = [value for value in Category.values if value not in colours]
    if missing:
        raise ImproperlyConfigured(f"{CATEGORY_STYLESHEET} has no .badge-category-N colour for {missing}.")
    return colours


# The sheet: six 4 × 3 inch badges (101.6 × 76.2 mm, the common badge-holder insert) in
# two columns and three rows, centred on A4. Six per page rather than four: WeasyPrint
# spends about as long on an empty page as on a few lines of text, so fewer pages is faster.
BADGE_MM = (101.6, 76.2)
COLUMNS, ROWS = 2, 3
SHEET_MM = (BADGE_MM[0] * COLUMNS, BADGE_MM[1] * ROWS)
QR_CLEAR_MM = 4  # white around the code (the badge is white there), at least the standard's quiet zone


BAND_MM = 11
CUT_LINE_GREY = (200, 200, 200)

# The category in words, printed in white on its band: the colour alone tells nothing to
# whoever does not know the code, or cannot tell the colours apart. One person, so singular.
BADGE_CATEGORY_LABELS = {
    Category.STATE_PARTY: pgettext_lazy("badge category", "State Party"),
    Category.SIGNATORY: pgettext_lazy("badge category", "Signatory State"),
    Category.OBSERVER_STATE: pgettext_lazy("badge category", "Observer State"),
    Category.RULE_1_2: pgettext_lazy("badge category", "Observer (Rule 1.2)"),
    Category.RULE_1_3: pgettext_lazy("badge category", "Observer (Rule 1.3)"),
}


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def sheet_image(badges: list) -> str:
    """The graphics of one sheet as a single image (a data: URI): colour bands, cutting lines, QR codes.

    Drawn at one pixel per millimetre, one QR module per pixel (a 25 mm code for the
    33-character token), and printed with `image-rendering: pixelated` so edges stay
    sharp. One image per sheet: WeasyPrint's cost is per image and per element (a
    border costs one drawing per side), hardly per pixel, so everything that is not
    text is drawn here once rather than six times in CSS.
    """
    width, height = (int(-(-side // 1)) for side in SHEET_MM)  # whole millimetres, rounded up
    sheet = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(sheet)
    for slot, badge in enumerate(badges):
        column, row = slot % COLUMNS, slot // COLUMNS
        left, top = round(column * BADGE_MM[0]), round(row * BADGE_MM[1])
        right, bottom = round((column + 1) * BADGE_MM[0]) - 1, round((row + 1) * BADGE_MM[1]) - 1
        draw.rectangle(
            [left, top, right, top + BAND_MM - 1], fill=_rgb(category_colours().get(badge.category, "#444444"))
        )
        draw.line([left, bottom, right, bottom], fill=CUT_LINE_GREY)
        draw.line([right, top + BAND_MM, right, bottom], fill=CUT_LINE_GREY)
        if column == 0:
            draw.line([left, top + BAND_MM, left, bottom], fill=CUT_LINE_GREY)
        code = qr_image(badge.token)
        sheet.paste(code, (right + 1 - QR_CLEAR_MM - code.width, bottom + 1 - QR_CLEAR_MM - code.height))
    buffer = io.BytesIO()
    sheet.save(buffer, "PNG", compress_level=1)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


SHEET_SLOT = "ccm-badge-sheet-"


def sheet_slot(number: int) -> str:
    """Where a sheet's image goes in the badges' HTML until draw_sheet_images puts it there."""
    return f"{SHEET_SLOT}{number}"


def draw_sheet_images(sheets: list[list], html: str) -> str:
    """The badges' HTML with the image of each sheet it holds (sheet_image of `sheets[number]`) in its slot.

    Runs where the chunk is drawn (ccm_portal/jobs/chunks.py, `prepare`): the drawing is pure
    Pillow work on tokens and categories, and about a fifth of a badge render.
    """
    return re.sub(rf"{SHEET_SLOT}(\d+)", lambda found: sheet_image(sheets[int(found.group(1))]), html)


@dataclass
class Badge:
    participant: Participant
    token: str
    category: int
    details: str
    right: bool

    @property
    def category_label(self) -> str:
        return str(BADGE_CATEGORY_LABELS.get(self.category, ""))

    @property
    def photo(self) -> str:
        """The participant's photo as a data: URI (the PDF renderer fetches nothing else), or ""."""
        return photo_data_uri(self.participant)


def photo_data_uri(participant: Participant) -> str:
    """The stored photo, a 3:4 JPEG re-encoded on upload (ccm_portal/uploads.py), inlined for the PDF."""
    if not participant.photo:
        return ""
    try:
        with participant.photo.open("rb") as handle:
            content = handle.read()
    except OSError:
        return ""  # a file lost from storage: the badge prints without it rather than not at all
    if not content.startswith(b"\xff\xd8"):
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(content).decode("ascii")


# ---------------------------------------------------------------- sets of badges


class BadgeSet:
    UNPRINTED = "unprinted"
    DELEGATION = "delegation"
    CATEGORY = "category"
    ALL = "all"
    PARTICIPANT = "participant"


class NoBadges(Exception):
    """The chosen set is empty; the message is for the user."""


def set_key(params: dict) -> str:
    which = params["set"]
    if which in (BadgeSet.UNPRINTED, BadgeSet.ALL):
        return f"badges:{which}"
    return f"badges:{which}:{params.get(which)}"


def set_filename(meeting: Meeting, params: dict) -> str:
    return f"{meeting.short_title}-{set_key(params).replace(':', '-')}.pdf"


def badges_fingerprint(meeting: Meeting, params: dict, participants) -> str:
    """What a sheet of badges is made from: the set, the meeting's header, each badge's lines and key."""
    digest = hashlib.sha256(
        repr(
            [
                BADGES_KIND,
                sorted(params.items()),
                meeting.pk,
                meeting.title,
                meeting.short_title,
                meeting.city,
                meeting.start_date.isoformat(),
                meeting.end_date.isoformat(),
                template_digest(BADGES_PDF_TEMPLATE),
            ]
        ).encode()
    )
    for p in participants:
        digest.update(
            repr(
                (
                    p.pk,
                    p.badge_key,
                    p.title,
                    p.given_name,
                    p.family_name,
                    p.name_order,
                    p.function,
                    p.role,
                    p.delegation.sort_name,
                    p.delegation.category,
                    p.photo.name,  # a new photo is stored under a new random name
                )
            ).encode()
        )
    return digest.hexdigest()
