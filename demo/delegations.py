"""Demonstration delegations of the 1MSP and the 2MSP: their people, focal points and registration history.

All persons named here (delegates, focal points, officials) are fictitious; any
likeness to a real person is a coincidence.
"""

import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils.text import slugify
from django_countries import countries
from pypdf import PdfWriter

from ccm_portal.accounts.models import User
from ccm_portal.meetings.models import Category, Meeting, Organisation, state_category
from delegations.models import Delegation, Participant

from .accounts import confirm_and_set_password, log_dated
from .meetings import OPEN_MEETING, ORGANISATIONS

HEAD = Participant.Role.HEAD
REP = Participant.Role.REPRESENTATIVE
ALT = Participant.Role.ALTERNATE
ADV = Participant.Role.ADVISER
EXP = Participant.Role.EXPERT
F = Participant.Gender.FEMALE
M = Participant.Gender.MALE

PENDING = Participant.Status.PENDING
ACCEPTED_PARTICIPANT = Participant.Status.APPROVED
REJECTED_PARTICIPANT = Participant.Status.REJECTED

MISSION_GENEVA = "Permanent Mission to the United Nations in Geneva"


@dataclass(frozen=True)
class Person:
    title: str
    given_name: str
    family_name: str
    gender: str
    role: str
    function: str
    email: str  # the part before @; the domain comes from the state or organisation
    public_consent: bool = True
    needs_visa_letter: bool = False
    accessibility_needs: str = ""
    # How the bearer writes the name: family name first for Chinese, Japanese in its own
    # script, Vietnamese and Khmer names (the lists print "Mr. WANG Wei").
    name_order: str = Participant.NameOrder.GIVEN_FIRST


P = Person
FAMILY_FIRST = Participant.NameOrder.FAMILY_FIRST

# Fictitious people, by state (ISO code) or organisation (acronym). Names are
# written as their bearers would write them, in their own script for some.
PEOPLE = {
    "LA": [
        P("H.E. Mr.", "Bounkeut", "Sisavath", M, HEAD, "Vice-Minister of Foreign Affairs", "b.sisavath"),
        P(
            "Ms.",
            "Phonsavanh",
            "Inthavong",
            F,
            REP,
            "Director-General, Department of International Organizations, Ministry of Foreign Affairs",
            "p.inthavong",
        ),
        P(
            "Mr.",
            "Somphone",
            "Keovilay",
            M,
            EXP,
            "Deputy Director, National Regulatory Authority for the UXO/Mine Action Sector",
            "s.keovilay",
            public_consent=False,
        ),
        P("Ms.", "Vilayphone", "Chanthalangsy", F, ADV, f"Counsellor, {MISSION_GENEVA}", "v.chanthalangsy"),
    ],
    "NO": [
        P(
            "H.E. Ms.",
            "Ingrid",
            "Solberg-Haugen",
            F,
            HEAD,
            "Ambassador, Permanent Representative to the United Nations in Geneva",
            "i.solberg-haugen",
            needs_visa_letter=True,
        ),
        P(
            "Mr.",
            "Eirik",
            "Lindstrøm",
            M,
            REP,
            "Senior Adviser, Section for Humanitarian Affairs, Ministry of Foreign Affairs",
            "e.lindstrom",
            needs_visa_letter=True,
        ),
        P("Ms.", "Kari", "Øvrebø", F, ADV, f"Counsellor, {MISSION_GENEVA}", "k.ovrebo", public_consent=False),
    ],
    "IE": [
        P(
            "H.E. Mr.",
            "Declan",
            "Ó Briain",
            M,
            HEAD,
            "Ambassador, Permanent Representative to the Conference on Disarmament",
            "d.obriain",
        ),
        P(
            "Ms.",
            "Siobhán",
            "Ní Dhuibhir",
            F,
            REP,
            "Director, Disarmament and Non-Proliferation Section, Department of Foreign Affairs",
            "s.nidhuibhir",
        ),
    ],
    "MX": [
        P(
            "H.E. Mr.",
            "Alejandro",
            "Gutiérrez Valdés",
            M,
            HEAD,
            "Ambassador, Permanent Representative to the United Nations in Geneva",
            "a.gutierrez",
        ),
        P(
            "Ms.",
            "María Fernanda",
            "Ruiz Ochoa",
            F,
            ALT,
            f"Second Secretary, {MISSION_GENEVA}",
            "mf.ruiz",
            public_consent=False,
        ),
        P(
            "Mr.",
            "Emiliano",
            "Castañeda Rojas",
            M,
            ADV,
            "Legal Adviser, Secretariat of Foreign Affairs",
            "e.castaneda",
            needs_visa_letter=True,
        ),
    ],
    "JP": [
        P(
            "H.E. Mr.",
            "Hiroshi",
            "Takemura",
            M,
            HEAD,
            "Ambassador, Permanent Representative to the Conference on Disarmament",
            "h.takemura",
        ),
        P(
            "Ms.",
            "由美",
            "森本",
            F,
            REP,
            "Deputy Director, Conventional Arms Division, Ministry of Foreign Affairs",
            "y.morimoto",
            name_order=FAMILY_FIRST,
        ),
        P(
            "Mr.",
            "Kenta",
            "Ishikawa",
            M,
            EXP,
            "Official, Defence Policy Division, Ministry of Defense",
            "k.ishikawa",
            public_consent=False,
        ),
    ],
    "FR": [
        P(
            "H.E. Mr.",
            "Jean-François",
            "Lefèvre",
            M,
            HEAD,
            "Ambassador, Permanent Representative to the Conference on Disarmament",
            "jf.lefevre",
        ),
        P(
            "Mr.",
            "Étienne",
            "Garnier",
            M,
            ADV,
            "Military Adviser, Permanent Mission to the Conference on Disarmament",
            "e.garnier",
        ),
        P(
            "Ms.",
            "Hélène",
            "Duchâteau",
            F,
            REP,
            "Deputy Head, Conventional Disarmament Division, Ministry of Foreign and European Affairs",
            "h.duchateau",
        ),
    ],
    "DE": [
        P(
            "Mr.",
            "Matthias",
            "Krüger",
            M,
            HEAD,
            "Deputy Head, Division for Conventional Arms Control, Federal Foreign Office",
            "m.krueger",
        ),
        P("Dr.", "Anja", "Weißmüller", F, EXP, "Legal Adviser, Federal Foreign Office", "a.weissmueller"),
    ],
    "NZ": [
        P("H.E. Ms.", "Rebecca", "Whitcombe", F, HEAD, "Ambassador for Disarmament", "r.whitcombe"),
        P(
            "Mr.",
            "Tāne",
            "Rangihuna",
            M,
            ADV,
            "Policy Officer, International Security and Disarmament Division, Ministry of Foreign Affairs and Trade",
            "t.rangihuna",
        ),
    ],
    "GB": [
        P(
            "H.E. Mr.",
            "Jonathan",
            "Ashcroft-Blake",
            M,
            HEAD,
            "Ambassador, Permanent Representative to the Conference on Disarmament",
            "j.ashcroft-blake",
        ),
        P(
            "Ms.",
            "Priya",
            "Raman",
            F,
            REP,
            "First Secretary, Permanent Mission to the Conference on Disarmament",
            "p.raman",
        ),
    ],
    "EC": [
        P(
            "Mr.",
            "Andrés",
            "Quishpe Andrade",
            M,
            HEAD,
            f"Minister, {MISSION_GENEVA}",
            "a.quishpe",
            needs_visa_letter=True,
        ),
        P(
            "Ms.",
            "Daniela",
            "Cevallos Jaramillo",
            F,
            ALT,
            f"Third Secretary, {MISSION_GENEVA}",
            "d.cevallos",
            needs_visa_letter=True,
        ),
    ],
    "MW": [
        P("Mr.", "Chikondi", "Banda", M, HEAD, "Principal Secretary, Ministry of Foreign Affairs", "c.banda"),
        P("Ms.", "Tiyamike", "Phiri", F, REP, "Desk Officer for Disarmament, Ministry of Foreign Affairs", "t.phiri"),
    ],
    "ZM": [
        P("Ms.", "Mwila", "Mulenga", F, HEAD, f"Counsellor, {MISSION_GENEVA}", "m.mulenga"),
        P("Mr.", "Bwalya", "Chanda", M, EXP, "Operations Officer, Zambia Mine Action Centre", "b.chanda"),
    ],
    "VA": [
        P(
            "Msgr.",
            "Lorenzo",
            "Bellandi",
            M,
            HEAD,
            "Counsellor, Permanent Mission of the Holy See to the United Nations in Geneva",
            "l.bellandi",
        ),
        P("Mr.", "Tommaso", "Ricciardelli", M, EXP, "Expert, Permanent Mission of the Holy See", "t.ricciardelli"),
    ],
    "BF": [
        P(
            "Mr.",
            "Issouf",
            "Ouédraogo",
            M,
            HEAD,
            f"Counsellor, {MISSION_GENEVA}",
            "i.ouedraogo",
            needs_visa_letter=True,
        ),
        P(
            "Ms.",
            "Aminata",
            "Sawadogo",
            F,
            REP,
            "Ministry of Foreign Affairs and Regional Cooperation",
            "a.sawadogo",
            public_consent=False,
            needs_visa_letter=True,
        ),
    ],
    "LB": [
        P(
            "H.E. Mr.",
            "Karim",
            "Abi Nader",
            M,
            HEAD,
            "Ambassador, Permanent Representative to the United Nations in Geneva",
            "k.abinader",
        ),
        P("Ms.", "نادين", "الخوري", F, EXP, "Programme Officer, Lebanon Mine Action Centre", "n.khoury"),
        P("Mr.", "Ziad", "Haddad", M, REP, "Counsellor, Ministry of Foreign Affairs and Emigrants", "z.haddad"),
    ],
    "BA": [
        P("Mr.", "Emir", "Hadžiselimović", M, HEAD, f"Minister Counsellor, {MISSION_GENEVA}", "e.hadziselimovic"),
        P("Ms.", "Jasmina", "Kovač", F, EXP, "Adviser, Bosnia and Herzegovina Mine Action Centre", "j.kovac"),
    ],
    "AF": [
        P(
            "Mr.",
            "Ahmad Zia",
            "Noorzai",
            M,
            HEAD,
            f"First Secretary, {MISSION_GENEVA}",
            "az.noorzai",
            needs_visa_letter=True,
        ),
        P(
            "Dr.",
            "Farida",
            "Rahimi",
            F,
            EXP,
            "Victim Assistance Officer, Ministry of Labour, Social Affairs, Martyrs and Disabled",
            "f.rahimi",
            needs_visa_letter=True,
            accessibility_needs="Uses crutches; asks for a seat near the door of the plenary hall.",
        ),
    ],
    "AU": [
        P("H.E. Mr.", "Gregory", "Tanswell", M, HEAD, "Ambassador for Disarmament", "g.tanswell"),
        P(
            "Ms.",
            "Mei-Ling",
            "Cheng",
            F,
            REP,
            "Director, Conventional Weapons Section, Department of Foreign Affairs and Trade",
            "ml.cheng",
        ),
    ],
    "CA": [
        P(
            "Ms.",
            "Émilie",
            "Tremblay-Fortin",
            F,
            HEAD,
            "Deputy Director, Non-Proliferation and Disarmament Division, Foreign Affairs and International Trade",
            "e.tremblay-fortin",
        ),
        P("Mr.", "Daniel", "Okafor", M, ADV, "Legal Officer, Department of National Defence", "d.okafor"),
    ],
    "CH": [
        P(
            "H.E. Mr.",
            "Urs",
            "Brönnimann",
            M,
            HEAD,
            "Ambassador, Permanent Representative to the Conference on Disarmament",
            "u.bronnimann",
        ),
        P(
            "Ms.",
            "Chiara",
            "Bernasconi",
            F,
            ADV,
            "Diplomatic Officer, Arms Control and Disarmament Section, Federal Department of Foreign Affairs",
            "c.bernasconi",
        ),
    ],
    "ZA": [
        P("Mr.", "Thabo", "Mokoena", M, HEAD, f"Counsellor, {MISSION_GENEVA}", "t.mokoena"),
        P(
            "Ms.",
            "Naledi",
            "Dlamini",
            F,
            REP,
            "Deputy Director, Conventional Arms Control, Department of International Relations and Cooperation",
            "n.dlamini",
        ),
    ],
    "CL": [
        P(
            "H.E. Mr.",
            "Rodrigo",
            "Valenzuela Ibáñez",
            M,
            HEAD,
            "Ambassador, Permanent Representative to the United Nations in Geneva",
            "r.valenzuela",
        ),
        P(
            "Ms.",
            "Constanza",
            "Araya Muñoz",
            F,
            REP,
            "Head, Disarmament Department, Ministry of Foreign Affairs",
            "c.araya",
            public_consent=False,
        ),
    ],
    "IQ": [
        P("Mr.", "محمد", "الجبوري", M, HEAD, f"Counsellor, {MISSION_GENEVA}", "m.aljubouri", needs_visa_letter=True),
        P(
            "Dr.",
            "Layla",
            "Hassan",
            F,
            EXP,
            "Director, Directorate for Mine Action, Ministry of Environment",
            "l.hassan",
            needs_visa_letter=True,
        ),
    ],
    "US": [
        P(
            "Mr.",
            "Michael T.",
            "Hendricks",
            M,
            HEAD,
            "Senior Adviser, Bureau of Political-Military Affairs, Department of State",
            "m.hendricks",
        ),
        P(
            "Ms.",
            "Laura",
            "Kim-Delgado",
            F,
            ADV,
            "Attorney-Adviser, Office of the Legal Adviser, Department of State",
            "l.kimdelgado",
            public_consent=False,
        ),
    ],
    "TH": [
        P("Mr.", "Kittipong", "Chaiyaporn", M, HEAD, f"Counsellor, {MISSION_GENEVA}", "k.chaiyaporn"),
        P("Ms.", "Siriporn", "Rattanakul", F, EXP, "Deputy Director, Thailand Mine Action Centre", "s.rattanakul"),
    ],
    "KH": [
        P(
            "H.E. Mr.",
            "Vannak",
            "Sothearith",
            M,
            HEAD,
            "Deputy Secretary-General, Cambodian Mine Action and Victim Assistance Authority",
            "v.sothearith",
        ),
        P(
            "Ms.",
            "Sophal",
            "Chea",
            F,
            REP,
            "Official, Ministry of Foreign Affairs and International Cooperation",
            "s.chea",
            name_order=FAMILY_FIRST,
        ),
    ],
    "VN": [
        P(
            "Mr.",
            "Văn Hùng",
            "Nguyễn",
            M,
            HEAD,
            "Deputy Director-General, Department of International Organizations, Ministry of Foreign Affairs",
            "vh.nguyen",
            name_order=FAMILY_FIRST,
        ),
        P("Ms.", "Thị Mai", "Trần", F, REP, f"Third Secretary, {MISSION_GENEVA}", "tm.tran", name_order=FAMILY_FIRST),
    ],
    "RU": [
        P(
            "Ms.",
            "Ольга",
            "Кузнецова",
            F,
            HEAD,
            "Counsellor, Permanent Mission of the Russian Federation to the United Nations Office in Geneva",
            "o.kuznetsova",
        ),
        P(
            "Mr.",
            "Дмитрий",
            "Волков",
            M,
            ADV,
            "Second Secretary, Department of Security and Disarmament, Ministry of Foreign Affairs",
            "d.volkov",
            public_consent=False,
        ),
    ],
    "CN": [
        P(
            "Mr.",
            "伟",
            "王",
            M,
            HEAD,
            "Counsellor, Department of Arms Control, Ministry of Foreign Affairs",
            "wang.wei",
            name_order=FAMILY_FIRST,
        ),
        P(
            "Ms.",
            "晓梅",
            "陈",
            F,
            REP,
            "Second Secretary, Permanent Mission to the United Nations Office at Geneva",
            "chen.xiaomei",
            public_consent=False,
            name_order=FAMILY_FIRST,
        ),
    ],
    "UN": [
        P(
            "Ms.",
            "Agnès",
            "Okonkwo-Ferrand",
            F,
            HEAD,
            "Chief, Geneva Branch, United Nations Office for Disarmament Affairs",
            "a.okonkwo-ferrand",
        ),
        P(
            "Mr.",
            "Javier",
            "Montalbán",
            M,
            REP,
            "Programme Management Officer, United Nations Mine Action Service",
            "j.montalban",
        ),
        P(
            "Ms.",
            "Amara",
            "Sesay",
            F,
            EXP,
            "Policy Specialist, Bureau for Crisis Prevention and Recovery, United Nations Development Programme",
            "a.sesay",
        ),
    ],
    "ICRC": [
        P("Dr.", "Louise", "Maréchal", F, HEAD, "Head, Arms Unit, Legal Division", "l.marechal"),
        P("Mr.", "Raphaël", "Bühler", M, REP, "Legal Adviser, Arms Unit, Legal Division", "r.buhler"),
    ],
    "IFRC": [
        P("Mr.", "Tomás", "Herrera", M, HEAD, "Senior Officer, Humanitarian Diplomacy", "t.herrera"),
    ],
    "GICHD": [
        P("Mr.", "Lukas", "Zimmermann", M, HEAD, "Head of Division, Policy and Support", "l.zimmermann"),
        P("Ms.", "Aïcha", "Benali", F, EXP, "Adviser, Mine Action Information Management", "a.benali"),
    ],
    "CMC": [
        P("Ms.", "Sarah", "Whitfield", F, HEAD, "Campaign Coordinator", "s.whitfield"),
        P(
            "Mr.",
            "Bounmy",
            "Phanthavong",
            M,
            REP,
            "Ban Advocate (cluster munition survivor)",
            "b.phanthavong",
            accessibility_needs="Uses a wheelchair; needs step-free access to the plenary hall and the rostrum.",
        ),
        P(
            "Ms.",
            "Lucía",
            "Benítez Carrasco",
            F,
            ADV,
            "Policy and Advocacy Officer",
            "l.benitez",
            public_consent=False,
        ),
    ],
    "HI": [
        P("Ms.", "Marion", "Dufresne", F, HEAD, "Head, Ban Advocacy Unit", "m.dufresne"),
        P("Mr.", "Kwame", "Asante", M, EXP, "Victim Assistance Technical Adviser", "k.asante", needs_visa_letter=True),
    ],
    "NPA": [
        P("Mr.", "Anders", "Bjørnstad", M, HEAD, "Head, Humanitarian Disarmament Department", "a.bjornstad"),
        P("Ms.", "Linh", "Phạm", F, EXP, "Programme Manager, Lao PDR", "l.pham"),
    ],
    "HRW": [
        P("Ms.", "Rachel", "Goldstein-Ortiz", F, HEAD, "Deputy Director, Arms Division", "r.goldstein-ortiz"),
        P("Mr.", "Omar", "Farouk", M, REP, "Researcher, Arms Division", "o.farouk", public_consent=False),
    ],
    "EU": [
        P(
            "H.E. Mr.",
            "Pieter",
            "Vandermeulen",
            M,
            HEAD,
            "Ambassador, Head of the Delegation of the European Union to the United Nations in Geneva",
            "p.vandermeulen",
        ),
        P(
            "Ms.",
            "Katarzyna",
            "Wiśniewska",
            F,
            REP,
            "Administrator, Non-Proliferation and Disarmament, General Secretariat of the Council of the EU",
            "k.wisniewska",
        ),
    ],
    "DCA": [
        P("Ms.", "Mette", "Kjærgaard", F, HEAD, "Senior Adviser, Humanitarian Mine Action", "m.kjaergaard"),
    ],
}

# The focal point's e-mail is focal.<name>@ccm-portal.example. Those marked True
# get the delegate demo password; the others cannot log in (unusable password).
FOCAL_POINTS = {
    "LA": ("laos", True),
    "NO": ("norway", True),
    "LB": ("lebanon", True),
    "MX": ("mexico", True),
    "CMC": ("cmc", True),
    "HI": ("handicap-international", True),
    "IE": ("ireland", False),
    "JP": ("japan", False),
    "FR": ("france", False),
    "DE": ("germany", False),
    "NZ": ("new-zealand", False),
    "GB": ("united-kingdom", False),
    "EC": ("ecuador", False),
    "MW": ("malawi", False),
    "ZM": ("zambia", False),
    "VA": ("holy-see", False),
    "BF": ("burkina-faso", False),
    "BA": ("bosnia-herzegovina", False),
    "AF": ("afghanistan", False),
    "AU": ("australia", False),
    "CA": ("canada", False),
    "CH": ("switzerland", False),
    "ZA": ("south-africa", False),
    "CL": ("chile", False),
    "IQ": ("iraq", False),
    "US": ("united-states", False),
    "TH": ("thailand", False),
    "KH": ("cambodia", False),
    "VN": ("viet-nam", False),
    "RU": ("russian-federation", False),
    "CN": ("china", False),
    "UN": ("un", False),
    "ICRC": ("icrc", False),
    "IFRC": ("ifrc", False),
    "GICHD": ("gichd", False),
    "NPA": ("npa", False),
    "HRW": ("hrw", False),
    "EU": ("eu", False),
    "DCA": ("dca", False),
}
DEMO_DELEGATE = "LA"

DRAFT = Delegation.Status.DRAFT
SUBMITTED = Delegation.Status.SUBMITTED
APPROVED = Delegation.Status.APPROVED
REJECTED = Delegation.Status.REJECTED
REFUSED = Delegation.Status.REFUSED
DECISION_ACTIONS = {APPROVED: "approved delegation", REJECTED: "rejected delegation", REFUSED: "refused registration"}


@dataclass
class Seat:
    """One delegation to seed: who, how far its registration got, and what was decided."""

    key: str
    status: str
    credentials: tuple = ("none", None, "")
    reason: str = ""
    invitation_approved: bool = False
    # Participant e-mail part -> (status, reason) where it differs from the delegation's outcome.
    decisions: dict = field(default_factory=dict)
    # Indexes into PEOPLE[key]; None for everybody.
    who: tuple | None = None

    @property
    def people(self) -> list[Person]:
        people = PEOPLE[self.key]
        return people if self.who is None else [people[index] for index in self.who]


# The 1MSP: registration closed on 22 October 2010. The category of each state
# delegation is not written here: it is derived from the register.
FIRST_MSP = [
    Seat("LA", APPROVED, ("accepted", date(2010, 10, 25), "Host country; issued by the Minister for Foreign Affairs.")),
    Seat("NO", APPROVED, ("original", date(2010, 10, 29), "Original handed to the secretariat on 8 November 2010.")),
    Seat("IE", APPROVED, ("accepted", date(2010, 10, 20), "")),
    Seat(
        "MX",
        APPROVED,
        ("copy", date(2010, 11, 3), "Scanned copy received by e-mail; original promised at the meeting."),
    ),
    Seat(
        "JP",
        APPROVED,
        ("original", date(2010, 10, 27), ""),
        decisions={"k.ishikawa": (PENDING, "")},
    ),
    Seat(
        "FR",
        APPROVED,
        ("accepted", date(2010, 10, 18), ""),
        decisions={
            "e.garnier": (
                REJECTED_PARTICIPANT,
                "Not named in the note verbale of 14 October 2010; the mission is asked to send an addendum.",
            )
        },
    ),
    Seat("DE", SUBMITTED, ("copy", date(2010, 11, 1), "")),
    Seat("NZ", APPROVED, ("accepted", date(2010, 10, 21), "")),
    Seat("GB", SUBMITTED, ("copy", date(2010, 10, 30), "")),
    Seat("EC", APPROVED),
    Seat(
        "MW",
        REJECTED,
        reason="The note verbale names a different head of delegation from the one registered online. "
        "Please upload a note verbale that matches the registration.",
    ),
    # Registered by someone who does not represent the state: refused, so the mission could register.
    Seat(
        "ZM",
        REFUSED,
        reason="The note verbale was not issued by the Permanent Mission of Zambia to the United Nations Office "
        "at Geneva. The Mission may register the delegation itself.",
    ),
    Seat("VA", APPROVED, ("original", date(2010, 10, 26), "")),
    Seat("BF", SUBMITTED),
    Seat("LB", APPROVED, ("original", date(2010, 11, 2), "")),
    Seat("BA", SUBMITTED),
    Seat("AF", APPROVED, ("copy", date(2010, 11, 4), "Copy by fax.")),
    Seat("AU", APPROVED, ("accepted", date(2010, 10, 19), "")),
    Seat("CA", SUBMITTED),
    Seat("CH", APPROVED, ("accepted", date(2010, 10, 22), "")),
    Seat(
        "ZA",
        REJECTED,
        reason="The note verbale is neither signed nor stamped by the Permanent Mission. "
        "Please upload the signed note verbale.",
    ),
    Seat("CL", APPROVED, ("original", date(2010, 10, 28), "")),
    Seat("IQ", SUBMITTED),
    Seat("US", SUBMITTED),
    Seat("TH", APPROVED),
    Seat("KH", APPROVED),
    Seat("VN", DRAFT),
    Seat("RU", DRAFT),
    Seat("CN", SUBMITTED),
    Seat("UN", APPROVED),
    Seat("ICRC", APPROVED),
    Seat("IFRC", SUBMITTED),
    Seat("GICHD", APPROVED),
    Seat("CMC", APPROVED),
    Seat("HI", APPROVED, invitation_approved=True),
    Seat("NPA", APPROVED, invitation_approved=True),
    Seat("HRW", SUBMITTED),
    Seat("EU", APPROVED),
    Seat(
        "DCA",
        REJECTED,
        reason="The letter arrived after the registration deadline of 22 October 2010 "
        "and is not signed by the organisation's director.",
    ),
]

# The 2MSP: the demo's open meeting, so most registrations are still moving.
SECOND_MSP = [
    Seat("LB", APPROVED, ("accepted", date(2011, 8, 30), "Host country.")),
    Seat("LA", APPROVED, ("original", date(2011, 9, 1), ""), who=(0, 1, 3)),
    Seat("GB", APPROVED, ("copy", date(2011, 9, 2), "")),
    Seat("NO", SUBMITTED, who=(0, 1)),
    Seat("AF", SUBMITTED),
    Seat("MX", DRAFT, who=(0, 1)),
    Seat(
        "ZA",
        REJECTED,
        reason="The note verbale does not say who heads the delegation. Please upload one that does.",
    ),
    Seat("US", DRAFT, who=(0,)),
    Seat("UN", APPROVED, who=(0, 1)),
    Seat("ICRC", APPROVED),
    Seat("CMC", SUBMITTED, who=(0, 1)),
    Seat("HI", DRAFT),
]

SEATS = {"1msp": FIRST_MSP, OPEN_MEETING: SECOND_MSP}


@dataclass
class Timeline:
    registered: datetime
    submitted: datetime
    decided: datetime


def one_page_pdf(title: str) -> bytes:
    """A real, one-page PDF to stand in for a scanned note verbale, letter or statement."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title, "/Producer": "CCM Portal demonstration data"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def email_domain(key: str) -> str:
    return f"{key.lower()}.example" if key in ORGANISATIONS else f"mission-{key.lower()}.example"


class DelegationSeeder:
    """Creates or updates the focal points and the delegations of SEATS, with the audit trail they would have left."""

    def __init__(self, *, now: datetime, secretariat: User, organisations: dict[str, Organisation], password: str):
        self.now = now
        self.country_names = dict(countries)
        self.secretariat = secretariat
        self.organisations = organisations
        self.focal_points = self._focal_points(password)

    def seed(self, meetings: dict[str, Meeting]) -> int:
        """Every seat of every meeting; returns how many delegations this run created."""
        created = 0
        for slug, seats in SEATS.items():
            for index, seat in enumerate(seats):
                created += self._seat(meetings[slug], seat, index)
        return created

    def _focal_points(self, password: str) -> dict[str, User]:
        users = {}
        for key, (name, can_log_in) in FOCAL_POINTS.items():
            # The delegation's most junior member usually handles its registration.
            person = PEOPLE[key][-1]
            user, created = User.objects.update_or_create(
                email=f"focal.{name}@ccm-portal.example",
                defaults={
                    "full_name": f"{person.given_name} {person.family_name}",
                    "role": User.Role.DELEGATE,
                    "is_active": True,
                },
            )
            if can_log_in:
                confirm_and_set_password(user, password, created, now=self.now)
            elif created:
                user.email_confirmed_at = self.now
                user.set_unusable_password()
                user.save(update_fields=["email_confirmed_at", "password"])
            users[key] = user
        return users

    def _timeline(self, meeting: Meeting, index: int) -> Timeline:
        if meeting.slug == OPEN_MEETING:
            # Everything happened in the week since registration opened.
            registered = meeting.registration_opens + timedelta(hours=6 + 9 * index)
            step = timedelta(hours=20)
        else:
            registered = meeting.registration_opens + timedelta(days=3 + (5 * index) % 60, hours=index % 7)
            step = timedelta(days=6)
        return Timeline(registered, registered + step, registered + 2 * step)

    def _seat(self, meeting: Meeting, seat: Seat, index: int) -> int:
        """Create or update one delegation and its participants; returns 1 if created."""
        focal = self.focal_points[seat.key]
        timeline = self._timeline(meeting, index)
        if seat.key in ORGANISATIONS:
            organisation = self.organisations[seat.key]
            lookup = {"meeting": meeting, "organisation": organisation}
            if organisation.attends_as_of_right:
                category, invitation = Category.RULE_1_2, Delegation.Invitation.NOT_NEEDED
            else:
                category = Category.RULE_1_3
                invitation = (
                    Delegation.Invitation.APPROVED if seat.invitation_approved else Delegation.Invitation.PROVISIONAL
                )
            derived = {
                "kind": Delegation.Kind.INTERNATIONAL
                if organisation.kind == Organisation.Kind.INTERNATIONAL
                else Delegation.Kind.CIVIL_SOCIETY,
                "country": "",
                "sort_name": organisation.name,
                "category": category,
                "category_note": "",
                "invitation": invitation,
            }
        else:
            category, note = state_category(seat.key, meeting.start_date)
            lookup = {"meeting": meeting, "kind": Delegation.Kind.STATE, "country": seat.key}
            derived = {
                "organisation": None,
                "sort_name": str(self.country_names[seat.key]),
                "category": category,
                "category_note": str(note),
                "invitation": Delegation.Invitation.NOT_NEEDED,
            }
        credentials_status, credentials_date, credentials_remark = seat.credentials
        defaults = {
            **derived,
            "status": seat.status,
            "decision_reason": seat.reason,
            "contact_email": focal.email,
            "credentials_status": credentials_status,
            "credentials_date": credentials_date,
            "credentials_remark": credentials_remark,
        }
        delegation, created = Delegation.objects.update_or_create(
            **lookup,
            defaults=defaults,
            create_defaults={
                **defaults,
                "created_by": focal,
                "submitted_at": timeline.submitted if seat.status != DRAFT else None,
                "decided_at": timeline.decided if seat.status in (APPROVED, REJECTED, REFUSED) else None,
            },
        )
        delegation.focal_points.add(focal)
        if created:
            self._log(delegation.trail, focal, "registered", delegation, timeline.registered)

        for position, person in enumerate(seat.people):
            self._participant(delegation, seat, person, position, timeline)

        if delegation.status != DRAFT and not delegation.document:
            self._attach_document(delegation, meeting, focal, timeline)
        if created:
            self._log_history(delegation, seat, focal, timeline)
        return int(created)

    def _participant(self, delegation: Delegation, seat: Seat, person: Person, position: int, timeline: Timeline):
        if person.email in seat.decisions:
            status, reason = seat.decisions[person.email]
        elif seat.status == APPROVED:
            status, reason = ACCEPTED_PARTICIPANT, ""
        else:
            status, reason = PENDING, ""
        participant, created = Participant.objects.update_or_create(
            delegation=delegation,
            email=f"{person.email}@{email_domain(seat.key)}",
            defaults={
                "title": person.title,
                "given_name": person.given_name,
                "family_name": person.family_name,
                "name_order": person.name_order,
                "function": person.function,
                "role": person.role,
                "gender": person.gender,
                "public_consent": person.public_consent,
                "needs_visa_letter": person.needs_visa_letter,
                "accessibility_needs": person.accessibility_needs,
                "status": status,
                "decision_reason": reason,
            },
        )
        if not created:
            return
        focal = self.focal_points[seat.key]
        added_at = timeline.registered + timedelta(minutes=10 * (position + 1))
        self._log(delegation.trail, focal, "added participant", participant, added_at)
        if status != PENDING:
            action = "approved participant" if status == ACCEPTED_PARTICIPANT else "rejected participant"
            decided_at = timeline.decided + timedelta(minutes=position + 1)
            self._log(delegation.trail, self.secretariat, action, participant, decided_at, detail=reason)

    def _attach_document(self, delegation: Delegation, meeting: Meeting, focal: User, timeline: Timeline) -> None:
        kind = "Note verbale" if delegation.is_state else "Letter"
        delegation.document_name = f"{slugify(f'{kind} {delegation.sort_name} {meeting.short_title}')}.pdf"
        delegation.document.save(
            "document.pdf",
            ContentFile(one_page_pdf(f"{kind}: {delegation.sort_name}, {meeting.short_title}")),
            save=False,
        )
        delegation.document_uploaded_at = timeline.submitted - timedelta(hours=1)
        delegation.save(update_fields=["document", "document_name", "document_uploaded_at", "updated_at"])
        self._log(
            delegation.trail,
            focal,
            "uploaded document",
            delegation,
            delegation.document_uploaded_at,
            detail=delegation.document_name,
        )

    def _log_history(self, delegation: Delegation, seat: Seat, focal: User, timeline: Timeline) -> None:
        """The audit entries a real registration would have left, dated when they would have happened."""
        if seat.status == DRAFT:
            return
        self._log(delegation.trail, focal, "submitted", delegation, timeline.submitted)
        if seat.status in (APPROVED, REJECTED, REFUSED):
            self._log(
                delegation.trail,
                self.secretariat,
                DECISION_ACTIONS[seat.status],
                delegation,
                timeline.decided,
                detail=seat.reason,
            )
        if delegation.invitation == Delegation.Invitation.APPROVED:
            approved_on = datetime.combine(delegation.meeting.start_date, time(11, 0), tzinfo=delegation.meeting.tzinfo)
            self._log(delegation.trail, self.secretariat, "recorded approval under Rule 1.3", delegation, approved_on)
        if delegation.credentials_status != Delegation.Credentials.NONE:
            self._log(
                delegation.trail,
                self.secretariat,
                "updated credentials",
                delegation,
                timeline.decided + timedelta(hours=2),
                detail=f"{Delegation.Credentials.NONE.label} → {delegation.get_credentials_status_display()}",
            )

    def _log(self, trail: str, actor: User, action: str, subject, when: datetime, detail: str = "") -> None:
        log_dated(trail, actor, action, subject, when, detail)
