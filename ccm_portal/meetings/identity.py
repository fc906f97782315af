"""The portal's identity as every page shows it: the emblem, its description, the footer's line.

Read once and kept in the default cache (no query on a hit); the service that saves the
identity drops the cached copy at once and again when its transaction commits, so a request
that read the old row in between cannot keep it. The emblem's bytes are not in the cached
copy: pages only need its hash, size and description; the emblem view reads the bytes.
"""

import io

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from ccm_portal.uploads import IMAGE_FORMATS, check_image

from .models import PortalIdentity

CACHE_KEY = "ccm:portal-identity"
# Stored at up to twice the header's 48 px, so it stays sharp on high-density screens.
EMBLEM_MAX_HEIGHT = 96
EMBLEM_MAX_WIDTH = 480
EMBLEM_MAX_BYTES = 2 * 1024 * 1024
TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg"}

_FIELDS = (
    "emblem_type",
    "emblem_hash",
    "emblem_width",
    "emblem_height",
    "emblem_alt",
    "secretariat_name",
    "contact_email",
    "version",
)


def current() -> dict:
    """The identity row's fields but the emblem's bytes ({} when the secretariat never saved one)."""
    found = cache.get(CACHE_KEY)
    if found is None:
        found = PortalIdentity.objects.filter(pk=PortalIdentity.SINGLETON).values(*_FIELDS).first() or {}
        cache.set(CACHE_KEY, found, None)
    return found


def forget() -> None:
    """Drop the cached identity now and once the saving transaction commits."""
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


def scaled_emblem(upload) -> tuple[bytes, str, int, int]:
    """A checked PNG or JPEG scaled to the emblem's height, its ratio kept, without metadata.

    PNG stays PNG (emblems are often drawn on a transparent background); JPEG stays JPEG.
    Returns the bytes, the content type, the width and the height.
    """
    from PIL import Image, ImageOps

    check_image(upload, max_bytes=EMBLEM_MAX_BYTES)
    upload.seek(0)
    with Image.open(upload, formats=sorted(IMAGE_FORMATS)) as source:
        kind = source.format
        image = ImageOps.exif_transpose(source)
        image.thumbnail((EMBLEM_MAX_WIDTH, EMBLEM_MAX_HEIGHT), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.info = {}  # no EXIF, comments or text chunks carried into the stored copy
        if kind == "PNG":
            if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                image = image.convert("RGBA")
            image.save(out, format="PNG", optimize=True)
        else:
            if image.mode != "RGB":
                image = image.convert("RGB")
            image.save(out, format="JPEG", quality=90, optimize=True)
        width, height = image.size
    upload.seek(0)
    return out.getvalue(), TYPES[kind], width, height


def fallback_emblem() -> str:
    """The static file PORTAL_EMBLEM names, used while the secretariat has not uploaded one."""
    return getattr(settings, "PORTAL_EMBLEM", "")


def emblem_url(found) -> str:
    """The emblem's URL, named by its content hash ("" when none is uploaded); `found` is a row or current()."""
    get = found.get if isinstance(found, dict) else lambda name, default="": getattr(found, name, default)
    if not get("emblem_hash", ""):
        return ""
    from django.urls import reverse

    return reverse("meetings:emblem", args=[get("emblem_hash", ""), EXTENSIONS.get(get("emblem_type", ""), "png")])
