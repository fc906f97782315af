"""E-mails about side events. Called after the deciding transaction commits."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ccm_portal.languages import meeting_language
from ccm_portal.mail.services import notification, queue_mail_in_languages

from .models import SideEventRequest


@notification
def side_event_decided(request_pk: int) -> None:
    side_event = SideEventRequest.objects.select_related("meeting", "delegation", "requested_by", "session__room").get(
        pk=request_pk
    )
    delegation = side_event.delegation
    recipients = sorted(
        {
            address
            for address in [
                side_event.requested_by.email,
                delegation.contact_email,
                *(user.email for user in delegation.focal_points.all()),
            ]
            if address
        }
    )
    if not recipients:
        return
    meeting = side_event.meeting
    session = side_event.session

    def compose():
        """Subject and body in the language active for this group of recipients."""
        body = render_to_string(
            "ccm_sessions/email/side_event_decided.txt",
            {
                "site_url": settings.SITE_URL,
                "side_event": side_event,
                "meeting": meeting,
                "session": session,
            },
        )
        subject = _("[%(meeting)s] Side event “%(title)s”: %(status)s") % {
            "meeting": meeting.short_title,
            "title": side_event.title,
            "status": side_event.get_status_display().lower(),
        }
        return subject, body

    queue_mail_in_languages(to=recipients, compose=compose, fallback=meeting_language(meeting))
