"""Every page has a title of its own (WCAG 2.4.2): the main pages of the seeded demo as each kind of
user sees them (tests/main_pages.py) share no <title> between two different pages, a staff page
does not take the title of the public page it manages, and each paragraph's "Propose an amendment"
page names its paragraph."""

import html
import re
from collections import defaultdict

import pytest
from django.urls import reverse

from outcomes.models import OutcomeDocument
from tests.main_pages import SLUG, demo_users, main_pages

pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.usefixtures("seeded_demo")]

TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def title_of(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return " ".join(html.unescape(TITLE.search(response.content.decode()).group(1)).split())


def test_no_two_main_pages_share_a_title(client):
    users = demo_users()
    pages_by_title = defaultdict(set)
    for role, pages in main_pages().items():
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        for _name, path in pages:
            pages_by_title[title_of(client, path)].add(path)

    shared = {title: sorted(paths) for title, paths in pages_by_title.items() if len(paths) > 1}
    assert not shared, f"titles shared by different pages: {shared}"
    assert len(pages_by_title) > 40


def test_each_paragraphs_amendment_page_names_the_paragraph(client):
    client.force_login(demo_users()["delegate"])
    document = OutcomeDocument.objects.filter(meeting__slug=SLUG, state="negotiation").order_by("pk").first()
    paragraphs = list(document.paragraphs.order_by("pk")[:6])
    titles = [title_of(client, reverse("outcomes:propose", args=[document.pk, p.uid])) for p in paragraphs]

    assert len(set(titles)) == len(paragraphs), titles
