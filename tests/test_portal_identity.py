"""Every page says whose it is: the footer's contact address and privacy notice, the meeting's
name and place on its pages, the secretariat's emblem when one is configured, and a print style."""

import pytest
from django.urls import reverse

from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(db):
    return MeetingFactory(title="Fifth Meeting of States Parties", city="Geneva", country="CH", slug="5msp")


def _pages(meeting):
    return [
        reverse("home"),
        reverse("meetings:list"),
        meeting.get_absolute_url(),
        reverse("ccm_sessions:programme", args=[meeting.slug]),
        reverse("accounts:login"),
        reverse("privacy:notice"),
    ]


def test_every_page_links_the_privacy_notice_and_the_contact_address_from_its_footer(client, meeting, settings):
    settings.PORTAL_CONTACT_EMAIL = "Secretariat <isu@ccm.example>"
    privacy = reverse("privacy:notice")

    for url in _pages(meeting):
        page = client.get(url).content.decode()
        footer = page[page.index("<footer") : page.index("</footer>")]
        assert f'href="{privacy}"' in footer, url
        assert 'href="mailto:isu@ccm.example"' in footer, url

    notice = client.get(privacy)
    assert notice.status_code == 200
    assert "For how long" in notice.content.decode()


def test_the_contact_address_defaults_to_the_sender_address(client, settings):
    settings.PORTAL_CONTACT_EMAIL = settings.DEFAULT_FROM_EMAIL = "CCM Portal <hello@ccm.example>"

    page = client.get(reverse("home")).content.decode()

    assert 'href="mailto:hello@ccm.example"' in page


def test_meeting_pages_name_the_meeting_and_its_place_in_the_header(client, meeting):
    for url in (meeting.get_absolute_url(), reverse("ccm_sessions:programme", args=[meeting.slug])):
        page = client.get(url).content.decode()
        band = page[page.index('data-testid="meeting-band"') :]
        band = band[: band.index("</div></header>")]
        assert "Fifth Meeting of States Parties" in band
        assert f"Geneva, Switzerland · {meeting.dates_display}" in band

    assert 'data-testid="meeting-band"' not in client.get(reverse("meetings:list")).content.decode()


def test_the_emblem_is_shown_only_when_the_secretariat_configured_one(client, settings):
    assert "portal-emblem" not in client.get(reverse("home")).content.decode()

    settings.PORTAL_EMBLEM = "favicon.svg"
    page = client.get(reverse("home")).content.decode()

    assert '<img class="portal-emblem" src="/static/favicon.svg" alt=""' in page


def test_every_page_links_a_print_stylesheet(client, meeting):
    page = client.get(reverse("ccm_sessions:programme", args=[meeting.slug])).content.decode()

    assert 'href="/static/css/print.css" media="print"' in page


def test_a_meeting_form_sent_back_with_an_impossible_address_name_still_renders(client, meeting, secretariat):
    client.force_login(secretariat)

    response = client.post(reverse("meetings:edit", args=[meeting.slug]), {"title": "", "slug": "not a slug!"})

    assert response.status_code == 200
