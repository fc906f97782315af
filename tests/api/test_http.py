"""Conditional GET, the cached answer, pagination, the rate limit and the query counts."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import MeetingFactory, ParticipantFactory, TreatyStatusFactory
from tests.sessions.factories import MeetingSessionFactory, RoomFactory, local

SESSIONS = "/api/v1/meetings/first-msp/sessions/"


def test_an_answer_carries_an_etag_and_a_conditional_get_gets_304(api_get, meeting):
    MeetingSessionFactory(meeting=meeting)
    first = api_get(SESSIONS)
    etag = first["ETag"]
    assert etag.startswith('"')
    assert "public" in first["Cache-Control"]
    again = api_get(SESSIONS, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_every_answer_may_be_read_by_a_page_of_another_site(api_get, meeting, settings):
    assert api_get("/api/v1/meetings/")["Access-Control-Allow-Origin"] == "*"
    assert api_get("/api/v1/meetings/nowhere/")["Access-Control-Allow-Origin"] == "*"
    settings.API_RATE_LIMIT = "1/min"
    api_get("/api/v1/treaty-status/")
    refused = api_get("/api/v1/treaty-status/")
    assert refused.status_code == 429
    assert refused["Access-Control-Allow-Origin"] == "*"
    assert "Retry-After" in refused["Access-Control-Expose-Headers"]


def test_a_change_to_the_programme_changes_the_etag_and_the_answer(api_get, meeting):
    session = MeetingSessionFactory(meeting=meeting, title="Opening plenary")
    etag = api_get(SESSIONS)["ETag"]
    session.title = "Opening plenary (moved)"
    session.save()
    changed = api_get(SESSIONS, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.data["items"][0]["title"] == "Opening plenary (moved)"
    assert changed["ETag"] != etag


def test_the_meetings_list_answers_304_to_its_own_etag(api_get, meeting):
    etag = api_get("/api/v1/meetings/")["ETag"]
    assert api_get("/api/v1/meetings/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    MeetingFactory()
    assert api_get("/api/v1/meetings/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_repeated_request_is_served_from_the_cache_with_one_query(api_get, meeting):
    MeetingSessionFactory(meeting=meeting)
    api_get(SESSIONS)
    with CaptureQueriesContext(connection) as captured:
        again = api_get(SESSIONS)
    assert again.status_code == 200
    assert again.data["count"] == 1
    assert len(captured) == 1  # the meeting's lookup


def test_pagination_gives_the_count_and_the_requested_slice(api_get, meeting):
    room = RoomFactory(meeting=meeting)
    for hour in range(8, 13):
        MeetingSessionFactory(meeting=meeting, room=room, title=f"Session at {hour}", starts_at=local(meeting, 0, hour))
    page = api_get(SESSIONS + "?limit=2&offset=2").data
    assert page["count"] == 5
    assert [s["title"] for s in page["items"]] == ["Session at 10", "Session at 11"]
    assert api_get(SESSIONS + "?offset=10").data == {"items": [], "count": 5}


def test_past_the_rate_limit_the_api_answers_429_with_retry_after(api_get, settings, meeting):
    settings.API_RATE_LIMIT = "3/min"
    for _ in range(3):
        assert api_get("/api/v1/meetings/").status_code == 200
    refused = api_get("/api/v1/meetings/")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.data["detail"].startswith("Too many requests")
    # Another client address has its own allowance.
    assert api_get("/api/v1/meetings/", REMOTE_ADDR="192.0.2.7").status_code == 200


def _queries(api_get, url) -> int:
    from django.core.cache import cache

    cache.clear()  # a miss: the answer is built from the database
    with CaptureQueriesContext(connection) as captured:
        response = api_get(url)
    assert response.status_code == 200
    return len(captured)


def _grow(count, make):
    for index in range(count):
        make(index)


def test_every_list_costs_the_same_few_queries_for_1_and_50_rows(api_get, meeting, two_delegations):
    from ccm_portal.meetings.models import TreatyStatus
    from delegations.models import Participant

    france = two_delegations["france"]
    room = RoomFactory(meeting=meeting)
    makers = {
        "/api/v1/meetings/": lambda i: MeetingFactory(),
        SESSIONS: lambda i: MeetingSessionFactory(meeting=meeting, room=room, starts_at=local(meeting, 0, 8)),
        "/api/v1/meetings/first-msp/participants/": lambda i: ParticipantFactory(
            delegation=france, status=Participant.Status.APPROVED
        ),
        "/api/v1/treaty-status/": lambda i: (
            TreatyStatusFactory(country=["AF", "AL", "DZ", "AD", "AO"][i % 5])
            if i < 5
            else TreatyStatus.objects.get_or_create(country=_countries()[i])[0]
        ),
        "/api/v1/meetings/first-msp/agenda/": lambda i: _agenda_item(meeting, i),
    }
    for url, make in makers.items():
        make(0)
        one = _queries(api_get, url + "?limit=100")
        _grow(49, lambda i, make=make: make(i + 1))
        many = _queries(api_get, url + "?limit=100")
        assert one == many, (url, one, many)
        assert many <= 6, (url, many)
        print(f"{url}: {many} queries for 1 and 50 rows")


def _countries():
    from django_countries import countries

    return [code for code, _name in countries]


def _agenda_item(meeting, index):
    from tests.sessions.factories import AgendaFactory, AgendaItemFactory

    AgendaItemFactory(agenda=AgendaFactory(meeting=meeting), position=100 + index, number=str(100 + index))


def test_the_outcomes_list_costs_the_same_queries_for_1_and_3_documents(api_get, meeting, secretariat):
    from tests.api.conftest import publish_plan

    publish_plan(meeting, secretariat, "Plan 1")
    one = _queries(api_get, "/api/v1/meetings/first-msp/outcomes/")
    publish_plan(meeting, secretariat, "Plan 2")
    publish_plan(meeting, secretariat, "Plan 3")
    many = _queries(api_get, "/api/v1/meetings/first-msp/outcomes/")
    assert one == many
    assert many <= 6
