"""Checks every uploaded document goes through before it is stored.

A PDF a delegation uploads is later opened by the secretariat and, for statements,
by anyone on the public page. So beyond "is it a PDF" the check refuses what a
viewer would run or unpack: JavaScript and other actions, embedded files, multimedia,
XFA forms, and streams that inflate far beyond their size (decompression bombs).
Streams are measured as they inflate, in small pieces, and never held in memory.
"""

import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError
from pypdf.filters import ASCII85Decode, ASCIIHexDecode
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

# Action types (/S) a viewer runs or that reach outside the document.
ACTIVE_ACTIONS = {
    "/JavaScript": "javascript",
    "/Launch": "launch",
    "/ImportData": "launch",
    "/SubmitForm": "launch",
    "/RichMediaExecute": "media",
    "/Rendition": "media",
}
# Dictionary keys that carry scripts, triggers, files or media wherever they appear.
ACTIVE_KEYS = {
    "/JS": "javascript",
    "/JavaScript": "javascript",
    "/AA": "javascript",  # additional actions: triggers on open, close, page view, focus ...
    "/Launch": "launch",
    "/EmbeddedFiles": "embedded",
    "/EmbeddedFile": "embedded",
    "/EF": "embedded",
    "/RichMediaContent": "media",
    "/RichMediaSettings": "media",
    "/XFA": "xfa",
}
ACTIVE_SUBTYPES = {
    "/FileAttachment": "embedded",
    "/EmbeddedFile": "embedded",
    "/RichMedia": "media",
    "/Screen": "media",
    "/Movie": "media",
    "/Sound": "media",
    "/3D": "media",
}
FLATE = {"/FlateDecode", "/Fl"}
ASCII_FILTERS = {
    "/ASCIIHexDecode": ASCIIHexDecode,
    "/AHx": ASCIIHexDecode,
    "/ASCII85Decode": ASCII85Decode,
    "/A85": ASCII85Decode,
}
RUN_LENGTH = {"/RunLengthDecode", "/RL"}
LZW = {"/LZWDecode", "/LZW"}
# Image codecs: the viewer decodes them into pixels, bounded by the image's own size.
IMAGE_CODECS = {"/DCTDecode", "/DCT", "/JPXDecode", "/CCITTFaxDecode", "/CCF", "/JBIG2Decode"}
# Objects visited while walking the document: far above any real note verbale.
MAX_OBJECTS = 200_000
_CHUNK = 64 * 1024


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


class _Refused(Exception):
    def __init__(self, code: str, **params):
        self.code = code
        self.params = params


def _messages() -> dict[str, str]:
    again = _("Export or print it again as a plain PDF (for example with “Print to PDF”) and upload that.")
    return {
        "javascript": _("The PDF contains JavaScript or actions that run when it is opened.") + " " + again,
        "launch": _("The PDF contains actions that start programs or send data elsewhere.") + " " + again,
        "embedded": _("The PDF carries embedded files; only the document itself is accepted.") + " " + again,
        "media": _("The PDF contains multimedia or interactive content.") + " " + again,
        "xfa": _("The PDF is an XFA form, which only some viewers can show.") + " " + again,
        "bomb": _(
            "The PDF holds compressed data that would unpack to more than %(limit)s; it cannot be checked safely."
        ),
        "too_many_pages": _("The PDF has more than %(limit)d pages."),
        "too_complex": _("The PDF is made of too many objects to be checked."),
        "unsupported_filter": _("The PDF uses a compression the portal cannot check (%(filter)s).") + " " + again,
    }


def validate_pdf_upload(upload) -> None:
    """Refuse empty, oversized, non-PDF and active or hostile PDFs, judged by content, not by name."""
    limit = settings.MAX_UPLOAD_BYTES
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    # A PDF starts with its header. One that starts with something else (<html> ...)
    # is a polyglot another program may read as that other format.
    if not head.startswith(b"%PDF-"):
        raise ValidationError(_("This file is not a PDF, whatever its name says."), code="not_pdf")
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("The PDF is protected with a password. Upload a copy without protection."), code="encrypted"
            )
        pages = len(reader.pages)
        if pages == 0:
            raise ValidationError(_("The PDF has no pages."), code="no_pages")
        if pages > _limit("MAX_PDF_PAGES", 1000):
            raise _Refused("too_many_pages", limit=_limit("MAX_PDF_PAGES", 1000))
        _inspect(reader)
    except ValidationError:
        raise
    except _Refused as refused:
        raise ValidationError(_messages()[refused.code] % refused.params, code=refused.code) from None
    except FileNotDecryptedError as exc:
        raise ValidationError(
            _("The PDF is protected with a password. Upload a copy without protection."), code="encrypted"
        ) from exc
    except (PdfReadError, Exception) as exc:  # pypdf raises many kinds on hostile input
        raise ValidationError(_("The PDF could not be read; it may be damaged."), code="damaged") from exc
    finally:
        upload.seek(0)


def _inspect(reader: PdfReader) -> None:
    """Walk every object reachable from the trailer (catalog, names, pages, annotations, forms)."""
    stream_limit = _limit("MAX_PDF_STREAM_BYTES", 50 * 1024 * 1024)
    budget = [_limit("MAX_PDF_DECODED_BYTES", 100 * 1024 * 1024)]
    seen: set[tuple[int, int]] = set()
    todo = [reader.trailer]
    visited = 0
    while todo:
        node = todo.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        visited += 1
        if visited > MAX_OBJECTS:
            raise _Refused("too_complex")
        if isinstance(node, DictionaryObject):
            _check_dictionary(node)
            if isinstance(node, StreamObject):
                _measure_stream(node, stream_limit, budget)
            for name, value in node.items():
                if name in ("/Parent", "/P"):  # back-links to what is walked already
                    continue
                if isinstance(value, IndirectObject | DictionaryObject | ArrayObject):
                    todo.append(value)
        elif isinstance(node, ArrayObject):
            todo.extend(item for item in node if isinstance(item, IndirectObject | DictionaryObject | ArrayObject))


def _check_dictionary(node: DictionaryObject) -> None:
    for key, reason in ACTIVE_KEYS.items():
        if key in node:
            raise _Refused(reason)
    action = node.get("/S")
    if isinstance(action, NameObject) and action in ACTIVE_ACTIONS:
        raise _Refused(ACTIVE_ACTIONS[action])
    for field in ("/Subtype", "/Type"):
        kind = node.get(field)
        if isinstance(kind, NameObject) and kind in ACTIVE_SUBTYPES:
            raise _Refused(ACTIVE_SUBTYPES[kind])


def _filters(stream: StreamObject) -> list[str]:
    value = stream.get("/Filter")
    if value is None:
        return []
    value = value.get_object()
    if isinstance(value, ArrayObject):
        return [str(item.get_object()) for item in value]
    return [str(value)]


def _raw_data(stream: StreamObject) -> bytes:
    # The bytes as stored in the file: for an encoded stream pypdf keeps them in _data
    # and only get_data() would inflate them.
    return stream._data or b""


def _measure_stream(stream: StreamObject, limit: int, budget: list[int]) -> None:
    """Refuse a stream that would decode beyond `limit`, or all streams together beyond the budget."""
    filters = _filters(stream)
    if not filters:
        return
    data = _raw_data(stream)
    for index, name in enumerate(filters):
        last = index == len(filters) - 1 or all(rest in IMAGE_CODECS for rest in filters[index + 1 :])
        if name in IMAGE_CODECS:
            return
        if name in ASCII_FILTERS:
            data = ASCII_FILTERS[name].decode(data)  # never longer than its input
            continue
        if name in FLATE:
            size = _inflated_size(data, limit, budget)
            if last:
                return
            data = zlib.decompressobj().decompress(data, size + 1)
            continue
        if name in RUN_LENGTH:
            size = _run_length_size(data)
        elif name in LZW:
            size = _lzw_size(data, _early_change(stream, index))
        else:
            raise _Refused("unsupported_filter", filter=name.lstrip("/"))
        _spend(size, limit, budget)
        if not last:
            raise _Refused("unsupported_filter", filter=name.lstrip("/"))
        return


def _spend(size: int, limit: int, budget: list[int]) -> None:
    budget[0] -= size
    if size > limit:
        raise _Refused("bomb", limit=filesizeformat(limit))
    if budget[0] < 0:
        raise _Refused("bomb", limit=filesizeformat(_limit("MAX_PDF_DECODED_BYTES", 100 * 1024 * 1024)))


def _inflated_size(data: bytes, limit: int, budget: list[int]) -> int:
    """How many bytes `data` inflates to, counted piece by piece and stopped at the limit."""
    inflater = zlib.decompressobj()
    size = 0
    pending = data
    try:
        while pending and not inflater.eof:
            size += len(inflater.decompress(pending, _CHUNK))
            pending = inflater.unconsumed_tail
            if size > limit or size > budget[0]:
                break  # already too much: _spend below refuses it, without inflating the rest
        else:
            size += len(inflater.flush(_CHUNK))
    except zlib.error:
        # Viewers inflate what they can of a damaged stream; so do we, and count that.
        pass
    _spend(size, limit, budget)
    return size


def _run_length_size(data: bytes) -> int:
    size, position = 0, 0
    while position < len(data):
        length = data[position]
        if length == 128:
            break
        if length < 128:
            size += length + 1
            position += length + 2
        else:
            size += 257 - length
            position += 2
    return size


def _early_change(stream: StreamObject, index: int) -> int:
    params = stream.get("/DecodeParms")
    params = params.get_object() if params is not None else None
    if isinstance(params, ArrayObject):
        params = params[index].get_object() if index < len(params) else None
    if isinstance(params, DictionaryObject):
        return int(params.get("/EarlyChange", 1))
    return 1


def _lzw_size(data: bytes, early_change: int) -> int:
    """The decoded length of an LZW stream, from the lengths of its table entries only."""
    lengths = [1] * 256 + [0, 0]
    width, buffer, bits, size, previous = 9, 0, 0, 0, None
    for byte in data:
        buffer = (buffer << 8) | byte
        bits += 8
        while bits >= width:
            bits -= width
            code = (buffer >> bits) & ((1 << width) - 1)
            if code == 256:
                lengths, width, previous = [1] * 256 + [0, 0], 9, None
                continue
            if code == 257:
                return size
            if code < len(lengths):
                length = lengths[code]
            elif previous is not None and code == len(lengths):
                length = lengths[previous] + 1
            else:
                return size  # a broken stream: viewers stop here
            size += length
            if previous is not None and len(lengths) < 4096:
                lengths.append(lengths[previous] + 1)
            previous = code
            if len(lengths) + early_change >= (1 << width) and width < 12:
                width += 1
    return size


# Photos --------------------------------------------------------------------------------
# A participant's photo is printed on the badge. It is judged by its content (the
# decoder that recognises it), never by its name, and re-encoded before it is stored,
# so what is kept is a plain JPEG with no metadata (no EXIF location, no comments).

IMAGE_FORMATS = {"JPEG", "PNG"}


def check_image(uploaded, *, max_bytes: int | None = None) -> None:
    """Refuse empty, oversized, non-JPEG/PNG, damaged and too-many-pixel images."""
    from PIL import Image, UnidentifiedImageError

    limit = max_bytes if max_bytes is not None else _limit("MAX_IMAGE_BYTES", 5 * 1024 * 1024)
    pixels = _limit("MAX_IMAGE_PIXELS", 40_000_000)
    size = getattr(uploaded, "size", None)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size is not None and size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    not_image = ValidationError(_("This file is not a JPEG or PNG photo, whatever its name says."), code="not_image")
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if not (head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n")):
        raise not_image
    try:
        with Image.open(uploaded, formats=sorted(IMAGE_FORMATS)) as image:
            if image.format not in IMAGE_FORMATS:
                raise not_image
            width, height = image.size
            if width * height > pixels:
                raise _Refused("pixels")
            image.verify()
        if head.startswith(b"\xff\xd8"):
            # WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process, so load()
            # below would pad a cut-off JPEG with grey: require the end-of-image marker.
            uploaded.seek(max(0, (size or 0) - 1024))
            if not uploaded.read().rstrip(b"\x00 \r\n\t").endswith(b"\xff\xd9"):
                raise ValidationError(_("The photo could not be read; it may be damaged."), code="damaged")
        uploaded.seek(0)
        # verify() leaves the image unusable and does not decode pixels; decode them once.
        with Image.open(uploaded, formats=sorted(IMAGE_FORMATS)) as image:
            image.load()
    except ValidationError:
        raise
    except (_Refused, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The photo has more than %(limit)s million pixels; upload a smaller one.")
            % {"limit": f"{pixels / 1_000_000:g}"},
            code="too_many_pixels",
        ) from None
    except UnidentifiedImageError:
        raise not_image from None
    except Exception as exc:  # Pillow raises many kinds on damaged or hostile input
        raise ValidationError(_("The photo could not be read; it may be damaged."), code="damaged") from exc
    finally:
        uploaded.seek(0)


def normalised_image(uploaded, *, ratio=(3, 4), size=(600, 800)) -> bytes:
    """A checked image as a JPEG: turned upright, centre-cropped to `ratio`, resized, no metadata."""
    import io

    from PIL import Image, ImageOps

    uploaded.seek(0)
    with Image.open(uploaded, formats=sorted(IMAGE_FORMATS)) as source:
        image = ImageOps.exif_transpose(source)
        if image.mode in ("RGBA", "LA", "P", "PA"):
            image = image.convert("RGBA")
            background = Image.new("RGB", image.size, (255, 255, 255))
            background.paste(image, mask=image.getchannel("A"))
            image = background
        elif image.mode != "RGB":
            image = image.convert("RGB")
        width, height = image.size
        want_w, want_h = ratio
        if width * want_h > height * want_w:  # too wide: trim the sides
            crop_w = max(1, height * want_w // want_h)
            left = (width - crop_w) // 2
            box = (left, 0, left + crop_w, height)
        else:  # too tall: trim top and bottom
            crop_h = max(1, width * want_h // want_w)
            top = (height - crop_h) // 2
            box = (0, top, width, top + crop_h)
        image = image.crop(box).resize(size, Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.info = {}  # no EXIF, ICC profile or comments carried into the stored copy
        image.save(out, format="JPEG", quality=88, optimize=True)
    uploaded.seek(0)
    return out.getvalue()


# A Word document (DOCX) a delegation sends with its PDF, for the translators. It is a ZIP
# package; it is judged by its content: the package must be a word-processing document, and
# what Word would run or fetch is refused (macros, ActiveX controls, embedded objects, a
# template or frame loaded from elsewhere). Only the entries' directory and two small XML
# parts are read, never the whole package unpacked.

DOCX_MAIN = "word/document.xml"
DOCX_ACTIVE_PARTS = ("vbaproject.bin", "vbadata.xml", "word/activex/", "word/embeddings/")
DOCX_MAX_ENTRIES = 2_000
DOCX_MAX_PART_BYTES = 1024 * 1024


def validate_docx_upload(upload) -> None:
    """Refuse empty, oversized, non-DOCX, macro-enabled and active DOCX files, judged by content, not by name."""
    import re
    import zipfile

    limit = settings.MAX_UPLOAD_BYTES
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    not_docx = ValidationError(_("This file is not a Word document (DOCX), whatever its name says."), code="not_docx")
    again = _("Save it again as a plain Word document (.docx) and upload that.")
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    if head != b"PK\x03\x04":
        raise not_docx
    try:
        with zipfile.ZipFile(upload) as package:
            entries = package.infolist()
            if len(entries) > DOCX_MAX_ENTRIES:
                raise ValidationError(_("The document is made of too many parts to be checked."), code="too_complex")
            unpacked = sum(entry.file_size for entry in entries)
            unpack_limit = _limit("MAX_PDF_DECODED_BYTES", 100 * 1024 * 1024)
            if unpacked > unpack_limit:
                raise ValidationError(
                    _("The document would unpack to more than %(limit)s; it cannot be checked safely.")
                    % {"limit": filesizeformat(unpack_limit)},
                    code="bomb",
                )
            names = {entry.filename.lower(): entry for entry in entries}
            if "[content_types].xml" not in names or DOCX_MAIN not in names:
                raise not_docx
            if any(name.endswith(part) or part in name for name in names for part in DOCX_ACTIVE_PARTS):
                raise ValidationError(
                    _("The document carries macros, controls or embedded objects.") + " " + again, code="active"
                )
            types = _small_part(package, names["[content_types].xml"])
            if b"macroenabled" in types.lower():
                raise ValidationError(_("The document is macro-enabled.") + " " + again, code="active")
            for name, entry in names.items():
                if name.startswith("word/_rels/") and name.endswith(".rels"):
                    rels = _small_part(package, entry).decode("utf-8", "replace")
                    for relation in re.findall(r"<Relationship\b[^>]*>", rels):
                        external = re.search(r'TargetMode\s*=\s*"External"', relation, re.IGNORECASE)
                        kind = re.search(r'Type\s*=\s*"[^"]*/(attachedTemplate|frame|subDocument|oleObject)"', relation)
                        if external and kind:
                            raise ValidationError(
                                _("The document loads a template or content from elsewhere.") + " " + again,
                                code="active",
                            )
    except ValidationError:
        raise
    except Exception as exc:  # zipfile raises many kinds on damaged or hostile input
        raise ValidationError(_("The document could not be read; it may be damaged."), code="damaged") from exc
    finally:
        upload.seek(0)


def _small_part(package, entry) -> bytes:
    if entry.file_size > DOCX_MAX_PART_BYTES:
        raise ValidationError(_("The document is made of too many parts to be checked."), code="too_complex")
    with package.open(entry) as part:
        return part.read(DOCX_MAX_PART_BYTES + 1)[:DOCX_MAX_PART_BYTES]
