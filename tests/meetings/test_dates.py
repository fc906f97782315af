"""A meeting's dates read in the language of the page, from the named formats."""

import datetime as dt

import pytest
from django.utils import translation

from ccm_portal.meetings.models import Meeting


@pytest.mark.parametrize(
    ("start", "end", "english", "french"),
    [
        (dt.date(2010, 11, 9), dt.date(2010, 11, 9), "9 November 2010", "9 novembre 2010"),
        (dt.date(2010, 11, 9), dt.date(2010, 11, 12), "9-12 November 2010", "9-12 novembre 2010"),
        (dt.date(2010, 11, 29), dt.date(2010, 12, 2), "29 November - 2 December 2010", "29 novembre - 2 décembre 2010"),
        (
            dt.date(2010, 12, 30),
            dt.date(2011, 1, 2),
            "30 December 2010 - 2 January 2011",
            "30 décembre 2010 - 2 janvier 2011",
        ),
    ],
)
def test_the_dates_of_a_meeting_follow_the_language(start, end, english, french):
    meeting = Meeting(start_date=start, end_date=end)

    with translation.override("en"):
        assert meeting.dates_display == english
    with translation.override("fr"):
        assert meeting.dates_display == french
