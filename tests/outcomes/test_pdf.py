import io

from pypdf import PdfReader

from ccm_portal.pdf import StaticOnlyURLFetcher
from outcomes import pdfs, services
from outcomes.compare import compare_snapshots
from outcomes.selectors import build_snapshot


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _text(pdf: bytes) -> str:
    """All pages' text with runs of white space collapsed (the layout adds some between a numeral and its heading)."""
    return " ".join(" ".join(_pages(pdf)).split())


def _adopt_and_publish(document, by):
    services.mark_all_agreed(document=document, by=by)
    revision = services.document_adopt(document=document, by=by, own_symbol="CCM/MSP/2010/4")
    services.document_publish(document=document, by=by)
    document.refresh_from_db()
    return revision


def test_the_circulated_pdf_has_the_un_header_numbers_actions_and_a_draft_watermark(circulated_plan):
    revision = circulated_plan.revisions.get()

    text = _text(pdfs.document_pdf(circulated_plan, revision))

    for expected in [
        "CCM/MSP/2010/WP.1",
        "Distr.: Limited",
        "Original: English",
        "First Meeting of States Parties",
        "Geneva",
        "Item 10: Consideration of documents",
        "Vientiane Action Plan",
        "I. Introduction",
        "1.",
        "3.",
        "Action #1",
        "Action #4",
        "Take step 2 of area 2 within one year.",
        "Draft",
        "1 / 1",
    ]:
        assert expected in text, expected


def test_the_published_pdf_has_no_watermark_and_is_a_tagged_pdf_ua_file(circulated_plan, secretariat):
    paragraph = circulated_plan.built["intro"][1]
    services.paragraph_update(
        paragraph=paragraph,
        by=secretariat,
        text='Reviewed at each meeting; see <a href="https://www.clusterconvention.org/">the Convention</a>.',
        expected_version=1,
    )
    revision = _adopt_and_publish(circulated_plan, secretariat)

    pdf = pdfs.document_pdf(circulated_plan, revision)

    text = _text(pdf)
    assert "CCM/MSP/2010/4" in text
    assert "Distr.: General" in text
    assert "Draft" not in text
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en"
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()
    uris = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    ]
    assert "https://www.clusterconvention.org/" in uris


def test_the_working_text_pdf_is_marked_draft_and_not_an_issued_document(plan):
    text = _text(pdfs.document_pdf(plan))

    assert "Draft" in text
    assert "not an issued document" in text


def test_footnotes_are_printed_with_their_number_at_the_foot_of_the_page(circulated_plan, secretariat):
    services.paragraph_update(
        paragraph=circulated_plan.built["intro"][0],
        by=secretariat,
        text="The States Parties adopt this plan.[^Adopted on 12 November 2010.]",
        expected_version=1,
    )

    pages = _pages(pdfs.document_pdf(circulated_plan))

    assert "1. Adopted on 12 November 2010." in pages[0]


def test_markup_in_a_paragraph_is_neither_fetched_nor_executed(circulated_plan, secretariat):
    services.paragraph_update(
        paragraph=circulated_plan.built["intro"][0],
        by=secretariat,
        text='Before <img src="file:///etc/passwd"> <script>alert(1)</script><link rel=stylesheet href="file:///x">After',
        expected_version=1,
    )
    fetcher = StaticOnlyURLFetcher()

    pdf = pdfs.document_pdf(circulated_plan, fetcher=fetcher)

    assert fetcher.refused == []  # the <img> never reached WeasyPrint: nh3 removed it
    text = _text(pdf)
    assert "Before" in text
    assert "After" in text
    assert "alert" not in text
    assert "root:" not in text


def test_the_comparison_pdf_shows_the_changed_paragraph(circulated_plan, secretariat):
    action = circulated_plan.built["actions"][0]
    services.paragraph_update(paragraph=action, by=secretariat, text="Take step 1 now.", expected_version=1)
    comparison = compare_snapshots(circulated_plan.revisions.get().snapshot, build_snapshot(circulated_plan))

    text = _text(pdfs.compare_pdf(circulated_plan, old_label="WP.1", new_label="working text", comparison=comparison))

    assert "Comparison of WP.1 with working text: 1 changed" in text
    assert "[changed]" in text
    assert "Action #1" in text
    assert "now" in text


def test_the_pdf_helper_itself_refuses_local_files_even_without_the_sanitiser():
    fetcher = StaticOnlyURLFetcher()

    pdf = pdfs.write_pdf(
        '<html><body><p>Header</p><img src="file:///etc/passwd"><img src="/static/pdf/outcomes.css"></body></html>',
        fetcher=fetcher,
    )

    assert fetcher.refused == ["file:///etc/passwd"]
    assert "root:" not in _text(pdf)
