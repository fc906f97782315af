"""Demonstration meetings of the 2010 cycle, the treaty-status register and the organisations.

The states, organisations, meetings and treaty dates are real, except register rows marked `is_demo`.
"""

import csv
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from ccm_portal.meetings.models import Language, Meeting, Organisation, TreatyStatus

REGISTER_CSV = Path(__file__).resolve().parent / "data" / "treaty_status.csv"

OPEN_MEETING = "2msp"

# English first: the meetings' documents were drafted in English and issued in the others;
# the secretariat's forms require the first language's text (README "Languages").
ALL_LANGUAGES = [
    Language.ENGLISH,
    Language.FRENCH,
    Language.SPANISH,
    Language.ARABIC,
    Language.RUSSIAN,
    Language.CHINESE,
]

# The meetings' titles, cities and venues in French and Spanish, beside the English of MEETINGS
# (entered per language, meetings/translation.py); the other languages show the English.
MEETING_TRANSLATIONS = {
    "1msp": {
        "title_fr": "Première Assemblée des États parties à la Convention sur les armes à sous-munitions",
        "title_es": "Primera Reunión de los Estados Partes en la Convención sobre Municiones en Racimo",
        "city_es": "Vientián",
        "venue_fr": "Centre national des congrès",
        "venue_es": "Centro Nacional de Convenciones",
    },
    OPEN_MEETING: {
        "title_fr": "Deuxième Assemblée des États parties à la Convention sur les armes à sous-munitions",
        "title_es": "Segunda Reunión de los Estados Partes en la Convención sobre Municiones en Racimo",
        "city_fr": "Beyrouth",
    },
}
TRANSLATED = ("title", "city", "venue")

MEETINGS = [
    {
        "slug": "santiago-2010",
        "kind": Meeting.Kind.GLOBAL_CONFERENCE,
        "number": None,
        "title": "Global Conference on the Convention on Cluster Munitions",
        "short_title": "Santiago 2010",
        "symbol_prefix": "",
        "city": "Santiago",
        "country": "CL",
        "venue": "",
        "start_date": date(2010, 6, 7),
        "end_date": date(2010, 6, 9),
        "time_zone": "America/Santiago",
        "official_languages": ["en", "fr", "es"],
        "presiding_state": "CL",
        "window": (date(2010, 3, 1), date(2010, 5, 21)),
    },
    {
        "slug": "prep-1msp",
        "kind": Meeting.Kind.PREPARATORY,
        "number": None,
        "title": "Preparatory meeting for the First Meeting of States Parties",
        "short_title": "Prep 1MSP",
        "symbol_prefix": "",
        "city": "Geneva",
        "country": "CH",
        "venue": "Palais des Nations",
        "start_date": date(2010, 9, 6),
        "end_date": date(2010, 9, 6),
        "time_zone": "Europe/Zurich",
        "official_languages": ["en", "fr", "es"],
        "presiding_state": "LA",
        "window": (date(2010, 6, 21), date(2010, 8, 27)),
    },
    {
        "slug": "1msp",
        "kind": Meeting.Kind.MSP,
        "number": 1,
        "title": "First Meeting of States Parties to the Convention on Cluster Munitions",
        "short_title": "1MSP",
        "symbol_prefix": "CCM/MSP/2010",
        "city": "Vientiane",
        "country": "LA",
        "venue": "National Convention Centre",
        "start_date": date(2010, 11, 9),
        "end_date": date(2010, 11, 12),
        "time_zone": "Asia/Vientiane",
        "official_languages": ALL_LANGUAGES,
        "presiding_state": "LA",
        "window": (date(2010, 8, 2), date(2010, 10, 22)),
    },
    {
        "slug": OPEN_MEETING,
        "kind": Meeting.Kind.MSP,
        "number": 2,
        "title": "Second Meeting of States Parties to the Convention on Cluster Munitions",
        "short_title": "2MSP",
        "symbol_prefix": "CCM/MSP/2011",
        "city": "Beirut",
        "country": "LB",
        "venue": "",
        "start_date": date(2011, 9, 12),
        "end_date": date(2011, 9, 16),
        "time_zone": "Asia/Beirut",
        "official_languages": ALL_LANGUAGES,
        "presiding_state": "LB",
        # None: the window is set from the time of the run, see seed_meeting.
        "window": None,
    },
]

# acronym: (name, kind, attends as of right under Rule 1.2)
ORGANISATIONS = {
    "UN": ("United Nations", Organisation.Kind.INTERNATIONAL, True),
    "ICRC": ("International Committee of the Red Cross", Organisation.Kind.INTERNATIONAL, True),
    "IFRC": ("International Federation of Red Cross and Red Crescent Societies", Organisation.Kind.INTERNATIONAL, True),
    "GICHD": ("Geneva International Centre for Humanitarian Demining", Organisation.Kind.INTERNATIONAL, True),
    "CMC": ("Cluster Munition Coalition", Organisation.Kind.CIVIL_SOCIETY, True),
    # Rule 1.3: invited provisionally, subject to approval by the meeting. The
    # Landmine Monitor is part of the CMC and does not register on its own.
    "HI": ("Handicap International", Organisation.Kind.CIVIL_SOCIETY, False),
    "NPA": ("Norwegian People's Aid", Organisation.Kind.CIVIL_SOCIETY, False),
    "HRW": ("Human Rights Watch", Organisation.Kind.CIVIL_SOCIETY, False),
    "DCA": ("DanChurchAid", Organisation.Kind.CIVIL_SOCIETY, False),
    "EU": ("European Union", Organisation.Kind.INTERNATIONAL, False),
}


def seed_treaty_register() -> int:
    """Create or update register rows from the CSV file; returns how many changed."""
    changed = 0
    with REGISTER_CSV.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            values = {
                "signature_date": _date(record["signature_date"]),
                "instrument": record["instrument"] or TreatyStatus.Instrument.RATIFICATION,
                "ratification_date": _date(record["ratification_date"]),
                "entry_into_force_date": _date(record["entry_into_force_date"]),
                "is_demo": record["is_demo"].strip().lower() == "true",
                "remarks": record["remarks"].strip(),
            }
            row = TreatyStatus.objects.filter(country=record["country"]).first()
            if row and all(getattr(row, name) == value for name, value in values.items()):
                continue
            row = row or TreatyStatus(country=record["country"])
            for name, value in values.items():
                setattr(row, name, value)
            row.full_clean()
            row.save()
            changed += 1
    return changed


def _date(value: str) -> date | None:
    value = value.strip()
    return date.fromisoformat(value) if value else None


def seed_meeting(spec: dict, *, now: datetime) -> Meeting:
    tz = ZoneInfo(spec["time_zone"])
    if spec["window"] is None:
        # The 2MSP is the demo's open meeting: registration opened a week
        # before this run and closes 60 days after it, so that a new user
        # can try registering. Set on every run so the demo stays usable.
        opens, deadline = now - timedelta(days=7), now + timedelta(days=60)
    else:
        first_day, last_day = spec["window"]
        opens = datetime.combine(first_day, time(9, 0), tzinfo=tz)
        deadline = datetime.combine(last_day, time(23, 59), tzinfo=tz)
    fields = {
        f"{name}_en" if name in TRANSLATED else name: value
        for name, value in spec.items()
        if name not in ("slug", "window")
    }
    fields.update(MEETING_TRANSLATIONS.get(spec["slug"], {}))
    meeting, _ = Meeting.objects.update_or_create(
        slug=spec["slug"],
        defaults={**fields, "registration_opens": opens, "registration_deadline": deadline, "is_published": True},
    )
    meeting.full_clean()
    return meeting


def seed_organisations() -> dict[str, Organisation]:
    organisations = {}
    for acronym, (name, kind, as_of_right) in ORGANISATIONS.items():
        organisations[acronym], _ = Organisation.objects.update_or_create(
            name=name, defaults={"acronym": acronym, "kind": kind, "attends_as_of_right": as_of_right}
        )
    return organisations
