"""A meeting of the size of a real one for the benchmarks: delegations of every category and
approved participants with names in Latin with accents, Cyrillic, Arabic and Chinese scripts.

Used by bench/participants.py (in its own process) and bench/http.py (through manage.py shell,
on the deployment it serves); call after django.setup().
"""

import datetime as dt
import itertools
import random

from django.utils import timezone
from django_countries import countries

from ccm_portal.accounts.models import User
from ccm_portal.meetings.models import Category, Meeting, Organisation
from delegations.models import Delegation, Participant

GIVEN = {
    "latin": [
        "José",
        "François",
        "Zoë",
        "Søren",
        "Łukasz",
        "Anaïs",
        "João",
        "Müge",
        "Nguyễn Thị",
        "Ingrid",
        "Mónica",
        "Émile",
        "Björn",
        "Dorota",
        "Çağla",
        "Agnès",
        "Håkon",
        "Renée",
        "Tomáš",
        "Inês",
    ],
    "cyrillic": ["Иван", "Ольга", "Дмитрий", "Наталья", "Сергей", "Анна"],
    "arabic": ["محمد", "فاطمة", "أحمد", "ليلى", "عمر", "نور"],
    "chinese": ["伟", "芳", "明", "静", "磊", "娜"],
}
FAMILY = {
    "latin": [
        "Müller",
        "Dupont",
        "García Márquez",
        "Kowalczyk",
        "Ødegård",
        "Nuñez",
        "Øberg",
        "Lefèvre",
        "Şahin",
        "Dvořák",
        "Gonçalves",
        "Jäger",
        "Pérez",
        "Ó Súilleabháin",
        "Björklund",
        "Ferreira",
        "Hübner",
        "Roux",
    ],
    "cyrillic": ["Иванов", "Петрова", "Смирнов", "Кузнецова", "Попов", "Соколова"],
    "arabic": ["العلي", "الحسيني", "منصور", "حداد", "الخطيب", "يوسف"],
    "chinese": ["王", "李", "张", "刘", "陈", "杨"],
}
FUNCTIONS = [
    "Ambassador, Permanent Representative to the United Nations Office at Geneva",
    "Minister Counsellor, Permanent Mission",
    "Counsellor",
    "First Secretary, Permanent Mission",
    "Director, Department of International Security and Disarmament, Ministry of Foreign Affairs",
    "Adviser, Ministry of Defence",
    "Head of Section, Humanitarian Demining",
    "Legal Adviser",
    "Programme Officer",
    "Deputy Director-General, Multilateral Affairs",
]
ROLES = [
    "head",
    "representative",
    "representative",
    "alternate",
    "alternate",
    "adviser",
    "adviser",
    "adviser",
    "expert",
    "expert",
]


def keyed(rows: list) -> list:
    """Delegations or participants with the sort keys their save() would set (bulk_create does not call it)."""
    for row in rows:
        row.fill_sort_keys()
    return rows


def script_for(index: int) -> str:
    # Mostly Latin names with accents, with Cyrillic, Arabic and Chinese names among them.
    return {0: "cyrillic", 1: "arabic", 2: "chinese"}.get(index % 17, "latin")


def bench_meeting(slug: str) -> Meeting:
    """A 1MSP-like meeting three weeks ahead, open for registration (the benchmarks' one shape)."""
    today = timezone.localdate()
    return Meeting.objects.create(
        kind=Meeting.Kind.MSP,
        number=1,
        title="First Meeting of States Parties",
        short_title="1MSP",
        slug=slug,
        symbol_prefix="CCM/MSP/2010",
        city="Vientiane",
        country="LA",
        venue="National Convention Centre",
        start_date=today + dt.timedelta(days=20),
        end_date=today + dt.timedelta(days=23),
        time_zone="Asia/Vientiane",
        registration_opens=timezone.now() - dt.timedelta(days=30),
        registration_deadline=timezone.now() + dt.timedelta(days=10),
        official_languages=["en", "fr", "es"],
    )


def create_meeting(slug: str, delegations: int, per_delegation: int, creator: User) -> Meeting:
    meeting = bench_meeting(slug)
    codes = [code for code, _ in countries][: max(0, delegations - delegations // 3)]
    rows = []
    for index, code in enumerate(codes):
        rows.append(
            Delegation(
                meeting=meeting,
                kind="state",
                country=code,
                sort_name=str(dict(countries)[code]),
                category=[Category.STATE_PARTY, Category.SIGNATORY, Category.OBSERVER_STATE][index % 3],
                status=Delegation.Status.APPROVED,
                created_by=creator,
            )
        )
    for index in range(delegations - len(codes)):
        organisation, _ = Organisation.objects.get_or_create(
            name=f"Organisation for Humanitarian Action {index + 1:03d}", defaults={"kind": "civil_society"}
        )
        rows.append(
            Delegation(
                meeting=meeting,
                kind="civil_society",
                organisation=organisation,
                sort_name=organisation.name,
                category=Category.RULE_1_2 if index % 5 == 0 else Category.RULE_1_3,
                status=Delegation.Status.APPROVED,
                created_by=creator,
            )
        )
    created = Delegation.objects.bulk_create(keyed(rows))
    rng = random.Random(2010)
    counter = itertools.count()
    participants = []
    for delegation in created:
        for role in (ROLES * 10)[:per_delegation]:
            n = next(counter)
            script = script_for(n)
            participants.append(
                Participant(
                    delegation=delegation,
                    title=rng.choice(["Mr.", "Ms.", "H.E. Mr.", "H.E. Ms.", "Dr."]),
                    given_name=rng.choice(GIVEN[script]),
                    family_name=rng.choice(FAMILY[script]),
                    function=rng.choice(FUNCTIONS),
                    role=role,
                    role_order=Participant.ROLE_ORDER[role],
                    email=f"participant{n}@{slug}.example",
                    gender=rng.choice(["female", "male", "female", "male", "other"]),
                    public_consent=rng.random() < 0.85,
                    status=Participant.Status.APPROVED,
                )
            )
    Participant.objects.bulk_create(keyed(participants), batch_size=500)
    return meeting


def seed_public_list(slug: str = "bench-1500") -> Meeting:
    """A meeting of 150 delegations and 1,500 approved participants whose list of participants is public."""
    from delegations.models import ParticipantListSettings

    staff = User.objects.filter(role="secretariat").order_by("pk").first()
    meeting = create_meeting(slug, 150, 10, staff)
    ParticipantListSettings.objects.create(
        meeting=meeting, symbol=ParticipantListSettings.default_symbol(meeting), is_public=True
    )
    return meeting
