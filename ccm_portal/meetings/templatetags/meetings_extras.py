"""Template filters shared by the portal's templates."""

from datetime import timedelta

from django import template

from ccm_portal.meetings.models import Category

register = template.Library()


@register.filter
def category_label(value) -> str:
    """The label of a participation category ("States Parties") from its number; "" if unknown."""
    try:
        return str(Category(int(value)).label)
    except (TypeError, ValueError):
        return ""


@register.filter
def minutes(value) -> int | str:
    """Whole minutes in a timedelta, for "try again in N minutes"; "" for anything else."""
    if not isinstance(value, timedelta):
        return ""
    return max(1, round(value.total_seconds() / 60))
