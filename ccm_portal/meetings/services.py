import csv
import hashlib
import io
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries
from django_countries.data import ALT_CODES as ISO_ALT_CODES
from django_countries.data import COUNTRIES as ISO_COUNTRY_NAMES

from ccm_portal.audit.services import log_action
from ccm_portal.concurrency import ConcurrentEditError, check_version  # noqa: F401 - views catch services.ConcurrentEditError

from . import identity
from .models import Meeting, PortalIdentity, TreatyStatus
from .signals import send_category_inputs_changed

CSV_COLUMNS = TreatyStatus.REGISTER_FIELDS


class TreatyImportError(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


@transaction.atomic
def meeting_save(*, form, by) -> Meeting:
    """Save a meeting from a valid form and re-derive its delegations' categories."""
    created = form.instance.pk is None
    meeting = form.save()
    log_action(trail=f"meeting:{meeting.pk}", actor=by, action="created" if created else "changed", subject=meeting)
    if not created and "start_date" in form.changed_data:
        send_category_inputs_changed(sender=Meeting, meetings=[meeting])
    return meeting


@transaction.atomic
def treaty_status_save(*, form, by) -> TreatyStatus:
    """Save one register row; every delegation of that state is re-categorised."""
    row = form.save()
    log_action(trail="treaty-status", actor=by, action="saved", subject=row)
    send_category_inputs_changed(sender=TreatyStatus)
    return row


def _iso_code(value: str) -> str | None:
    """An ISO code (alpha-2 or alpha-3), the UN name used here, or the ISO English name, as alpha-2."""
    value = value.strip()
    if not value:
        return None
    if value.upper() in ISO_COUNTRY_NAMES:
        return value.upper()
    if len(value) == 3:
        alpha3 = {codes[0]: code for code, codes in ISO_ALT_CODES.items()}
        if code := alpha3.get(value.upper()):
            return code
    if code := countries.by_name(value):
        return code
    # Names other lists use: ISO's ("Viet Nam", "Palestine, State of") and the common ones ("Laos", "Russia").
    known = {str(name).casefold(): code for code, name in ISO_COUNTRY_NAMES.items()}
    known.update({str(name).casefold(): code for code, name in countries.COMMON_NAMES.items()})
    return known.get(value.casefold())


def _country_code(value: str) -> str | None:
    """The code of the state `value` names; None for an unknown name and for a territory or area."""
    code = _iso_code(value)
    return code if code in countries else None


def _parse_date(value: str, column: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            _("%(column)s “%(value)s” is not a date like 2010-08-01") % {"column": column, "value": value}
        ) from None


def _csv_error_message(exc: csv.Error, line: int) -> str:
    if "field larger than field limit" in str(exc):
        reason = _("a field is longer than %(limit)s characters") % {"limit": f"{csv.field_size_limit():,}"}
    else:
        reason = _("it cannot be read as CSV (%(error)s)") % {"error": exc}
    return _("Line %(line)d: %(reason)s. Nothing was imported.") % {"line": line, "reason": reason}


def _records(reader: csv.DictReader):
    """The reader's rows; a line the csv module cannot parse ends the import with its line number."""
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # The csv module counts a line only once it has parsed it: the bad one is the next.
            raise TreatyImportError([_csv_error_message(exc, reader.line_num + 1)]) from None
        yield raw


@transaction.atomic
def treaty_status_import_csv(*, upload, by) -> dict:
    """Create or update register rows from a CSV file, all or nothing.

    Any bad row is reported by its line number and nothing from the file is saved.
    """
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TreatyImportError([_("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")]) from None
    if (nul := text.find("\x00")) >= 0:
        # PostgreSQL cannot store a NUL in text: refuse the file before anything is read from it.
        raise TreatyImportError(
            [
                _("Line %(line)d: the file contains a NUL character; it is not a plain CSV text file.")
                % {"line": text.count("\n", 0, nul) + 1}
            ]
        )
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = [name.strip() for name in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise TreatyImportError([_csv_error_message(exc, reader.line_num + 1)]) from None
    missing = [column for column in ("country",) if column not in header]
    if missing:
        raise TreatyImportError([_("Line 1: the header needs the column “country”.")])
    unknown = [column for column in header if column not in CSV_COLUMNS]
    if unknown:
        raise TreatyImportError([_("Line 1: unknown columns %(columns)s.") % {"columns": ", ".join(unknown)}])

    errors, seen, rows = [], {}, []
    for raw in _records(reader):
        line = reader.line_num
        record = {key.strip(): (value or "").strip() for key, value in raw.items() if key}
        code = _country_code(record.get("country", ""))
        if code is None:
            message = (
                _("Line %(line)d: “%(value)s” is not one of the states that can join the Convention.")
                if _iso_code(record.get("country", ""))
                else _("Line %(line)d: “%(value)s” is not a known state.")
            )
            errors.append(message % {"line": line, "value": record.get("country", "")})
            continue
        if code in seen:
            errors.append(
                _("Line %(line)d: %(state)s already appears on line %(first)d.")
                % {"line": line, "state": dict(countries)[code], "first": seen[code]}
            )
            continue
        seen[code] = line
        row = TreatyStatus.objects.filter(country=code).first() or TreatyStatus(country=code)
        try:
            row.signature_date = _parse_date(record.get("signature_date", ""), "signature_date")
            row.ratification_date = _parse_date(record.get("ratification_date", ""), "ratification_date")
            row.entry_into_force_date = _parse_date(record.get("entry_into_force_date", ""), "entry_into_force_date")
        except ValueError as exc:
            errors.append(_("Line %(line)d: %(error)s.") % {"line": line, "error": exc})
            continue
        instrument = record.get("instrument", "").lower() or TreatyStatus.Instrument.RATIFICATION
        if instrument not in TreatyStatus.Instrument.values:
            errors.append(
                _("Line %(line)d: instrument must be “ratification” or “accession”, not “%(value)s”.")
                % {"line": line, "value": instrument}
            )
            continue
        row.instrument = instrument
        # Optional columns left out of the file keep what the register already says.
        if "is_demo" in record:
            row.is_demo = record["is_demo"].lower() in {"1", "true", "yes", "y"}
        if "remarks" in record:
            row.remarks = record["remarks"][:300]
        try:
            row.full_clean()
        except ValidationError as exc:
            messages = [f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()]
            errors.append(_("Line %(line)d: %(error)s") % {"line": line, "error": "; ".join(messages)})
            continue
        rows.append(row)
    if not rows and not errors:
        errors.append(_("The file holds no rows."))
    if errors:
        raise TreatyImportError(errors)

    created = sum(1 for row in rows if row.pk is None)
    for row in rows:
        row.save()
    log_action(
        trail="treaty-status",
        actor=by,
        action="imported CSV",
        subject=ngettext("%(count)d row", "%(count)d rows", len(rows)) % {"count": len(rows)},
        detail=getattr(upload, "name", ""),
    )
    moved = send_category_inputs_changed(sender=TreatyStatus)
    return {"created": created, "updated": len(rows) - created, "moved": moved}


@transaction.atomic
def portal_identity_save(*, by, data: dict, expected_version) -> PortalIdentity:
    """Save the secretariat's emblem and footer texts from a valid PortalIdentityForm's data.

    `data["emblem"]` is the scaled emblem (bytes, content type, width, height) or None to keep
    the current one; `data["remove_emblem"]` removes it (pages fall back to PORTAL_EMBLEM).
    Refused with ConcurrentEditError if someone saved after the form was opened.
    """
    row, _created = PortalIdentity.objects.select_for_update().get_or_create(pk=PortalIdentity.SINGLETON)
    check_version(row, expected_version)
    changes = []
    if data.get("remove_emblem") and row.emblem_hash:
        row.emblem, row.emblem_type, row.emblem_hash, row.emblem_width, row.emblem_height = b"", "", "", 0, 0
        changes.append("emblem removed")
    elif data.get("emblem"):
        content, content_type, width, height = data["emblem"]
        row.emblem, row.emblem_type, row.emblem_width, row.emblem_height = content, content_type, width, height
        row.emblem_hash = hashlib.sha256(content).hexdigest()[:32]
        changes.append(f"emblem {row.emblem_hash} ({content_type}, {width}x{height})")
    for field in ("emblem_alt", "secretariat_name", "contact_email"):
        value = (data.get(field) or "").strip()
        if value != getattr(row, field):
            setattr(row, field, value)
            changes.append(field)
    row.version += 1
    row.save()
    log_action(trail="portal-identity", actor=by, action="changed", subject=row, detail="; ".join(changes))
    identity.forget()
    return row
