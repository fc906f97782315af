"""The documents register through the API: issued documents only, in symbol order, with their files."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ccm_portal.documents import services
from tests.conftest import make_pdf_bytes

URL = "/api/v1/meetings/first-msp/documents/"


def _issue(meeting, by, series="WP", **particulars):
    values = {"category": "working_paper", "title": "Universalization", "author": "Mexico", **particulars}
    return services.document_reserve(meeting=meeting, series=series, by=by, issue=True, **values)


def test_documents_lists_issued_documents_in_symbol_order_with_their_languages(api_get, validate, meeting, secretariat):
    for _n in range(9):
        _issue(meeting, secretariat)
    wp10 = _issue(meeting, secretariat, title="Victim assistance", author_states=["MX", "NO"], author="Multiple States")
    services.document_file_store(
        document=wp10,
        language="fr",
        upload=SimpleUploadedFile("wp10.pdf", make_pdf_bytes("WP.10"), content_type="application/pdf"),
        by=secretariat,
    )
    response = api_get(URL + "?series=WP")
    assert response.status_code == 200
    validate("/api/v1/meetings/{meeting}/documents/", response.data)
    symbols = [d["symbol"] for d in response.data["items"]]
    assert symbols[-2:] == ["CCM/MSP/2010/WP.9", "CCM/MSP/2010/WP.10"]
    last = response.data["items"][-1]
    assert [state["code"] for state in last["author_states"]] == ["MX", "NO"]
    assert [(f["language"], f["pdf"].endswith("/documents/WP.10/pdf/fr/")) for f in last["languages"]] == [("fr", True)]
    assert last["url"].endswith("/meetings/first-msp/documents/WP.10/")


def test_a_reserved_document_and_its_symbol_never_appear(api_get, meeting, secretariat):
    issued = _issue(meeting, secretariat, title="Issued paper")
    services.document_reserve(
        meeting=meeting, series="WP", by=secretariat, category="working_paper", title="Reserved paper", author="Peru"
    )
    rev = services.document_reserve_suffix(parent=issued, suffix="Rev", by=secretariat, issue=True)
    response = api_get(URL)
    assert [d["symbol"] for d in response.data["items"]] == ["CCM/MSP/2010/WP.1", "CCM/MSP/2010/WP.1/Rev.1"]
    assert b"Reserved paper" not in response.content
    assert b"WP.2" not in response.content
    revision = response.data["items"][1]
    assert revision["parent"] == "CCM/MSP/2010/WP.1"
    assert revision["relation"]["code"] == "Rev"
    assert api_get(URL + f"?symbol={rev.symbol}").data["count"] == 1
    assert api_get(URL + "?q=issued").data["count"] == 2


def test_the_documents_list_costs_the_same_queries_for_1_and_50_documents(api_get, meeting, secretariat):
    from django.core.cache import cache

    def queries():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert api_get(URL + "?limit=100").status_code == 200
        return len(captured)

    _issue(meeting, secretariat)
    one = queries()
    for _n in range(49):
        _issue(meeting, secretariat)
    many = queries()
    assert one == many
    assert many <= 6
