"""A paragraph's history comes in pages of 25, newest first, at a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outcomes.models import ParagraphChange
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _edits(paragraph, count: int, *, start: int = 0):
    for n in range(start, start + count):
        ParagraphChange.objects.create(
            paragraph=paragraph,
            action=ParagraphChange.Action.EDITED,
            by=UserFactory(full_name=f"Drafter {n:03d}"),
            text_before=f"Wording {n:03d} before.",
            text_after=f"Wording {n:03d} after.",
        )


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


def test_paragraph_history_reads_a_fixed_number_of_queries_for_one_or_many_changes(client, plan, drafter):
    paragraph = plan.built["intro"][0]
    url = reverse("outcomes:paragraph_history", kwargs={"pk": plan.pk, "ppk": paragraph.pk})
    client.force_login(drafter)
    ParagraphChange.objects.filter(paragraph=paragraph).delete()
    _edits(paragraph, 1)
    one = _queries(client, url)
    _edits(paragraph, 40, start=1)
    assert _queries(client, url) == one


def test_paragraph_history_second_page_shows_the_older_changes(client, plan, drafter):
    paragraph = plan.built["intro"][0]
    ParagraphChange.objects.filter(paragraph=paragraph).delete()
    _edits(paragraph, 30)
    url = reverse("outcomes:paragraph_history", kwargs={"pk": plan.pk, "ppk": paragraph.pk})
    client.force_login(drafter)

    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()

    def drafters(html):
        return re.findall(r"by Drafter (\d{3})", html)

    assert drafters(first) == [f"{n:03d}" for n in range(29, 4, -1)]
    assert drafters(second) == ["004", "003", "002", "001", "000"]
    # The word diff is worked out for the page shown.
    assert re.search(r"<ins>\s*after\.?\s*</ins>", second)
