"""The statistics page's charts: participants by category, gender balance, arrivals by day.

Built from the figures the table shows (`exports.statistics`) and from the same
participants (annotated with `arrived_at`), so the charts and the table never disagree.
"""

from datetime import timedelta

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ccm_portal.charts import BarChart, bar_chart
from ccm_portal.meetings.models import Meeting


def by_category(stats: dict) -> BarChart:
    return bar_chart(
        title=_("Participants by category"),
        description=_("Approved participants of accredited delegations in each category, %(total)s in all.")
        % {"total": stats["total"]},
        rows=[(row["label"], [row["total"]]) for row in stats["rows"]],
        label_heading=pgettext("participation category", "Category"),
        value_heading=_("Participants"),
    )


def gender_balance(stats: dict) -> BarChart:
    rows = [(row["label"], row["counts"]) for row in stats["rows"] if row["total"]]
    rows.append((_("All categories"), stats["totals"]))
    if stats["women_share"] is None:
        description = _("No participant yet.")
    else:
        description = _("Participants by gender in each category; %(share)s%% of all participants are women.") % {
            "share": stats["women_share"]
        }
    return bar_chart(
        title=_("Gender balance"),
        description=description,
        rows=rows,
        series=[label for _value, label in stats["genders"]],
        label_heading=pgettext("participation category", "Category"),
    )


def arrival_days(meeting: Meeting, participants) -> dict:
    """First arrivals counted by day in the meeting's time zone: one GROUP BY query for a queryset
    (annotated with `arrived_at`, as the staff list's is), a loop for rows already loaded."""
    tz = meeting.tzinfo
    if isinstance(participants, QuerySet):
        rows = (
            participants.order_by()
            .filter(arrived_at__isnull=False)
            .annotate(day=TruncDate("arrived_at", tzinfo=tz))
            .values_list("day")
            .annotate(n=Count("pk"))
        )
        return dict(rows)
    counts: dict = {}
    for participant in participants:
        arrived = getattr(participant, "arrived_at", None)
        if arrived:
            day = timezone.localtime(arrived, tz).date()
            counts[day] = counts.get(day, 0) + 1
    return counts


def arrivals_by_day(meeting: Meeting, participants) -> BarChart:
    """First arrivals at the door on each day of the meeting (in its time zone), and on any other day one happened."""
    counts = arrival_days(meeting, participants)
    days = {meeting.start_date + timedelta(days=n) for n in range((meeting.end_date - meeting.start_date).days + 1)}
    rows = [(date_format(day, "DATE_FORMAT"), [counts.get(day, 0)]) for day in sorted(days | set(counts))]
    arrived = sum(counts.values())
    return bar_chart(
        title=_("Arrivals by day"),
        description=_("Participants checked in at the door for the first time on each day, %(count)s so far.")
        % {"count": arrived},
        rows=rows,
        label_heading=_("Day"),
        value_heading=_("Arrivals"),
    )


def statistics_charts(meeting: Meeting, stats: dict, participants) -> list[BarChart]:
    return [by_category(stats), gender_balance(stats), arrivals_by_day(meeting, participants)]
