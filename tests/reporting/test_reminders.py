import datetime as dt
import io

import pytest
from django.core.management import call_command

from ccm_portal.celery import app as celery_app
from ccm_portal.mail.models import OutboxMessage
from reporting import tasks
from reporting.models import Reminder
from reporting.services import report_submit
from reporting.tasks import send_reminders_task
from tests.reporting.helpers import complete_report

pytestmark = pytest.mark.django_db


def _run(today):
    out = io.StringIO()
    call_command("send_reporting_reminders", f"--today={today}", stdout=out)
    return out.getvalue()


def test_contact_points_are_reminded_before_the_initial_deadline_once(norway, contact):
    first = _run("2011-01-10")  # 18 days before 28 January 2011
    second = _run("2011-01-11")

    assert "1 before a deadline, 0 overdue" in first
    assert "0 before a deadline, 0 overdue" in second
    message = OutboxMessage.objects.get()
    assert message.to == [contact.user.email]
    assert "due on" in message.subject


def test_a_missed_deadline_gets_one_overdue_reminder_and_a_submitted_one_none(norway, laos, contact, other_contact):
    report_submit(report=complete_report(norway, by=contact.user), by=contact.user, today=dt.date(2011, 1, 20))

    out = _run("2011-02-15")
    again = _run("2011-03-15")

    assert "0 before a deadline, 1 overdue" in out
    assert "0 overdue" in again
    overdue = Reminder.objects.get(kind=Reminder.Kind.OVERDUE)
    assert overdue.state == laos
    assert overdue.due == dt.date(2011, 1, 28)
    assert OutboxMessage.objects.filter(to=[other_contact.user.email]).count() == 1
    assert not OutboxMessage.objects.filter(to=[contact.user.email]).exists()


def test_a_state_without_contact_points_is_not_reminded(norway):
    assert "0 before a deadline, 0 overdue" in _run("2011-02-15")
    assert not Reminder.objects.exists()


def test_celery_beat_sends_the_reminders_daily_and_a_second_run_sends_none(norway, contact, monkeypatch):
    schedule = celery_app.conf.beat_schedule["send-reporting-reminders-daily"]
    assert schedule["task"] == send_reminders_task.name
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: dt.date(2011, 1, 10))

    first = send_reminders_task.apply().get()
    second = send_reminders_task.apply().get()

    assert (first, second) == (1, 0)
    assert OutboxMessage.objects.get().to == [contact.user.email]
