"""Every endpoint answers what its public page shows, in the shape its OpenAPI schema declares."""

import datetime as dt

from ccm_portal.meetings.models import Meeting
from outcomes import pdfs
from outcomes.models import OutcomeDocument
from sessions import services as sessions_services
from sessions.models import MeetingSession
from tests.factories import MeetingFactory, TreatyStatusFactory
from tests.outcomes.test_agenda_link import pdf_text
from tests.sessions.factories import AgendaFactory, AgendaItemFactory, MeetingSessionFactory, RoomFactory, local


def test_the_openapi_schema_lists_every_endpoint_under_v1(openapi):
    assert openapi["openapi"].startswith("3.")
    assert set(openapi["paths"]) == {
        "/api/v1/meetings/",
        "/api/v1/meetings/{meeting}/",
        "/api/v1/meetings/{meeting}/agenda/",
        "/api/v1/meetings/{meeting}/sessions/",
        "/api/v1/meetings/{meeting}/rooms/",
        "/api/v1/meetings/{meeting}/outcomes/",
        "/api/v1/meetings/{meeting}/outcomes/{document_id}/",
        "/api/v1/meetings/{meeting}/participants/",
        "/api/v1/meetings/{meeting}/documents/",
        "/api/v1/treaty-status/",
        "/api/v1/transparency-reports/",
        "/api/v1/transparency-reports/figures/",
    }


def test_meetings_list_shows_published_meetings_only_and_validates(api_get, validate, meeting):
    MeetingFactory(slug="hidden-meeting", is_published=False)
    response = api_get("/api/v1/meetings/")
    assert response.status_code == 200
    validate("/api/v1/meetings/", response.data)
    assert response.data["count"] == 1
    row = response.data["items"][0]
    assert row["slug"] == "first-msp"
    assert row["title_translations"]["fr"] == "Première Réunion des États parties"
    assert row["country"] == {"code": "LA", "name": "Lao People's Democratic Republic"}
    assert row["links"]["sessions"].endswith("/api/v1/meetings/first-msp/sessions/")


def test_meetings_list_filters_by_kind_and_year(api_get, meeting):
    MeetingFactory(kind=Meeting.Kind.INTERSESSIONAL, start_date=dt.date(2031, 6, 1), end_date=dt.date(2031, 6, 2))
    assert api_get("/api/v1/meetings/?kind=intersessional").data["count"] == 1
    assert [m["slug"] for m in api_get("/api/v1/meetings/?year=2030").data["items"]] == ["first-msp"]


def test_an_unknown_filter_value_is_a_422_naming_the_parameter(api_get, meeting):
    response = api_get("/api/v1/meetings/?kind=party")
    assert response.status_code == 422
    assert "kind" in str(response.data)
    assert api_get("/api/v1/meetings/?limit=0").status_code == 422
    assert api_get("/api/v1/meetings/?limit=201").status_code == 422


def test_an_unpublished_or_unknown_meeting_is_not_found(api_get, db):
    MeetingFactory(slug="hidden-meeting", is_published=False)
    for url in ["/api/v1/meetings/hidden-meeting/", "/api/v1/meetings/nowhere/sessions/"]:
        response = api_get(url)
        assert response.status_code == 404
        assert response.data == {"detail": "Not Found"}


def test_meeting_detail_gives_the_agenda_status_and_local_times(api_get, validate, meeting):
    AgendaFactory(meeting=meeting)
    response = api_get("/api/v1/meetings/first-msp/")
    assert response.status_code == 200
    validate("/api/v1/meetings/{meeting}/", response.data)
    assert response.data["agenda"] == {
        "status": {"code": "provisional", "label": "Provisional"},
        "adopted_at": None,
        "symbol": "CCM/MSP/2010/1",
    }
    assert response.data["registration_deadline"].endswith("+07:00")


def test_agenda_lists_items_in_order_with_sub_items_and_filters_by_area(api_get, validate, meeting):
    agenda = AgendaFactory(meeting=meeting)
    opening = AgendaItemFactory(agenda=agenda, position=1, number="1", sort_order=1000, title="Opening")
    AgendaItemFactory(
        agenda=agenda, parent=opening, position=1, number="1(a)", sort_order=1100, title="Opening by the President"
    )
    AgendaItemFactory(
        agenda=agenda, position=2, number="2", sort_order=2000, title="Clearance", thematic_area="clearance"
    )
    response = api_get("/api/v1/meetings/first-msp/agenda/")
    validate("/api/v1/meetings/{meeting}/agenda/", response.data)
    assert [(i["number"], i["parent"]) for i in response.data["items"]] == [("1", None), ("1(a)", "1"), ("2", None)]
    filtered = api_get("/api/v1/meetings/first-msp/agenda/?thematic_area=clearance").data
    assert [i["title"] for i in filtered["items"]] == ["Clearance"]
    assert filtered["items"][0]["thematic_area"] == {
        "code": "clearance",
        "label": "Clearance and risk reduction education",
    }


def test_sessions_give_rooms_and_iso_times_with_the_meetings_offset(api_get, validate, meeting):
    hall = RoomFactory(meeting=meeting, name="Plenary Hall", name_fr="Salle plénière", capacity=800)
    MeetingSessionFactory(meeting=meeting, room=hall, title="Opening plenary", starts_at=local(meeting, 0, 10))
    MeetingSessionFactory(
        meeting=meeting,
        room=RoomFactory(meeting=meeting, name="Room B"),
        kind=MeetingSession.Kind.SIDE_EVENT,
        title="Side event on victim assistance",
        starts_at=local(meeting, 1, 13),
        ends_at=local(meeting, 1, 14),
    )
    response = api_get("/api/v1/meetings/first-msp/sessions/")
    assert response.status_code == 200
    validate("/api/v1/meetings/{meeting}/sessions/", response.data)
    first = response.data["items"][0]
    assert first["starts_at"] == "2030-11-09T10:00:00+07:00"
    assert first["ends_at"] == "2030-11-09T13:00:00+07:00"
    assert first["room"]["name_translations"] == {"en": "Plenary Hall", "fr": "Salle plénière"}
    assert api_get("/api/v1/meetings/first-msp/sessions/?kind=side_event").data["count"] == 1
    assert api_get("/api/v1/meetings/first-msp/sessions/?day=2030-11-10").data["items"][0]["title"] == (
        "Side event on victim assistance"
    )
    assert api_get(f"/api/v1/meetings/first-msp/sessions/?room={hall.pk}").data["count"] == 1
    rooms = api_get("/api/v1/meetings/first-msp/rooms/")
    validate("/api/v1/meetings/{meeting}/rooms/", rooms.data)
    assert [(r["id"], r["name"], r["capacity"]) for r in rooms.data["items"]][0] == (hall.pk, "Plenary Hall", 800)
    assert rooms.data["count"] == 2


def test_outcomes_list_only_published_documents_never_drafts_or_circulated_texts(
    api_get, validate, published_plan, draft_plan, circulated_plan
):
    response = api_get("/api/v1/meetings/first-msp/outcomes/")
    assert response.status_code == 200
    validate("/api/v1/meetings/{meeting}/outcomes/", response.data)
    assert [(d["symbol"], d["title"]) for d in response.data["items"]] == [("CCM/MSP/2010/4", "Vientiane Action Plan")]
    assert b"Secret Draft Declaration" not in response.content
    assert b"Circulated Working Paper" not in response.content
    for document in (draft_plan, circulated_plan):
        assert api_get(f"/api/v1/meetings/first-msp/outcomes/{document.pk}/").status_code == 404


def test_an_outcome_document_gives_its_agenda_item_as_the_pdf_prints_it_after_a_renumbering(
    api_get, validate, published_plan, meeting, secretariat
):
    agenda = sessions_services.agenda_for(meeting)
    opening, documents = (
        sessions_services.agenda_item_add(agenda=agenda, by=secretariat, data={"title": title})
        for title in ("Opening of the Meeting", "Consideration of documents")
    )
    OutcomeDocument.objects.filter(pk=published_plan.pk).update(agenda_item_ref=documents.pk)
    listed = api_get("/api/v1/meetings/first-msp/outcomes/")
    validate("/api/v1/meetings/{meeting}/outcomes/", listed.data)
    assert (listed.data["items"][0]["agenda_item"], listed.data["items"][0]["agenda_item_number"]) == (
        "Item 2: Consideration of documents",
        "2",
    )

    sessions_services.agenda_item_move(item=documents, by=secretariat, direction="up")

    url = f"/api/v1/meetings/first-msp/outcomes/{published_plan.pk}/"
    one, listed = api_get(url).data, api_get("/api/v1/meetings/first-msp/outcomes/").data["items"][0]
    pdf = pdf_text(pdfs.document_pdf(OutcomeDocument.objects.get(pk=published_plan.pk)))
    assert (one["agenda_item"], one["agenda_item_number"]) == ("Item 1: Consideration of documents", "1")
    assert (listed["agenda_item"], listed["agenda_item_number"]) == ("Item 1: Consideration of documents", "1")
    assert one["agenda_item"] in pdf


def test_an_outcome_document_without_a_linked_item_gives_its_own_text_and_no_number(api_get, published_plan):
    row = api_get(f"/api/v1/meetings/first-msp/outcomes/{published_plan.pk}/").data
    assert (row["agenda_item"], row["agenda_item_number"]) == ("Item 10", None)


def test_an_outcome_document_gives_its_adopted_text_with_paragraph_and_action_numbers(
    api_get, validate, published_plan
):
    response = api_get(f"/api/v1/meetings/first-msp/outcomes/{published_plan.pk}/")
    assert response.status_code == 200
    validate("/api/v1/meetings/{meeting}/outcomes/{document_id}/", response.data)
    paragraphs = [p for s in response.data["sections"] for p in s["paragraphs"]]
    assert [p["number"] for p in paragraphs if p["kind"] == "operative"] == [1, 2]
    actions = [p for p in paragraphs if p["kind"] == "action"]
    assert [a["action"] for a in actions] == [1, 2, 3, 4]
    assert actions[0]["label"] == "Action #1"
    assert actions[0]["text"] == "Take step 1 of area 1 within one year."
    original = response.data["languages"][0]
    assert original["original"] is True
    assert original["language"] == "en"
    assert original["pdf"].endswith(f"/outcomes/{published_plan.pk}/revisions/1.pdf")


def test_treaty_status_register_gives_todays_status_and_filters(api_get, validate, db):
    TreatyStatusFactory(country="NO")
    TreatyStatusFactory(
        country="ID", signature_date=dt.date(2008, 12, 3), ratification_date=None, entry_into_force_date=None
    )
    response = api_get("/api/v1/treaty-status/")
    validate("/api/v1/treaty-status/", response.data)
    rows = {r["country"]["code"]: r for r in response.data["items"]}
    assert rows["NO"]["status"]["code"] == "state_party"
    assert rows["ID"]["status"]["code"] == "signatory"
    assert "remarks" not in rows["NO"]
    signatories = api_get("/api/v1/treaty-status/?status=signatory").data
    assert [r["country"]["code"] for r in signatories["items"]] == ["ID"]


def test_junk_in_ids_offsets_and_text_filters_is_a_422_not_a_database_error(api_get, meeting):
    for url in [
        "/api/v1/meetings/first-msp/sessions/?room=99999999999999999999",
        "/api/v1/meetings/first-msp/sessions/?offset=99999999999999999999",
        "/api/v1/meetings/first-msp/outcomes/99999999999999999999/",
        "/api/v1/meetings/first-msp/documents/?q=a%00b",
        "/api/v1/meetings/first-msp/participants/?delegation=%00",
    ]:
        assert api_get(url).status_code == 422, url
