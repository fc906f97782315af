"""Agenda items, rooms and sessions entered in each of the meeting's languages (issue 10 §2).

The meeting of these tests works in English, French and Spanish (tests.factories.MeetingFactory).
"""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from sessions import services
from sessions.models import AgendaItem, Room
from tests.factories import SecretariatFactory
from tests.queries import warm_queries
from tests.stored_pdfs import body, fetch_pdf

from .factories import MeetingSessionFactory, RoomFactory, local

pytestmark = pytest.mark.django_db


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(name, args=args)


def page(client, name, *args, language="en") -> str:
    response = client.get(url(name, *args, language=language))
    assert response.status_code == 200
    return response.content.decode()


def add_item(agenda, by, **texts):
    return services.agenda_item_add(agenda=agenda, by=by, data=texts)


def test_an_item_entered_in_french_shows_in_french_on_french_pages_and_in_english_on_the_others(
    client, meeting, agenda, secretariat
):
    add_item(agenda, secretariat, title_en="Adoption of the agenda", title_fr="Adoption de l’ordre du jour")

    french = page(client, "ccm_sessions:agenda", meeting.slug, language="fr")
    english = page(client, "ccm_sessions:agenda", meeting.slug)
    spanish = page(client, "ccm_sessions:agenda", meeting.slug, language="es")

    assert "Adoption de l’ordre du jour" in french
    assert "Adoption of the agenda" not in french
    assert "Adoption of the agenda" in english
    assert "Adoption de l’ordre du jour" not in english
    # No Spanish text: the Spanish page shows the English one, not a blank.
    assert "Adoption of the agenda" in spanish


def test_an_item_entered_only_in_french_is_shown_in_french_to_every_reader(client, meeting, agenda, secretariat):
    item = add_item(agenda, secretariat, title_fr="Échange de vues général")

    assert "Échange de vues général" in page(client, "ccm_sessions:agenda", meeting.slug)
    assert "Échange de vues général" in page(client, "ccm_sessions:agenda", meeting.slug, language="ar")
    item.refresh_from_db()
    assert item.title_en is None
    with translation.override("ru"):
        assert item.title == "Échange de vues général"


def test_the_item_form_has_one_input_per_official_language_of_the_meeting(client, meeting, secretariat):
    client.force_login(secretariat)

    html = page(client, "ccm_sessions:agenda_manage", meeting.slug)

    for name in ["title_en", "title_fr", "title_es", "annotation_en", "annotation_fr", "annotation_es"]:
        assert f'name="{name}"' in html, name
    assert 'name="title_ar"' not in html
    assert 'name="title"' not in html
    assert "Title (Français)" in html
    assert "Title (Español)" in html


def test_the_item_form_requires_the_meetings_first_language(client, meeting, agenda, secretariat):
    client.force_login(secretariat)

    response = client.post(url("ccm_sessions:agenda_manage", meeting.slug), {"title_fr": "Ouverture de l’Assemblée"})

    assert response.status_code == 400
    assert "title_en" in response.context["form"].errors
    assert "title_fr" not in response.context["form"].errors
    assert not AgendaItem.objects.filter(agenda=agenda).exists()


def test_the_secretariat_adds_an_item_in_three_languages_through_the_form(client, meeting, agenda, secretariat):
    client.force_login(secretariat)

    response = client.post(
        url("ccm_sessions:agenda_manage", meeting.slug),
        {
            "title_en": "Adoption of the rules of procedure",
            "title_fr": "Adoption du règlement intérieur",
            "title_es": "Aprobación del reglamento",
            "annotation_fr": "Le règlement intérieur provisoire figure dans le document CCM/MSP/2010/3.",
        },
    )

    assert response.status_code == 302
    item = AgendaItem.objects.get(agenda=agenda)
    assert (item.title_en, item.title_fr, item.title_es) == (
        "Adoption of the rules of procedure",
        "Adoption du règlement intérieur",
        "Aprobación del reglamento",
    )
    assert item.annotation_fr.startswith("Le règlement intérieur")
    assert item.annotation_en is None


def test_editing_the_french_title_keeps_the_english_one_and_refuses_a_stale_form(client, meeting, agenda, secretariat):
    item = add_item(agenda, secretariat, title_en="Closing of the Meeting")
    client.force_login(secretariat)
    edit = url("ccm_sessions:agenda_item_edit", meeting.slug, item.pk, language="fr")

    html = client.get(edit).content.decode()
    assert 'value="Closing of the Meeting"' in html
    saved = client.post(
        edit,
        {"title_en": "Closing of the Meeting", "title_fr": "Clôture de l’Assemblée", "version": item.version},
    )
    stale = client.post(
        edit, {"title_en": "Closing", "title_fr": "Clôture", "version": item.version}
    )  # the version the first post replaced

    assert saved.status_code == 302
    assert stale.status_code == 409
    item.refresh_from_db()
    assert (item.title_en, item.title_fr) == ("Closing of the Meeting", "Clôture de l’Assemblée")


def test_a_delegate_cannot_enter_or_change_translations(client, meeting, agenda, secretariat, focal_point, delegation):
    item = add_item(agenda, secretariat, title_en="Official opening")
    room = RoomFactory(meeting=meeting, name="Plenary Hall")
    client.force_login(focal_point)

    responses = [
        client.post(url("ccm_sessions:agenda_manage", meeting.slug), {"title_en": "Mine", "title_fr": "À moi"}),
        client.post(
            url("ccm_sessions:agenda_item_edit", meeting.slug, item.pk),
            {"title_en": "Official opening", "title_fr": "À moi", "version": item.version},
        ),
        client.post(
            url("ccm_sessions:room_edit", meeting.slug, room.pk),
            {"name_en": "Plenary Hall", "name_fr": "À moi", "capacity": "10", "version": room.version},
        ),
    ]

    assert all(response.status_code in (302, 403) for response in responses), [r.status_code for r in responses]
    item.refresh_from_db()
    room.refresh_from_db()
    assert item.title_fr is None
    assert room.name_fr is None
    assert AgendaItem.objects.filter(agenda=agenda).count() == 1


def test_a_room_named_in_french_shows_its_french_name_in_the_french_programme(client, meeting, secretariat):
    room = services.room_save(
        meeting=meeting, by=secretariat, data={"name_en": "Plenary Hall", "name_fr": "Salle plénière", "capacity": 800}
    )
    MeetingSessionFactory(
        meeting=meeting, room=room, title_en="Opening plenary", title_es="Sesión plenaria de apertura"
    )

    french = page(client, "ccm_sessions:programme", meeting.slug, language="fr")
    spanish = page(client, "ccm_sessions:programme", meeting.slug, language="es")

    assert "Salle plénière" in french
    assert "Opening plenary" in french  # no French title: the English one
    assert "Sesión plenaria de apertura" in spanish
    assert "Plenary Hall" in spanish  # no Spanish name: the English one


def test_two_rooms_with_one_french_name_are_refused_next_to_the_french_field(client, meeting, secretariat):
    RoomFactory(meeting=meeting, name_en="Plenary Hall", name_fr="Salle plénière")
    client.force_login(secretariat)

    response = client.post(
        url("ccm_sessions:rooms", meeting.slug), {"name_en": "Main Hall", "name_fr": "Salle plénière", "capacity": "50"}
    )

    assert response.status_code == 400
    assert "already has a room" in response.context["form"].errors["name_fr"][0]
    assert Room.objects.filter(meeting=meeting).count() == 1


def test_rooms_without_a_french_name_are_not_blocked_by_the_per_language_uniqueness(meeting, secretariat):
    for name in ["Side Room 1", "Side Room 2"]:
        services.room_save(meeting=meeting, by=secretariat, data={"name_en": name, "name_fr": "", "capacity": 60})

    assert list(Room.objects.filter(meeting=meeting).values_list("name_fr", flat=True)) == [None, None]


def test_rooms_sort_by_the_name_the_reader_sees(client, meeting, secretariat):
    RoomFactory(meeting=meeting, name_en="Annex", name_fr="Salle annexe")
    RoomFactory(meeting=meeting, name_en="Plenary Hall", name_fr="Salle plénière")
    RoomFactory(meeting=meeting, name_en="Conference Room B")  # no French name: sorts as its English one
    client.force_login(secretariat)

    html = page(client, "ccm_sessions:rooms", meeting.slug, language="fr")

    positions = [html.index(name) for name in ["Conference Room B", "Salle annexe", "Salle plénière"]]
    assert positions == sorted(positions)


def test_the_session_form_takes_a_title_per_language(client, meeting, room, secretariat):
    client.force_login(secretariat)
    start = local(meeting, 0, 10)

    response = client.post(
        url("ccm_sessions:session_new", meeting.slug),
        {
            "kind": "plenary",
            "title_en": "Opening plenary",
            "title_fr": "Séance plénière d’ouverture",
            "day": start.date().isoformat(),
            "start_time": "10:00",
            "end_time": "13:00",
            "room": room.pk,
        },
    )

    assert response.status_code == 302
    session = meeting.sessions.get()
    assert (session.title_en, session.title_fr, session.title_es) == (
        "Opening plenary",
        "Séance plénière d’ouverture",
        None,
    )


def test_the_french_agenda_pdf_carries_the_french_item_titles(client, meeting, agenda, secretariat):
    add_item(agenda, secretariat, title_en="Adoption of the agenda", title_fr="Adoption de l’ordre du jour")
    add_item(agenda, secretariat, title_en="Closing of the Meeting")

    response = fetch_pdf(client, url("ccm_sessions:agenda_pdf", meeting.slug, language="fr"))

    assert response.status_code == 200
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body(response))).pages)
    assert "Adoption de l’ordre du jour" in text.replace("'", "’")
    assert "Adoption of the agenda" not in text
    assert "Closing of the Meeting" in text  # no French title: the English one


def test_the_french_programme_and_agenda_run_the_same_queries_for_one_item_and_for_many(
    client, meeting, agenda, secretariat
):
    made = []

    def grow(n):
        for index in range(len(made), len(made) + n):
            made.append(index)
            room = RoomFactory(meeting=meeting, name_en=f"Room {index}", name_fr=f"Salle {index}")
            item = add_item(agenda, secretariat, title_en=f"Item {index}", title_fr=f"Point {index}")
            session = MeetingSessionFactory(
                meeting=meeting, room=room, title_en=f"Session {index}", starts_at=local(meeting, index % 3, 10)
            )
            session.agenda_items.add(item)

    def count(name):
        return warm_queries(client, url(name, meeting.slug, language="fr"))

    grow(1)
    few = {name: count(name) for name in ["ccm_sessions:programme", "ccm_sessions:agenda"]}
    grow(6)
    many = {name: count(name) for name in ["ccm_sessions:programme", "ccm_sessions:agenda"]}

    assert many == few


def test_the_admin_edits_each_language_of_the_translated_texts(client, meeting, agenda, secretariat):
    admin = SecretariatFactory(is_staff=True, is_superuser=True)
    room = RoomFactory(meeting=meeting, name_en="Plenary Hall", name_fr="Salle plénière")
    session = MeetingSessionFactory(meeting=meeting, room=room, title_en="Opening plenary")
    add_item(agenda, secretariat, title_en="Adoption of the agenda")
    client.force_login(admin)

    pages = {
        "meeting": client.get(f"/admin/meetings/meeting/{meeting.pk}/change/"),
        "room": client.get(f"/admin/ccm_sessions/room/{room.pk}/change/"),
        "session": client.get(f"/admin/ccm_sessions/meetingsession/{session.pk}/change/"),
        "agenda": client.get(f"/admin/ccm_sessions/agenda/{agenda.pk}/change/"),
        "search": client.get("/admin/ccm_sessions/meetingsession/", {"q": "Opening"}),
    }

    assert {name: response.status_code for name, response in pages.items()} == dict.fromkeys(pages, 200)
    for name, field in [("meeting", "title_fr"), ("room", "name_zh_hans"), ("session", "title_ar")]:
        assert f'name="{field}"' in pages[name].content.decode(), name
    assert "Salle plénière" in pages["room"].content.decode()
    assert "Opening plenary" in pages["search"].content.decode()
