"""The statistics page draws its figures as server-side SVG charts, each with a table alternative."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from ccm_portal.charts import bar_chart
from ccm_portal.meetings.models import Category
from delegations.models import CheckIn
from tests.delegations.factories_lists import approved_delegation, approved_participant
from tests.factories import MeetingFactory


def _figure(page: str, title: str) -> str:
    start = page.index(f'<figcaption class="h6">{title}</figcaption>')
    return page[start : page.index("</figure>", start)]


@pytest.fixture
def counted(db):
    meeting = MeetingFactory(
        start_date=dt.date(2030, 11, 9), end_date=dt.date(2030, 11, 12), time_zone="Asia/Vientiane"
    )
    norway = approved_delegation(meeting, country="NO", sort_name="Norway")
    cuba = approved_delegation(meeting, country="CU", sort_name="Cuba", category=Category.SIGNATORY)
    women = [approved_participant(norway, gender="female") for _ in range(3)]
    approved_participant(norway, gender="male")
    approved_participant(cuba, gender="male")
    # 23:30 UTC on 8 November is 06:30 on 9 November in Vientiane: the first day, not the day before.
    first_day = dt.datetime(2030, 11, 8, 23, 30, tzinfo=dt.UTC)
    for participant in women[:2]:
        CheckIn.objects.create(participant=participant, outcome=CheckIn.Outcome.ARRIVED, at=first_day)
    CheckIn.objects.create(
        participant=women[2], outcome=CheckIn.Outcome.ARRIVED, at=dt.datetime(2030, 11, 10, 3, tzinfo=dt.UTC)
    )
    return meeting


def test_statistics_page_draws_accessible_svg_charts_with_the_right_figures(client, secretariat, counted):
    client.force_login(secretariat)

    page = client.get(reverse("delegations:statistics", args=[counted.slug])).content.decode()

    assert page.count('role="img"') == 3
    assert 'style="' not in page  # the CSP allows no inline style
    by_category = _figure(page, "Participants by category")
    assert "<title id=" in by_category
    assert "<desc id=" in by_category
    assert "5 in all" in by_category
    table = by_category[by_category.index("<table") :]
    assert re.search(r"States Parties</th><td>4</td>", table)
    assert re.search(r"Signatory States</th><td>1</td>", table)
    assert re.search(r"Observer States</th><td>0</td>", table)
    gender = _figure(page, "Gender balance")
    assert "60.0% of all participants are women" in gender
    assert ">3 Female</text>" in gender
    assert ">1 Male</text>" in gender
    assert re.search(r"All categories</th><td>3</td><td>2</td><td>0</td><td>0</td>", gender)
    arrivals = _figure(page, "Arrivals by day")
    assert "3 so far" in arrivals
    days = re.findall(r'<th scope="row" class="text-start">([^<]+)</th><td>(\d+)</td>', arrivals)
    assert [count for _day, count in days] == ["2", "1", "0", "0"]  # 9, 10, 11 and 12 November
    assert days[0][0].startswith("9")


def test_the_charts_follow_the_filters_like_the_table(client, secretariat, counted):
    client.force_login(secretariat)

    page = client.get(reverse("delegations:statistics", args=[counted.slug]), {"gender": "male"}).content.decode()

    assert "2 in all" in _figure(page, "Participants by category")
    assert "Nothing to show yet." in _figure(page, "Arrivals by day")  # no man has arrived


def test_charts_are_mirrored_in_right_to_left_languages():
    rows = [("A", [10]), ("B", [5])]

    ltr = bar_chart(title="t", description="d", rows=rows, rtl=False)
    rtl = bar_chart(title="t", description="d", rows=rows, rtl=True)

    assert ltr.rows[0].bars[0].x == 4
    assert ltr.rows[0].label_x == 4
    assert rtl.rows[0].bars[0].x + rtl.rows[0].bars[0].width == rtl.width - 4
    assert rtl.rows[0].label_x == rtl.width - 4
    assert rtl.rows[1].bars[0].width == ltr.rows[1].bars[0].width == ltr.rows[0].bars[0].width / 2
    with translation.override("ar"):
        assert bar_chart(title="t", description="d", rows=rows).rtl


def test_several_series_are_told_apart_by_pattern_and_by_name_not_only_colour():
    chart = bar_chart(title="t", description="d", rows=[("A", [1, 2, 3])], series=["Women", "Men", "Other"])

    assert [s.pattern for s in chart.series] == ["solid", "hatch", "dots"]
    assert [bar.text for bar in chart.rows[0].bars] == ["1 Women", "2 Men", "3 Other"]
    assert len({s.pattern_id for s in chart.series}) == 3


def test_an_empty_meeting_says_so_instead_of_drawing_nothing(client, secretariat, db):
    meeting = MeetingFactory(start_date=timezone.localdate(), end_date=timezone.localdate())
    client.force_login(secretariat)

    page = client.get(reverse("delegations:statistics", args=[meeting.slug])).content.decode()

    assert page.count("Nothing to show yet.") == 3


def test_statistics_pdf_carries_the_table_and_the_charts_as_text(client, secretariat, counted):
    client.force_login(secretariat)

    response = client.get(reverse("delegations:statistics_pdf", args=[counted.slug]))

    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Participants by category and gender" in text
    assert "Gender balance: 60.0% women." in text
    for heading in ("Participants by category", "Gender balance", "Arrivals by day"):
        assert heading in text
    assert "3 Female" in text  # a bar's label, drawn in the SVG
    assert "9 November 2030" in text


def test_statistics_pdf_is_refused_to_a_delegate_and_an_anonymous_visitor(client, counted):
    url = reverse("delegations:statistics_pdf", args=[counted.slug])
    assert "/accounts/login/" in client.get(url)["Location"]

    client.force_login(counted.delegations.first().created_by)

    assert client.get(url).status_code == 403
