"""What other apps add to a meeting's documents page (ccm_portal/documents/sections.py): published
statements under their agenda items (sessions) and the published Article 7 reports the meeting
considers (reporting), in the page, its filters, its CSV; never in the feed of issued documents."""

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ccm_portal.meetings.models import Category, Meeting
from reporting.models import Report
from reporting.services import contact_point_appoint, report_acknowledge, report_publish, report_submit
from sessions import services as sessions
from tests.conftest import make_pdf_bytes
from tests.documents.test_pages import issue, list_url
from tests.factories import FirstMeetingFactory, MeetingFactory, TreatyStatusFactory, UserFactory
from tests.queries import warm_queries
from tests.reporting.helpers import complete_report
from tests.sessions.factories import ApprovedDelegationFactory
from tests.stored_pdfs import fetch_pdf

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
CODES = ["NO", "IE", "MX", "AT", "CL", "FR", "LA", "LB", "DE", "ES", "IT", "JP", "NZ", "PT", "SE", "CH"]


@pytest.fixture
def msp(db):
    return FirstMeetingFactory(start_date=dt.date(2010, 11, 9), end_date=dt.date(2010, 11, 12), is_published=True)


@pytest.fixture
def agenda(msp):
    return sessions.agenda_for(msp)


def agenda_item(agenda, by, title):
    return sessions.agenda_item_add(agenda=agenda, by=by, data={"title": title, "thematic_area": "general_exchange"})


def statement(msp, item, by, code, *, publish=True):
    """A statement of `code`'s delegation on the list of speakers of `item` (the list opened if need be)."""
    speakers_list = item.speakers_lists.first() or sessions.speakers_list_open(meeting=msp, by=by, agenda_item=item)
    delegation = ApprovedDelegationFactory(
        meeting=msp, country=code, sort_name=f"Delegation {code}", category=Category.STATE_PARTY
    )
    entry = sessions.speaker_inscribe(speakers_list=speakers_list, delegation=delegation, by=by)
    upload = SimpleUploadedFile("speech.pdf", make_pdf_bytes(f"Statement {code}"), content_type="application/pdf")
    return sessions.statement_upload(entry=entry, by=by, upload=upload, publish=publish)


def report(code, by, *, received, publish=True) -> Report:
    """An initial report of `code` (in force 1 August 2010) received on `received`, published or only acknowledged."""
    state = TreatyStatusFactory(country=code, entry_into_force_date=dt.date(2010, 8, 1))
    reporter = contact_point_appoint(state=state, user=UserFactory(), by=by).user
    found = complete_report(state, by=reporter)
    report_submit(report=found, by=reporter, today=received)
    found = report_acknowledge(report=found, received_on=received, by=by)
    return report_publish(report=found, by=by, today=received) if publish else found


def statement_url(msp, row) -> str:
    return reverse("ccm_sessions:statement", args=[msp.slug, row.pk])


def section(response, key):
    return next((shown.section for shown in response.context["sections"] if shown.section.key == key), None)


def _queries(client, url) -> int:
    return warm_queries(client, url)


# Statements (sessions) ---------------------------------------------------------------------


def test_published_statements_are_listed_under_their_agenda_item_and_unpublished_ones_nowhere(
    client, msp, agenda, secretariat
):
    general = agenda_item(agenda, secretariat, "General exchange of views")
    victims = agenda_item(agenda, secretariat, "Victim assistance")
    norway = statement(msp, general, secretariat, "NO")
    hidden = statement(msp, general, secretariat, "FR", publish=False)
    mexico = statement(msp, victims, secretariat, "MX")

    response = client.get(list_url(msp))

    html = response.content.decode()
    rows = section(response, "statements").rows
    assert [(row.group, row.author) for row in rows] == [
        ("1. General exchange of views", "Norway"),
        ("2. Victim assistance", "Mexico"),
    ]
    assert statement_url(msp, norway) in html
    assert statement_url(msp, mexico) in html
    assert statement_url(msp, hidden) not in html
    assert "France" not in html
    listed = html[html.index('data-testid="section-statements"') :]
    assert listed.index("1. General exchange of views") < listed.index(statement_url(msp, norway))
    assert listed.index(statement_url(msp, norway)) < listed.index("2. Victim assistance")
    assert listed.index("2. Victim assistance") < listed.index(statement_url(msp, mexico))
    # The link is the statement's own download, which serves a published statement to anyone...
    download = client.get(statement_url(msp, norway))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    # ... and an unpublished one to nobody but its delegation and the secretariat.
    assert client.get(statement_url(msp, hidden)).status_code == 404


def test_a_statement_published_after_a_visit_is_on_the_next_request(client, msp, agenda, secretariat):
    item = agenda_item(agenda, secretariat, "General exchange of views")
    row = statement(msp, item, secretariat, "IE", publish=False)
    assert statement_url(msp, row) not in client.get(list_url(msp)).content.decode()

    sessions.statement_set_published(statement=row, by=secretariat, publish=True)
    assert statement_url(msp, row) in client.get(list_url(msp)).content.decode()

    sessions.statement_set_published(statement=row, by=secretariat, publish=False)
    assert statement_url(msp, row) not in client.get(list_url(msp)).content.decode()


def test_the_agenda_item_filter_offers_and_keeps_the_items_statements_were_made_on(client, msp, agenda, secretariat):
    general = agenda_item(agenda, secretariat, "General exchange of views")
    victims = agenda_item(agenda, secretariat, "Victim assistance")
    statement(msp, general, secretariat, "NO")
    statement(msp, victims, secretariat, "MX")
    issue(msp, secretariat, title="Universalization", agenda_item_number="1", agenda_item_title="General exchange")

    first = client.get(list_url(msp))
    only_two = client.get(list_url(msp, agenda_item="2"))

    # No register document is on item 2: its number comes from the statements.
    assert ("2", "2. Victim assistance") in first.context["form"].fields["agenda_item"].choices
    assert [row.author for row in section(only_two, "statements").rows] == ["Mexico"]
    assert list(only_two.context["page"].object_list) == []
    assert "No document matches these filters." not in only_two.content.decode()


def test_the_search_and_the_category_filter_cover_the_statements(client, msp, agenda, secretariat):
    item = agenda_item(agenda, secretariat, "General exchange of views")
    statement(msp, item, secretariat, "NO")
    statement(msp, item, secretariat, "MX")
    issue(msp, secretariat, title="Universalization")

    by_name = client.get(list_url(msp, q="norw"))
    by_item = client.get(list_url(msp, q="exchange"))
    statements_only = client.get(list_url(msp, category="statement"))
    papers_only = client.get(list_url(msp, category="working_paper"))
    nothing = client.get(list_url(msp, q="stockpile"))

    assert [row.author for row in section(by_name, "statements").rows] == ["Norway"]
    assert list(by_name.context["page"].object_list) == []
    assert len(section(by_item, "statements").rows) == 2
    assert section(statements_only, "statements") is not None
    assert list(statements_only.context["page"].object_list) == []
    assert section(papers_only, "statements") is None
    assert "Norway" not in papers_only.content.decode()
    assert "No document matches these filters." in nothing.content.decode()


def test_the_statements_come_25_a_page_with_their_own_page_links(client, msp, agenda, secretariat):
    general = agenda_item(agenda, secretariat, "General exchange of views")
    victims = agenda_item(agenda, secretariat, "Victim assistance")
    for code in CODES:
        statement(msp, general, secretariat, code)
    # 16 on the first item; 10 more on the second, by other delegations.
    for code in ["BE", "BG", "HR", "CZ", "DK", "EE", "FI", "GR", "HU", "IS"]:
        statement(msp, victims, secretariat, code)

    first = client.get(list_url(msp))
    second = client.get(list_url(msp, statements_page=2))

    assert first.context["sections"][0].page.paginator.count == 26
    assert len(first.context["sections"][0].page.object_list) == 25
    assert "statements_page=2#statements" in first.content.decode()
    assert [row.author for row in second.context["sections"][0].page.object_list] == ["Iceland"]
    # The last page still names the item its rows are under.
    assert "2. Victim assistance" in second.content.decode()


# Transparency reports (reporting) ----------------------------------------------------------


def test_a_meeting_lists_the_published_reports_received_since_the_previous_meeting_up_to_its_last_day(
    client, msp, secretariat
):
    second = MeetingFactory(
        kind=Meeting.Kind.MSP,
        slug="second-msp",
        start_date=dt.date(2011, 9, 12),
        end_date=dt.date(2011, 9, 16),
        is_published=True,
    )
    intersessional = MeetingFactory(
        kind=Meeting.Kind.INTERSESSIONAL,
        slug="intersessional-2011",
        start_date=dt.date(2011, 6, 27),
        end_date=dt.date(2011, 6, 30),
        is_published=True,
    )
    early = report("NO", secretariat, received=dt.date(2010, 10, 28))
    last_day = report("AT", secretariat, received=dt.date(2010, 11, 12))
    next_cycle = report("LA", secretariat, received=dt.date(2011, 1, 24))
    report("FR", secretariat, received=dt.date(2011, 3, 18), publish=False)
    later = report("LB", secretariat, received=dt.date(2011, 10, 26))

    def listed(meeting):
        found = section(client.get(list_url(meeting)), "transparency-reports")
        return None if found is None else [row.url for row in found.rows]

    def page(row):
        return reverse("reporting:public_report", args=[row.pk])

    # Alphabetical by state: Austria, Norway.
    assert listed(msp) == [page(last_day), page(early)]
    assert listed(second) == [page(next_cycle)]
    assert listed(intersessional) is None
    assert page(later) not in client.get(list_url(msp)).content.decode()


def test_a_report_shows_its_public_page_and_pdf_and_an_unpublished_one_is_neither_listed_nor_reachable(
    client, msp, secretariat
):
    published = report("NO", secretariat, received=dt.date(2010, 10, 28))
    acknowledged = report("AT", secretariat, received=dt.date(2010, 10, 29), publish=False)
    state = TreatyStatusFactory(country="IE", entry_into_force_date=dt.date(2010, 8, 1))
    draft = complete_report(state, by=secretariat)

    response = client.get(list_url(msp))

    html = response.content.decode()
    assert "Transparency reports (Article 7)" in html
    assert reverse("reporting:public_report", args=[published.pk]) in html
    assert reverse("reporting:public_report_pdf", args=[published.pk]) in html
    assert reverse("reporting:received") in html
    for hidden in (acknowledged, draft):
        assert reverse("reporting:public_report", args=[hidden.pk]) not in html
        assert client.get(reverse("reporting:public_report", args=[hidden.pk])).status_code == 404
        assert client.get(reverse("reporting:public_report_pdf", args=[hidden.pk])).status_code == 404
    pdf = fetch_pdf(client, reverse("reporting:public_report_pdf", args=[published.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Disposition"].startswith("attachment")


def test_a_report_published_after_a_visit_is_on_the_next_request(client, msp, secretariat):
    acknowledged = report("NO", secretariat, received=dt.date(2010, 10, 28), publish=False)
    url = reverse("reporting:public_report", args=[acknowledged.pk])
    assert url not in client.get(list_url(msp)).content.decode()

    report_publish(report=acknowledged, by=secretariat, today=dt.date(2010, 11, 1))

    assert url in client.get(list_url(msp)).content.decode()


def test_the_category_filter_and_the_search_cover_the_reports(client, msp, agenda, secretariat):
    report("NO", secretariat, received=dt.date(2010, 10, 28))
    report("AT", secretariat, received=dt.date(2010, 10, 29))
    statement(msp, agenda_item(agenda, secretariat, "General exchange of views"), secretariat, "MX")

    reports_only = client.get(list_url(msp, category="report"))
    norway = client.get(list_url(msp, q="norway"))
    on_an_item = client.get(list_url(msp, agenda_item="1"))

    assert [row.author for row in section(reports_only, "transparency-reports").rows] == ["Austria", "Norway"]
    assert section(reports_only, "statements") is None
    assert [row.author for row in section(norway, "transparency-reports").rows] == ["Norway"]
    assert section(norway, "statements") is None
    # Reports are on no agenda item.
    assert section(on_an_item, "transparency-reports") is None


# Query counts, the CSV and the feed ---------------------------------------------------------


def test_the_page_and_the_csv_read_the_same_number_of_queries_for_1_and_many_statements_and_reports(
    client, msp, agenda, secretariat
):
    items = [agenda_item(agenda, secretariat, f"Item {n}") for n in range(3)]
    issue(msp, secretariat, languages=("en", "fr"))
    statement(msp, items[0], secretariat, CODES[0])
    report(CODES[0], secretariat, received=dt.date(2010, 10, 1))
    csv_url = reverse("documents:csv", args=[msp.slug])
    one = _queries(client, list_url(msp))
    csv_one = _queries(client, csv_url)
    for n, code in enumerate(CODES[1:9], start=1):
        statement(msp, items[n % 3], secretariat, code)
    for n, code in enumerate(CODES[1:7], start=1):
        report(code, secretariat, received=dt.date(2010, 10, 1 + n))
    for _n in range(4):
        issue(msp, secretariat, languages=("en", "fr"))

    response = client.get(list_url(msp))
    many = _queries(client, list_url(msp))

    assert len(section(response, "statements").rows) == 9
    assert len(section(response, "transparency-reports").rows) == 7
    assert one == many
    assert many < 10
    assert _queries(client, csv_url) == csv_one < 10


def test_the_csv_has_the_statements_and_reports_after_the_documents_with_their_links(client, msp, agenda, secretariat):
    issue(msp, secretariat, languages=("en",))
    item = agenda_item(agenda, secretariat, "General exchange of views")
    norway = statement(msp, item, secretariat, "NO")
    statement(msp, item, secretariat, "FR", publish=False)
    published = report("AT", secretariat, received=dt.date(2010, 10, 28))

    response = client.get(reverse("documents:csv", args=[msp.slug]))
    only_reports = client.get(reverse("documents:csv", args=[msp.slug]) + "?category=report")

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(row["symbol"], row["category"], row["author"]) for row in rows] == [
        ("CCM/MSP/2010/WP.1", "Working paper", "Mexico"),
        ("", "Statement", "Norway"),
        ("", "Report", "Austria"),
    ]
    assert rows[0]["url"].endswith(reverse("documents:detail", args=[msp.slug, "WP.1"]))
    assert rows[1]["agenda_item"] == "1 General exchange of views"
    assert rows[1]["url"].endswith(statement_url(msp, norway))
    assert rows[2]["original_language"] == "en"
    assert rows[2]["file_en"].endswith(reverse("reporting:public_report_pdf", args=[published.pk]))
    assert rows[2]["file_fr"] == ""
    assert rows[2]["url"].endswith(reverse("reporting:public_report", args=[published.pk]))
    assert [row["author"] for row in csv.DictReader(io.StringIO(only_reports.content.decode("utf-8-sig")))] == [
        "Austria"
    ]


def test_the_feed_stays_the_register_s_newly_issued_documents(client, msp, agenda, secretariat):
    issue(msp, secretariat, title="Universalization")
    statement(msp, agenda_item(agenda, secretariat, "General exchange of views"), secretariat, "NO")
    report("AT", secretariat, received=dt.date(2010, 10, 28))

    feed = ET.fromstring(client.get(reverse("documents:feed", args=[msp.slug])).content)

    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert titles == ["CCM/MSP/2010/WP.1: Universalization"]


# The hook itself -------------------------------------------------------------------------------


def test_a_registered_provider_s_section_is_on_the_page_and_registering_its_key_again_replaces_it(
    client, msp, monkeypatch
):
    from ccm_portal.documents import sections

    monkeypatch.setattr(sections, "_providers", dict(sections._providers))

    def provider(title):
        row = sections.Row(title=title, author="The secretariat", day=dt.date(2010, 11, 9), url="/somewhere/")
        return lambda meeting: sections.Section(key="extra", title="Extra papers", category="information", rows=[row])

    sections.register("extra", provider("First paper"))
    sections.register("extra", provider("Second paper"))
    sections.register("nothing", lambda meeting: None)

    html = client.get(list_url(msp)).content.decode()
    hidden = client.get(list_url(msp, category="working_paper")).content.decode()

    assert "Extra papers" in html
    assert "Second paper" in html
    assert "First paper" not in html
    assert "Extra papers" not in hidden
