"""The public documents page, a document's page, its files, the feed and the CSV; the secretariat's register."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ccm_portal.documents import services
from ccm_portal.documents.models import Document
from tests.conftest import make_pdf_bytes
from tests.factories import FirstMeetingFactory
from tests.queries import warm_queries

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def msp(db):
    return FirstMeetingFactory()


def issue(meeting, by, series="WP", *, languages=("en",), **extra):
    particulars = {"category": "working_paper", "title": "Universalization", "author": "Mexico", **extra}
    document = services.document_reserve(meeting=meeting, series=series, by=by, issue=True, **particulars)
    for code in languages:
        upload = SimpleUploadedFile(f"{code}.pdf", make_pdf_bytes(f"{document.symbol} {code}"))
        services.document_file_store(document=document, language=code, upload=upload, by=by)
    return document


def list_url(meeting, **params):
    url = reverse("documents:list", args=[meeting.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def symbols_on(response) -> list[str]:
    return [document.symbol for document in response.context["page"].object_list]


def test_the_page_lists_issued_documents_only_in_symbol_order_with_their_languages(client, msp, secretariat):
    for _n in range(10):
        issue(msp, secretariat)
    issue(msp, secretariat, "main", languages=("ar", "zh", "en", "fr", "ru", "es"), title="Provisional agenda")
    services.document_reserve(meeting=msp, series="INF", by=secretariat, category="information", title="Secret")

    response = client.get(list_url(msp))

    assert symbols_on(response) == ["CCM/MSP/2010/1"] + [f"CCM/MSP/2010/WP.{n}" for n in range(1, 11)]
    html = response.content.decode()
    assert "Secret" not in html
    assert "CCM/MSP/2010/INF.1" not in html
    agenda_file = reverse("documents:file", args=[msp.slug, "1", "zh"])
    assert agenda_file in html
    # WP.1 exists in English only: a link for English, a dash (and a spoken "not in") for the other five.
    assert reverse("documents:file", args=[msp.slug, "WP.1", "en"]) in html
    assert reverse("documents:file", args=[msp.slug, "WP.1", "fr"]) not in html
    assert html.count("not in French") == 10


def test_the_page_filters_by_category_and_agenda_item_and_searches_titles(client, msp, secretariat):
    issue(msp, secretariat, title="Victim assistance", agenda_item_number="6(c)", agenda_item_title="Victim assistance")
    issue(msp, secretariat, title="Clearance and risk reduction", agenda_item_number="6(b)")
    issue(msp, secretariat, "INF", category="information", title="List of participants")

    assert symbols_on(client.get(list_url(msp, category="information"))) == ["CCM/MSP/2010/INF.1"]
    assert symbols_on(client.get(list_url(msp, agenda_item="6(b)"))) == ["CCM/MSP/2010/WP.2"]
    assert symbols_on(client.get(list_url(msp, q="victim"))) == ["CCM/MSP/2010/WP.1"]
    assert symbols_on(client.get(list_url(msp, q="INF.1"))) == ["CCM/MSP/2010/INF.1"]
    nothing = client.get(list_url(msp, q="stockpile"))
    assert "No document matches these filters." in nothing.content.decode()
    # An unknown choice is ignored, not an error.
    assert client.get(list_url(msp, category="nonsense")).status_code == 200


def test_the_page_is_paginated_25_a_page(client, msp, secretariat):
    for _n in range(27):
        issue(msp, secretariat, languages=())

    second = client.get(list_url(msp, page=2))

    assert symbols_on(second) == ["CCM/MSP/2010/WP.26", "CCM/MSP/2010/WP.27"]


def _queries(client, url) -> int:
    return warm_queries(client, url)


def test_the_page_reads_the_same_number_of_queries_for_1_and_50_documents(client, msp, secretariat):
    issue(msp, secretariat, languages=("en", "fr"))
    one = _queries(client, list_url(msp))
    for _n in range(49):
        issue(msp, secretariat, languages=("en", "fr"))

    many = _queries(client, reverse("documents:list", args=[msp.slug]))

    assert one == many
    assert many < 10


def test_the_feed_and_the_csv_read_a_constant_number_of_queries(client, msp, secretariat):
    issue(msp, secretariat)
    feed_one = _queries(client, reverse("documents:feed", args=[msp.slug]))
    csv_one = _queries(client, reverse("documents:csv", args=[msp.slug]))
    for _n in range(49):
        issue(msp, secretariat)

    assert _queries(client, reverse("documents:feed", args=[msp.slug])) == feed_one < 10
    assert _queries(client, reverse("documents:csv", args=[msp.slug])) == csv_one < 10


def test_a_document_s_page_shows_its_particulars_and_lineage(client, msp, secretariat):
    for _n in range(2):
        issue(msp, secretariat)
    wp3 = issue(msp, secretariat, title="Vientiane Declaration")
    rev1 = services.document_reserve_suffix(parent=wp3, suffix="Rev", by=secretariat, issue=True)
    services.document_reserve_suffix(parent=wp3, suffix="Rev", by=secretariat)  # reserved: not public

    page = client.get(reverse("documents:detail", args=[msp.slug, "WP.3"])).content.decode()
    revision = client.get(rev1.get_absolute_url()).content.decode()

    assert "Vientiane Declaration" in page
    assert "CCM/MSP/2010/WP.3/Rev.1" in page
    assert "CCM/MSP/2010/WP.3/Rev.2" not in page
    assert "Earlier text: <bdi>CCM/MSP/2010/WP.3</bdi>" in revision


def test_a_reserved_document_is_not_found_by_the_public(client, msp, secretariat):
    services.document_reserve(meeting=msp, series="WP", by=secretariat, category="working_paper", title="Draft")

    assert client.get(reverse("documents:detail", args=[msp.slug, "WP.1"])).status_code == 404
    assert client.get(reverse("documents:detail", args=[msp.slug, "WP.99"])).status_code == 404


def test_a_language_file_is_downloaded_from_storage_as_an_attachment(client, msp, secretariat):
    issue(msp, secretariat, languages=("fr",))

    response = client.get(reverse("documents:file", args=[msp.slug, "WP.1", "fr"]))

    body = b"".join(response.streaming_content)
    assert response["Content-Disposition"].startswith("attachment")
    assert "CCM_MSP_2010_WP.1_FR.pdf" in response["Content-Disposition"]
    assert body.startswith(b"%PDF-")
    assert client.get(reverse("documents:file", args=[msp.slug, "WP.1", "en"])).status_code == 404
    assert client.get(reverse("documents:file", args=[msp.slug, "WP.1", "xx"])).status_code == 404


def test_the_feed_lists_newly_issued_documents_as_atom(client, msp, secretariat):
    issue(msp, secretariat, title="Universalization")
    issue(msp, secretariat, title="Victim assistance")
    services.document_reserve(meeting=msp, series="WP", by=secretariat, category="working_paper", title="Not yet")

    response = client.get(reverse("documents:feed", args=[msp.slug]))

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert titles == ["CCM/MSP/2010/WP.2: Victim assistance", "CCM/MSP/2010/WP.1: Universalization"]


def test_the_csv_has_a_row_per_issued_document_and_a_link_per_language(client, msp, secretariat):
    issue(msp, secretariat, languages=("en", "es"), agenda_item_number="5", agenda_item_title="Universalization")
    services.document_reserve(meeting=msp, series="WP", by=secretariat, category="working_paper", title="Not yet")

    response = client.get(reverse("documents:csv", args=[msp.slug]))

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response["Content-Disposition"].startswith("attachment")
    assert [row["symbol"] for row in rows] == ["CCM/MSP/2010/WP.1"]
    assert rows[0]["agenda_item"] == "5 Universalization"
    assert rows[0]["file_es"].endswith(reverse("documents:file", args=[msp.slug, "WP.1", "es"]))
    assert rows[0]["file_fr"] == ""


# The secretariat's register -----------------------------------------------------------------


def test_only_the_secretariat_opens_the_register(client, msp, secretariat, delegate):
    url = reverse("documents:register", args=[msp.slug])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(delegate)
    assert client.get(url).status_code == 403
    document = services.document_reserve(meeting=msp, series="WP", by=secretariat, category="working_paper", title="D")
    assert client.get(reverse("documents:manage", args=[msp.slug, document.pk])).status_code == 404
    client.force_login(secretariat)
    assert client.get(url).status_code == 200


def test_the_secretariat_reserves_a_number_edits_the_particulars_and_issues(client, msp, secretariat):
    client.force_login(secretariat)
    response = client.post(
        reverse("documents:register", args=[msp.slug]),
        {
            "series": "main",
            "category": "organization",
            "title_en": "Provisional agenda",
            "title_fr": "Ordre du jour provisoire",
            "author": "The President",
            "distribution": "general",
            "original_language": "en",
        },
    )
    document = Document.objects.get()
    assert response.status_code == 302
    assert document.symbol == "CCM/MSP/2010/1"
    assert document.status == "reserved"

    client.post(
        reverse("documents:manage", args=[msp.slug, document.pk]),
        {
            "expected_version": 1,
            "category": "organization",
            "title_en": "Provisional agenda (revised)",
            "author": "The President",
            "distribution": "general",
            "original_language": "en",
        },
    )
    stale = client.post(
        reverse("documents:manage", args=[msp.slug, document.pk]),
        {
            "expected_version": 1,
            "category": "report",
            "title_en": "X",
            "author": "Y",
            "distribution": "general",
            "original_language": "en",
        },
    )
    confirm = client.get(reverse("documents:issue", args=[msp.slug, document.pk]))
    client.post(reverse("documents:issue", args=[msp.slug, document.pk]), {"expected_version": 2})

    document.refresh_from_db()
    assert stale.status_code == 400
    assert "Someone else saved this record" in stale.content.decode()
    assert "Issue <bdi>CCM/MSP/2010/1</bdi>?" in confirm.content.decode()
    assert document.title == "Provisional agenda (revised)"
    assert document.status == "issued"


def test_an_upload_that_is_not_a_pdf_is_refused_next_to_the_field(client, msp, secretariat):
    client.force_login(secretariat)
    document = services.document_reserve(meeting=msp, series="WP", by=secretariat, category="working_paper", title="D")

    response = client.post(
        reverse("documents:upload", args=[msp.slug, document.pk]),
        {"language": "ar", "file": SimpleUploadedFile("wp.pdf", b"<html><script>")},
    )

    assert response.status_code == 400
    assert "not a PDF" in response.content.decode()
    assert not document.files.exists()


def test_the_secretariat_hands_out_a_revision_from_the_document_s_page(client, msp, secretariat):
    client.force_login(secretariat)
    document = issue(msp, secretariat)

    client.post(reverse("documents:add_suffix", args=[msp.slug, document.pk]), {"suffix": "Rev"})

    assert document.children.get().symbol == "CCM/MSP/2010/WP.1/Rev.1"


def test_the_register_reads_the_same_number_of_queries_for_1_and_50_documents(client, msp, secretariat):
    client.force_login(secretariat)
    issue(msp, secretariat)
    url = reverse("documents:register", args=[msp.slug])
    one = _queries(client, url)
    for _n in range(49):
        issue(msp, secretariat)

    assert _queries(client, url) == one


def test_an_upload_when_the_store_is_unreachable_is_refused_next_to_the_field_and_nothing_is_saved(
    client, msp, secretariat, settings, monkeypatch
):
    from tests.storage.conftest import unreachable_store

    client.force_login(secretariat)
    document = services.document_reserve(meeting=msp, series="WP", by=secretariat, category="working_paper", title="D")
    unreachable_store(settings, monkeypatch)

    response = client.post(
        reverse("documents:upload", args=[msp.slug, document.pk]),
        {"language": "fr", "file": SimpleUploadedFile("wp.pdf", make_pdf_bytes("Working paper"))},
    )

    assert response.status_code == 400
    page = response.content.decode()
    message = "The document store cannot be reached right now, so nothing was saved."
    assert page.rindex(message) > page.index('name="file"')
    assert not document.files.exists()
