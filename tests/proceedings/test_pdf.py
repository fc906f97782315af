"""The final report's PDF: the outcome documents' UN layout, its annexes each from a new page,
in English whoever renders it; checked by the extracted text."""

import io
import re

import pytest
from django.utils import translation
from pypdf import PdfReader

from outcomes import pdfs
from outcomes import services as outcome_services
from proceedings import services
from tests.outcomes.factories import deadline

pytestmark = pytest.mark.django_db

ANNEXES = [
    "Annex I: Agenda",
    "Annex II: List of documents",
    "Annex III: Documents adopted by the Meeting",
    "Annex IV: Report on credentials",
]


def pages(content: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture
def circulated_report(world, secretariat):
    services.particulars_save(
        meeting=world,
        by=secretariat,
        president="H.E. Mr. Bounkeut Sisavath",
        rules_of_procedure_symbol="CCM/MSP/2010/3",
    )
    document, _outcome = services.final_report_draft(meeting=world, by=secretariat)
    revision = outcome_services.document_circulate(
        document=document, by=secretariat, comment_deadline=deadline(), notify=False
    )
    document.refresh_from_db()
    return document, revision


def test_final_report_pdf_names_the_president_the_counts_and_the_states_in_order(circulated_report):
    document, revision = circulated_report

    with translation.override("fr"):  # the report is English whoever renders it
        # A symbol may break after a slash at the end of a line.
        text = " ".join(pages(pdfs.document_pdf(document, revision))).replace("/ ", "/")

    assert revision.symbol in text
    assert "Distr.: General" in text
    assert "The Meeting elected H.E. Mr. Bounkeut Sisavath (Lao People's Democratic Republic) as its President." in text
    assert "The Meeting adopted its rules of procedure, as contained in document CCM/MSP/2010/3." in text
    assert "5 States took part in the Meeting, 3 of them States Parties." in text
    participants = re.search(r"The following 3 States Parties participated in the work of the Meeting: (.*?)\.", text)
    assert participants.group(1) == "Austria, Lao People's Democratic Republic and Norway"
    assert "have submitted credentials in due form: Austria and Lao People's Democratic Republic." in text


def test_final_report_pdf_starts_each_annex_on_a_page_of_its_own_in_order(circulated_report):
    document, revision = circulated_report

    texts = pages(pdfs.document_pdf(document, revision))

    starts = [next(i for i, page in enumerate(texts) if annex in page) for annex in ANNEXES]
    assert starts == sorted(starts)
    assert len(set(starts)) == len(ANNEXES)
    # The procedural part ends on the page before the first annex.
    assert "Documentation" in texts[starts[0] - 1]
    assert "Documentation" not in texts[starts[0]]
    agenda_page = texts[starts[0]]
    assert agenda_page.index("Opening of the Meeting") < agenda_page.index("Victim assistance")
    assert "CCM/MSP/2010/Credentials" in texts[starts[1]]
