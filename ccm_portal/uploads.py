"""Checks every uploaded document goes through before it is stored."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError


def validate_pdf_upload(upload) -> None:
    """Refuse empty, oversized and non-PDF files, judged by content, not by name."""
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
    head = upload.read(1024)
    upload.seek(0)
    if b"%PDF-" not in head:
        raise ValidationError(_("This file is not a PDF, whatever its name says."), code="not_pdf")
    try:
        reader = PdfReader(upload, strict=False)
        if len(reader.pages) == 0:
            raise ValidationError(_("The PDF has no pages."), code="no_pages")
    except ValidationError:
        raise
    except (PdfReadError, Exception) as exc:  # pypdf raises many kinds on hostile input
        raise ValidationError(_("The PDF could not be read; it may be damaged."), code="damaged") from exc
    finally:
        upload.seek(0)
