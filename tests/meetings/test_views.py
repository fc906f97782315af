import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ccm_portal.meetings.models import Meeting, TreatyStatus
from tests.factories import DelegationFactory, MeetingFactory, TreatyStatusFactory, UserFactory

pytestmark = pytest.mark.django_db

VIENTIANE = {
    "kind": "msp",
    "number": "1",
    "title": "First Meeting of States Parties",
    "short_title": "1MSP",
    "slug": "1msp",
    "symbol_prefix": "CCM/MSP/2010",
    "city": "Vientiane",
    "country": "LA",
    "venue": "National Convention Centre",
    "start_date": "2010-11-09",
    "end_date": "2010-11-12",
    "time_zone": "Asia/Vientiane",
    "registration_opens": "2010-08-01T00:00",
    "registration_deadline": "2010-10-15T17:00",
    "official_languages": ["en", "fr", "es"],
    "presiding_state": "LA",
    "is_published": "on",
}


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# --- Public pages ------------------------------------------------------------------------------


def test_anonymous_visitor_sees_published_meetings_only_in_the_list(client):
    MeetingFactory(title="Second Meeting of States Parties")
    MeetingFactory(title="Draft meeting", is_published=False)

    response = client.get(reverse("meetings:list"))

    html = response.content.decode()
    assert "Second Meeting of States Parties" in html
    assert "Draft meeting" not in html


def test_meeting_list_shows_kind_place_and_dates(client):
    MeetingFactory(
        title="First Meeting of States Parties",
        city="Vientiane",
        country="LA",
        start_date=dt.date(2010, 11, 9),
        end_date=dt.date(2010, 11, 12),
    )

    html = client.get(reverse("meetings:list")).content.decode()

    assert "Meeting of States Parties" in html
    assert "Vientiane, Lao People&#x27;s Democratic Republic" in html
    assert "9-12 November 2010" in html


def test_anonymous_visitor_sees_a_published_meeting(client):
    meeting = MeetingFactory(title="Second Meeting of States Parties", city="Beirut", country="LB")

    response = client.get(meeting.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "Second Meeting of States Parties" in html
    assert "Beirut, Lebanon" in html
    assert "English, French, Spanish" in html
    assert reverse("delegations:register", args=[meeting.slug]) in html
    assert reverse("meetings:edit", args=[meeting.slug]) not in html


def test_anonymous_visitor_gets_404_for_an_unpublished_meeting(client):
    meeting = MeetingFactory(is_published=False)

    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_secretariat_sees_an_unpublished_meeting_with_its_tools(client, secretariat):
    meeting = MeetingFactory(is_published=False)
    client.force_login(secretariat)

    html = client.get(meeting.get_absolute_url()).content.decode()

    assert "Not published" in html
    assert reverse("meetings:edit", args=[meeting.slug]) in html
    assert reverse("delegations:dashboard", args=[meeting.slug]) in html
    assert reverse("delegations:credentials_report", args=[meeting.slug]) in html
    assert reverse("delegations:register", args=[meeting.slug]) not in html


def test_the_presidency_sees_the_unpublished_meetings_it_plans_without_the_secretariats_tools(client):
    draft = MeetingFactory(title="Draft meeting", is_published=False)
    client.force_login(UserFactory(role="organiser"))

    listing = client.get(reverse("meetings:list")).content.decode()
    page = client.get(draft.get_absolute_url()).content.decode()

    assert "Draft meeting" in listing
    assert reverse("meetings:create") not in listing
    assert "Not published" in page
    assert reverse("meetings:edit", args=[draft.slug]) not in page


def test_the_navigation_offers_the_treaty_register_to_the_secretariat_and_my_delegations_to_others(
    client, secretariat, focal_point
):
    treaty_status, mine = reverse("meetings:treaty_status"), reverse("delegations:mine")

    anonymous_page = client.get(reverse("meetings:list")).content.decode()
    client.force_login(focal_point)
    focal_point_page = client.get(reverse("meetings:list")).content.decode()
    client.force_login(secretariat)
    secretariat_page = client.get(reverse("meetings:list")).content.decode()

    assert treaty_status not in anonymous_page
    assert mine not in anonymous_page
    assert mine in focal_point_page
    assert treaty_status not in focal_point_page
    assert "· Secretariat" not in focal_point_page
    assert treaty_status in secretariat_page
    assert mine not in secretariat_page
    assert "· Secretariat" in secretariat_page
    assert reverse("meetings:create") in secretariat_page


def test_the_secretariat_is_not_offered_to_register_a_delegation_on_the_home_page(client, secretariat):
    meeting = MeetingFactory()
    register = reverse("delegations:register", args=[meeting.slug])

    assert register in client.get(reverse("home")).content.decode()
    client.force_login(secretariat)
    assert register not in client.get(reverse("home")).content.decode()


def test_no_register_button_once_registration_closed(client):
    meeting = MeetingFactory(
        registration_deadline=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        registration_opens=dt.datetime(2019, 1, 1, tzinfo=dt.UTC),
    )

    html = client.get(meeting.get_absolute_url()).content.decode()

    assert reverse("delegations:register", args=[meeting.slug]) not in html


def test_meeting_page_lists_my_delegations_to_it(client, delegation, focal_point):
    client.force_login(focal_point)

    html = client.get(delegation.meeting.get_absolute_url()).content.decode()

    assert delegation.get_absolute_url() in html
    assert "France" in html


def test_home_page_shows_open_meetings_and_my_delegations(client, delegation, focal_point):
    client.force_login(focal_point)

    html = client.get(reverse("home")).content.decode()

    assert delegation.meeting.title in html
    assert delegation.get_absolute_url() in html


# --- Creating and editing meetings -------------------------------------------------------------


def test_secretariat_creates_a_meeting_through_the_form(client, secretariat):
    client.force_login(secretariat)

    response = client.post(reverse("meetings:create"), VIENTIANE)

    meeting = Meeting.objects.get(slug="1msp")
    assert response.status_code == 302
    assert response.url == meeting.get_absolute_url()
    assert meeting.city == "Vientiane"
    assert meeting.official_languages == ["en", "fr", "es"]
    # Typed in the meeting's zone: 17:00 in Vientiane (UTC+7) is 10:00 UTC.
    assert meeting.registration_deadline == dt.datetime(2010, 10, 15, 10, 0, tzinfo=dt.UTC)
    assert meeting.dates_display == "9-12 November 2010"


def test_secretariat_edits_a_meeting(client, secretariat):
    meeting = MeetingFactory(slug="1msp")
    client.force_login(secretariat)

    response = client.post(reverse("meetings:edit", args=[meeting.slug]), {**VIENTIANE, "venue": "Don Chan Palace"})

    meeting.refresh_from_db()
    assert response.status_code == 302
    assert meeting.venue == "Don Chan Palace"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end_date": "2010-11-08"}, "end_date", "The last day cannot be before the first day."),
        ({"time_zone": "Asia/Atlantis"}, "time_zone", "Select a valid choice."),
        (
            {"registration_deadline": "2010-07-01T00:00"},
            "registration_deadline",
            "The deadline must come after registration opens.",
        ),
        ({"official_languages": ["en", "de"]}, "official_languages", "Select a valid choice."),
    ],
)
def test_bad_meeting_form_shows_message_next_to_field_and_saves_nothing(client, secretariat, changes, field, message):
    client.force_login(secretariat)

    response = client.post(reverse("meetings:create"), {**VIENTIANE, **changes})

    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert f'id="error_1_id_{field}"' in response.content.decode()
    assert not Meeting.objects.exists()


def test_meeting_form_without_languages_is_refused(client, secretariat):
    client.force_login(secretariat)
    data = {key: value for key, value in VIENTIANE.items() if key != "official_languages"}

    response = client.post(reverse("meetings:create"), data)

    assert "official_languages" in response.context["form"].errors
    assert not Meeting.objects.exists()


# --- Who may open the secretariat pages --------------------------------------------------------


@pytest.fixture
def secretariat_urls(db):
    meeting = MeetingFactory()
    row = TreatyStatusFactory(country="NO")
    return [
        reverse("meetings:create"),
        reverse("meetings:edit", args=[meeting.slug]),
        reverse("meetings:treaty_status"),
        reverse("meetings:treaty_status_create"),
        reverse("meetings:treaty_status_edit", args=[row.pk]),
        reverse("meetings:treaty_status_import"),
    ]


def test_delegate_gets_403_on_secretariat_pages(client, secretariat_urls):
    client.force_login(UserFactory())

    assert [client.get(url).status_code for url in secretariat_urls] == [403] * len(secretariat_urls)


def test_delegate_cannot_change_the_register_by_post(client, secretariat_urls):
    client.force_login(UserFactory())
    row = TreatyStatus.objects.get(country="NO")

    response = client.post(
        reverse("meetings:treaty_status_edit", args=[row.pk]), {"country": "NO", "instrument": "ratification"}
    )

    row.refresh_from_db()
    assert response.status_code == 403
    assert row.entry_into_force_date == dt.date(2010, 8, 1)


def test_anonymous_visitor_is_sent_to_login_from_secretariat_pages(client, secretariat_urls):
    for url in secretariat_urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login") + "?next=")


# --- N+1 guards --------------------------------------------------------------------------------


def test_meeting_list_queries_do_not_grow_with_meetings(client):
    MeetingFactory()
    one = _count_queries(client, reverse("meetings:list"))
    MeetingFactory.create_batch(4)

    five = _count_queries(client, reverse("meetings:list"))

    assert five == one


def test_treaty_status_list_queries_do_not_grow_with_rows(client, secretariat):
    client.force_login(secretariat)
    TreatyStatusFactory(country="NO")
    one = _count_queries(client, reverse("meetings:treaty_status"))
    for code in ["LA", "FR", "JP", "MX"]:
        TreatyStatusFactory(country=code)

    five = _count_queries(client, reverse("meetings:treaty_status"))

    assert five == one


def test_home_page_queries_do_not_grow_with_my_delegations(client, focal_point):
    client.force_login(focal_point)
    DelegationFactory(created_by=focal_point)
    one = _count_queries(client, reverse("home"))
    DelegationFactory.create_batch(4, created_by=focal_point)

    five = _count_queries(client, reverse("home"))

    assert five == one
