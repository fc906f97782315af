"""Reminders to contact points: before a deadline and after it is missed, each sent once.

`send_reminders(today=...)` is what the management command (and Celery beat in production)
runs. For every State Party it looks at the next deadline (a reminder when it is at most
REMINDER_DAYS_BEFORE days away) and at every deadline passed without a report (one overdue
reminder each). A Reminder row, unique per state, report, deadline and kind, is written in
the same transaction as the e-mail is queued: a second run, or two runs at once, finds the
row and sends nothing again.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ccm_portal.mail.services import queue_mail_in_languages

from .deadlines import Due
from .models import ContactPoint, Reminder
from .selectors import standings

REMINDER_DAYS_BEFORE = 30


def _compose(state, due: Due, kind: str):
    def compose():
        what = (
            _("initial report")
            if due.kind == "initial"
            else _("annual update for %(year)d") % {"year": due.period_to.year}
        )
        if kind == Reminder.Kind.BEFORE:
            subject = _("Article 7 report of %(state)s due on %(date)s") % {
                "state": state.country.name,
                "date": date_format(due.due, "DATE_FORMAT"),
            }
        else:
            subject = _("Article 7 report of %(state)s overdue since %(date)s") % {
                "state": state.country.name,
                "date": date_format(due.due, "DATE_FORMAT"),
            }
        body = render_to_string(
            "reporting/email/reminder.txt",
            {
                "state": state.country.name,
                "what": what,
                "due": due,
                "overdue": kind == Reminder.Kind.OVERDUE,
                "url": settings.SITE_URL + reverse("reporting:mine"),
            },
        )
        return subject, body

    return compose


def _send_once(state, due: Due, kind: str, addresses: list[str]) -> bool:
    try:
        with transaction.atomic():
            Reminder.objects.create(state=state, report_kind=due.kind, due=due.due, kind=kind)
            queue_mail_in_languages(to=addresses, compose=_compose(state, due, kind))
    except IntegrityError:
        return False  # sent already, by an earlier run or one running now
    return True


def send_reminders(*, today: date) -> dict[str, int]:
    """Queue the reminders due on `today`; returns how many of each kind were sent."""
    contacts: dict[int, list[str]] = {}
    for state_id, email in ContactPoint.objects.filter(status=ContactPoint.Status.CONFIRMED).values_list(
        "state_id", "user__email"
    ):
        contacts.setdefault(state_id, []).append(email)
    sent = {"before": 0, "overdue": 0}
    for standing in standings(today=today):
        addresses = contacts.get(standing.state.pk)
        if not addresses:
            continue
        upcoming = standing.upcoming
        if upcoming is not None and upcoming.due - today <= timedelta(days=REMINDER_DAYS_BEFORE):
            sent["before"] += _send_once(standing.state, upcoming, Reminder.Kind.BEFORE, addresses)
        for owed in standing.overdue:
            sent["overdue"] += _send_once(standing.state, owed.due, Reminder.Kind.OVERDUE, addresses)
    return sent
