"""The 1MSP's documents in the register, as seed_demo issues them."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from ccm_portal.documents.models import Document
from outcomes.models import Revision

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.usefixtures("seeded_demo")]


def register() -> dict[str, Document]:
    return {d.symbol: d for d in Document.objects.filter(meeting__slug="1msp").prefetch_related("files")}


def test_the_first_msp_s_documents_are_issued_in_order_with_a_language_matrix():
    documents = register()

    assert {"CCM/MSP/2010/1", "CCM/MSP/2010/2", "CCM/MSP/2010/3", "CCM/MSP/2010/INF.1"} <= set(documents)
    assert documents["CCM/MSP/2010/1"].title_en == "Provisional agenda"
    assert {f.language for f in documents["CCM/MSP/2010/1"].files.all()} == {"ar", "zh", "en", "fr", "ru", "es"}
    english_only = [d for d in documents.values() if d.is_issued and {f.language for f in d.files.all()} == {"en"}]
    assert english_only
    # The final report's number is reserved while it is drafted: not public yet.
    assert documents["CCM/MSP/2010/4"].status == Document.Status.RESERVED


def test_every_circulated_outcome_text_has_its_symbol_in_the_register():
    circulated = set(Revision.objects.filter(document__meeting__slug="1msp").values_list("symbol", flat=True))
    documents = register()

    revisions = {symbol for symbol in circulated if "/WP." in symbol}
    assert revisions
    assert revisions <= set(documents)
    revised = [d for d in documents.values() if d.suffix == "Rev"]
    assert revised
    assert all(d.parent.symbol == d.symbol.rsplit("/Rev.", 1)[0] for d in revised)


def test_the_working_papers_of_states_name_their_sponsors():
    papers = [d for d in register().values() if d.author == "Multiple States"]

    # The register's paper of three states, then Lao PDR's, co-sponsored by Mexico (demo/working_papers.py).
    assert [d.author_states for d in papers] == [["MX", "AT", "CL"], ["LA", "MX"]]


def test_the_placeholder_pdfs_name_the_document_and_the_language():
    row = register()["CCM/MSP/2010/2"].files.get(language="ru")

    with row.file.open("rb") as handle:
        text = PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()

    assert "CCM/MSP/2010/2" in text
    assert "Russian version" in text


def test_seeding_again_adds_no_document(client):
    before = Document.objects.count()

    call_command("seed_demo", stdout=io.StringIO())

    assert Document.objects.count() == before
    page = client.get(reverse("documents:list", args=["1msp"]))
    assert "CCM/MSP/2010/INF.1" in page.content.decode()


def test_the_first_msp_s_documents_page_lists_published_statements_and_the_report_received_before_it(client):
    from reporting.models import Report
    from sessions.models import Statement

    page = client.get(reverse("documents:list", args=["1msp"]))
    second = client.get(reverse("documents:list", args=["2msp"]))

    html = page.content.decode()
    statements = Statement.objects.filter(entry__speakers_list__meeting__slug="1msp", is_published=True)
    assert statements.count() >= 1
    for statement in statements:
        assert reverse("ccm_sessions:statement", args=["1msp", statement.pk]) in html
    norway = Report.objects.get(state__country="NO", kind=Report.Kind.INITIAL)
    assert reverse("reporting:public_report", args=[norway.pk]) in html
    assert reverse("reporting:public_report_pdf", args=[norway.pk]) in html
    # The reports received after the 1MSP are the 2MSP's: Lao PDR's initial report of January 2011.
    laos = Report.objects.get(state__country="LA", kind=Report.Kind.INITIAL)
    assert reverse("reporting:public_report", args=[laos.pk]) not in html
    assert reverse("reporting:public_report", args=[laos.pk]) in second.content.decode()
