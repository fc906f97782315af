"""The Celery application: `celery -A ccm_portal worker` runs the background renders.

Configuration comes from Django settings prefixed CELERY_ (see settings/base.py).
With CELERY_BROKER_URL unset the portal never talks to a broker: render jobs run
in a thread of the web process instead (ccm_portal/jobs/runner.py).
"""

import os

from celery import Celery
from celery.schedules import crontab
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccm_portal.settings.base")

app = Celery("ccm_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# `celery -A ccm_portal beat` (one process per deployment) sends these to the workers.
app.conf.beat_schedule = {
    # The retention policy of participants' personal data (ccm_portal/privacy/retention.py).
    "purge-personal-data-daily": {
        "task": "privacy.purge_personal_data",
        "schedule": crontab(hour=3, minute=30),
    },
    # Article 7 reminders to the national contact points (reporting/reminders.py); each is sent
    # once, so a second run on the same day sends nothing.
    "send-reporting-reminders-daily": {
        "task": "reporting.send_reminders",
        "schedule": crontab(hour=6, minute=0),
    },
    # E-mails whose first send failed (ccm_portal/mail/services.py).
    "send-queued-mail": {
        "task": "ccm_portal.mail.send_queued_mail",
        "schedule": float(getattr(settings, "MAIL_RETRY_SECONDS", 300)),
    },
}
