"""E-mails about side events. Called after the deciding transaction commits."""

from django.conf import settings
from django.template.loader import render_to_string

from ccm_portal.mail.services import notification, queue_mail

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
    body = render_to_string(
        "ccm_sessions/email/side_event_decided.txt",
        {
            "site_url": settings.SITE_URL,
            "side_event": side_event,
            "meeting": meeting,
            "session": session,
        },
    )
    subject = f"[{meeting.short_title}] Side event “{side_event.title}”: {side_event.get_status_display().lower()}"
    queue_mail(to=recipients, subject=subject, body=body)
