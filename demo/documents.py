"""The 1MSP's documents in the register of symbols, with a language matrix.

`seed(stdout=...)` runs after the outcome documents. It issues, through the register's services
(so numbers come from the counters, in order): the provisional agenda, the programme of work
and the rules of procedure (/1 to /3) in the six languages; language files for the working
papers and revisions of the outcome documents, whose symbols their circulation took from the
register (WP.1 the action plan, WP.2 the declaration, WP.3 the reporting formats); a few
working papers by states,
in English only or in some languages; the list of participants (INF.1, marked as the one the
portal prints, so the list's PDF and pages print the register's symbol); and reserves /4 for the
final report, still in preparation. The PDF of each language is a one-page placeholder naming
the document and the language (the demo carries no real texts).

Running it again changes nothing: a document whose symbol is in the register is left as it is.
"""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from ccm_portal.accounts.models import User
from ccm_portal.documents import services
from ccm_portal.documents.models import Document, Source
from ccm_portal.meetings.models import Meeting
from demo.accounts import SECRETARIAT_EMAIL
from outcomes.models import OutcomeDocument

MEETING_SLUG = "1msp"
ALL = ("ar", "zh", "en", "fr", "ru", "es")
LANGUAGE_NAMES = {"ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French", "ru": "Russian", "es": "Spanish"}
PRESIDENT = "The President"
SECRETARIAT = "The secretariat"

# (symbol after the prefix, series, particulars, languages, issued on)
MAIN = [
    (
        "1",
        "main",
        {
            "category": "organization",
            "title_en": "Provisional agenda",
            "source": Source.AGENDA,
            "title_fr": "Ordre du jour provisoire",
            "title_es": "Programa provisional",
            "author": PRESIDENT,
            "agenda_item_number": "3",
            "agenda_item_title": "Adoption of the agenda",
        },
        ALL,
        dt.date(2010, 9, 7),
    ),
    (
        "2",
        "main",
        {
            "category": "organization",
            "title_en": "Provisional programme of work",
            "source": Source.PROGRAMME,
            "title_fr": "Programme de travail provisoire",
            "title_es": "Programa de trabajo provisional",
            "author": PRESIDENT,
            "agenda_item_number": "7",
            "agenda_item_title": "Adoption of the programme of work",
        },
        ALL,
        dt.date(2010, 9, 7),
    ),
    (
        "3",
        "main",
        {
            "category": "organization",
            "title_en": "Draft rules of procedure",
            "title_fr": "Projet de règlement intérieur",
            "title_es": "Proyecto de reglamento",
            "author": PRESIDENT,
            "agenda_item_number": "4",
            "agenda_item_title": "Adoption of the rules of procedure",
        },
        ALL,
        dt.date(2010, 9, 7),
    ),
]
# Outcome documents: their working paper's agenda item, and the languages of each text.
OUTCOME_ITEMS = {
    "Vientiane Action Plan": ("10(b)", "Vientiane Action Plan", ("en", "fr", "es")),
    "Vientiane Declaration": ("10(a)", "Vientiane Declaration", ALL),
    "Formats for reporting under Article 7 of the Convention on Cluster Munitions": (
        "10(c)",
        "Reporting formats under Article 7",
        ("en",),
    ),
}
STATE_PAPERS = [
    (
        {
            "title_en": "Universalization of the Convention in South-East Asia",
            "author": "New Zealand",
            "author_states": ["NZ"],
            "agenda_item_number": "9(a)",
            "agenda_item_title": "Universalization",
        },
        ("en",),
    ),
    (
        {
            "title_en": "Victim assistance: a national focal point in every affected State Party",
            "title_es": "Asistencia a las víctimas: un punto focal nacional en cada Estado Parte afectado",
            "author": "Multiple States",
            "author_states": ["MX", "AT", "CL"],
            "agenda_item_number": "9(d)",
            "agenda_item_title": "Victim assistance",
        },
        ("en", "es"),
    ),
    (
        {
            "title_en": "Clearance of cluster munition remnants: land release methods",
            "author": "Norway",
            "author_states": ["NO"],
            "agenda_item_number": "9(c)",
            "agenda_item_title": "Clearance and risk reduction education",
        },
        ("en", "fr"),
    ),
]
LIST_OF_PARTICIPANTS = {
    "category": "information",
    "title_en": "List of participants",
    "source": Source.PARTICIPANTS,
    "title_fr": "Liste des participants",
    "title_es": "Lista de participantes",
    "author": SECRETARIAT,
}
FINAL_REPORT = {
    "category": "report",
    "title_en": "Final report of the First Meeting of States Parties",
    "author": PRESIDENT,
    "agenda_item_number": "12",
    "agenda_item_title": "Adoption of the final report",
}


def placeholder_pdf(symbol: str, title: str, language: str) -> bytes:
    """A one-page PDF that names the document and the language (Helvetica, Latin text only)."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    lines = [symbol, title.encode("latin-1", "replace").decode("latin-1"), f"{LANGUAGE_NAMES[language]} version"]
    text = "".join(
        f"BT /F1 {14 if n else 16} Tf 72 {770 - 24 * n} Td ({line.replace('(', '[').replace(')', ']')}) Tj ET\n"
        for n, line in enumerate(lines)
    )
    stream = DecodedStreamObject()
    stream.set_data(text.encode("latin-1", "replace"))
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    page[NameObject("/Contents")] = writer._add_object(stream)
    writer.add_metadata({"/Title": f"{symbol} {title}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class Seeder:
    def __init__(self, meeting: Meeting, secretariat: User):
        self.meeting = meeting
        self.secretariat = secretariat
        self.created = 0

    def symbol(self, path: str) -> str:
        return f"{self.meeting.symbol_prefix}/{path}"

    def files(self, document: Document, languages) -> None:
        title = document.title_en or document.title
        for code in languages:
            content = placeholder_pdf(document.symbol, title, code)
            upload = SimpleUploadedFile(f"{code}.pdf", content, content_type="application/pdf")
            services.document_file_store(document=document, language=code, upload=upload, by=self.secretariat)

    def issue(self, series: str, particulars: dict, languages, issued_on, *, issue=True) -> Document:
        document = services.document_reserve(
            meeting=self.meeting,
            series=series,
            by=self.secretariat,
            issue=issue,
            issued_on=issued_on,
            distribution="general",
            original_language="en",
            **particulars,
        )
        self.files(document, languages if issue else ())
        self.created += 1
        return document

    def expect(self, path: str) -> bool:
        """True when `path` is the next symbol to seed; False when it is in the register already."""
        return not Document.objects.filter(symbol=self.symbol(path)).exists()

    def main_series(self) -> None:
        for path, series, particulars, languages, issued_on in MAIN:
            if self.expect(path):
                self.issue(series, particulars, languages, issued_on)

    def outcomes(self) -> None:
        """The outcome documents' working papers and revisions: circulating them issued their symbols
        in the register (outcomes.services); the demo gives them their agenda item and language files."""
        documents = OutcomeDocument.objects.filter(meeting=self.meeting, wp_number__isnull=False)
        for outcome in documents.order_by("wp_number"):
            number, item_title, languages = OUTCOME_ITEMS.get(outcome.title, ("", "", ("en",)))
            symbols = list(outcome.revisions.order_by("number").values_list("symbol", flat=True))
            for index, symbol in enumerate(symbols):
                document = Document.objects.filter(symbol=symbol).first()
                if document is None or document.files.exists():
                    continue
                Document.objects.filter(pk=document.pk).update(agenda_item_number=number, agenda_item_title=item_title)
                # Earlier texts in English only; the latest in the languages it was translated into.
                self.files(document, languages if index == len(symbols) - 1 else ("en",))

    def state_papers(self) -> None:
        for index, (particulars, languages) in enumerate(STATE_PAPERS):
            title = particulars["title_en"]
            if Document.objects.filter(meeting=self.meeting, title_en=title).exists():
                continue
            self.issue("WP", {"category": "working_paper", **particulars}, languages, dt.date(2010, 11, 9 + index % 3))

    def information(self) -> None:
        if self.expect("INF.1"):
            self.issue("INF", LIST_OF_PARTICIPANTS, ("en", "fr", "es"), dt.date(2010, 11, 12))
        elif not Document.objects.filter(meeting=self.meeting, source=Source.PARTICIPANTS).exists():
            # Seeded before the list read its symbol from the register: mark INF.1 as the list's.
            Document.objects.filter(symbol=self.symbol("INF.1"), source="").update(source=Source.PARTICIPANTS)
        if self.expect("4"):
            # The final report is drafted at the meeting: its number is reserved, it is not issued yet.
            self.issue("main", FINAL_REPORT, (), None, issue=False)


def seed(*, stdout) -> None:
    meeting = Meeting.objects.filter(slug=MEETING_SLUG).first()
    secretariat = User.objects.filter(email=SECRETARIAT_EMAIL).first()
    if meeting is None or secretariat is None:
        stdout.write("Documents: skipped (run seed_demo first: the 1MSP or the secretariat is missing).")
        return
    seeder = Seeder(meeting, secretariat)
    seeder.main_series()
    seeder.outcomes()
    seeder.state_papers()
    seeder.information()
    issued = Document.objects.issued().filter(meeting=meeting).count()
    reserved = Document.objects.filter(meeting=meeting, status=Document.Status.RESERVED).count()
    stdout.write(
        f"Documents of the 1MSP: {seeder.created} created by this run, {issued} issued and {reserved} reserved."
    )
