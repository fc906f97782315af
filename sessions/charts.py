"""Speakers' time by participation category, as a server-drawn chart (ccm_portal/charts.py)."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ccm_portal.charts import BarChart, bar_chart
from ccm_portal.meetings.models import Category, Meeting

from .models import SpeakerEntry


def speaking_minutes_by_category(meeting: Meeting) -> dict[int, float]:
    """Minutes from the floor being given to the speaker finishing, summed per category; one query."""
    minutes = {value: 0.0 for value, _label in Category.choices}
    entries = SpeakerEntry.objects.filter(
        speakers_list__meeting=meeting,
        status=SpeakerEntry.Status.SPOKE,
        started_at__isnull=False,
        ended_at__isnull=False,
    ).values_list("delegation__category", "started_at", "ended_at")
    for category, started, ended in entries:
        if ended > started:
            minutes[category] = minutes.get(category, 0.0) + (ended - started).total_seconds() / 60
    return minutes


def speaking_time_chart(meeting: Meeting) -> BarChart:
    minutes = speaking_minutes_by_category(meeting)
    total = sum(minutes.values())
    return bar_chart(
        title=_("Speaking time by category"),
        description=_("Minutes spoken by the delegations of each category, from every list of speakers: %(total)s.")
        % {"total": round(total, 1)},
        rows=[(label, [minutes.get(value, 0.0)]) for value, label in Category.choices],
        label_heading=pgettext("participation category", "Category"),
        value_heading=_("Minutes"),
        decimals=1,
    )
