"""The band under the menu bar that names the meeting a page belongs to (templates/base.html)."""

from django import template
from django.urls import NoReverseMatch

from ccm_portal.meetings.models import Meeting

register = template.Library()


@register.inclusion_tag("meetings/_meeting_band.html")
def meeting_band(meeting):
    """Nothing unless `meeting` is a saved meeting whose page can be linked.

    A meeting form sent back with errors holds the values typed, perhaps an address name
    that cannot be reversed: the page is then shown without the band rather than failing.
    """
    if not isinstance(meeting, Meeting) or not meeting.pk:
        return {"band": None}
    try:
        url = meeting.get_absolute_url()
    except NoReverseMatch:
        return {"band": None}
    return {"band": meeting, "url": url}
