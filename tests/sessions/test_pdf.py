"""The agenda and the programme of work as UN-style documents, checked by their text."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from sessions import services
from tests.factories import FirstMeetingFactory
from tests.stored_pdfs import body, fetch_pdf

from .factories import MeetingSessionFactory, RoomFactory, local

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    reader = PdfReader(io.BytesIO(body(response)))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def vientiane(secretariat):
    meeting = FirstMeetingFactory(start_date=dt.date(2010, 11, 9), end_date=dt.date(2010, 11, 12))
    agenda = services.agenda_for(meeting)
    for title in ["Opening of the Meeting", "Election of the President"]:
        services.agenda_item_add(agenda=agenda, by=secretariat, data={"title": title})
    status = services.agenda_item_add(agenda=agenda, by=secretariat, data={"title": "Status of the Convention"})
    for title in ["Universalization", "Victim assistance"]:
        services.agenda_item_add(agenda=agenda, by=secretariat, data={"title": title}, parent=status)
    services.agenda_item_add(agenda=agenda, by=secretariat, data={"title": "Closing of the Meeting"})
    return meeting


def test_the_provisional_agenda_pdf_carries_its_symbol_and_numbering(client, vientiane):
    text = pdf_text(fetch_pdf(client, reverse("ccm_sessions:agenda_pdf", args=[vientiane.slug])))

    assert "CCM/MSP/2010/1" in text
    assert "Provisional agenda" in text
    assert "Distribution: General" in text
    assert "Vientiane, 9-12 November 2010" in text
    lines = [line.strip() for line in text.splitlines()]
    for expected in [
        "1. Opening of the Meeting",
        "2. Election of the President",
        "3. Status of the Convention",
        "(a) Universalization",
        "(b) Victim assistance",
        "4. Closing of the Meeting",
    ]:
        assert expected in lines, expected
    assert lines.index("(b) Victim assistance") < lines.index("4. Closing of the Meeting")


def test_the_adopted_agenda_pdf_says_when_it_was_adopted(client, vientiane, secretariat):
    services.agenda_adopt(agenda=vientiane.agenda, by=secretariat)

    text = pdf_text(fetch_pdf(client, reverse("ccm_sessions:agenda_pdf", args=[vientiane.slug])))

    assert "Provisional agenda" not in text
    assert "As adopted by the meeting on" in text


def test_the_programme_pdf_shows_local_session_times_by_day(client, vientiane):
    plenary = RoomFactory(meeting=vientiane, name="Plenary Hall")
    item = vientiane.agenda.items.get(number="3(a)")
    session = MeetingSessionFactory(
        meeting=vientiane,
        room=plenary,
        title="Universalization",
        starts_at=local(vientiane, 1, 15),
        ends_at=local(vientiane, 1, 16, 30),
    )
    session.agenda_items.add(item)
    MeetingSessionFactory(
        meeting=vientiane,
        room=plenary,
        title="Opening plenary",
        starts_at=local(vientiane, 0, 10),
        ends_at=local(vientiane, 0, 13),
    )

    text = pdf_text(fetch_pdf(client, reverse("ccm_sessions:programme_pdf", args=[vientiane.slug])))

    assert "CCM/MSP/2010/2" in text
    assert "Programme of work" in text
    assert "Asia/Vientiane" in text
    assert "Tuesday 9 November 2010" in text
    assert "10:00–13:00" in text
    assert "Wednesday 10 November 2010" in text
    assert "15:00–16:30" in text
    assert "Item 3(a): Universalization" in text
    assert text.index("Opening plenary") < text.index("Wednesday 10 November 2010") < text.index("15:00–16:30")


def test_an_empty_agenda_has_no_pdf(client, meeting):
    assert client.get(reverse("ccm_sessions:agenda_pdf", args=[meeting.slug])).status_code == 404
