"""The Article 7 reminders, run daily by Celery beat in production (ccm_portal/celery.py)."""

import logging

from celery import shared_task
from django.utils import timezone

from .reminders import send_reminders

logger = logging.getLogger(__name__)


@shared_task(name="reporting.send_reminders", ignore_result=True)
def send_reminders_task() -> int:
    sent = send_reminders(today=timezone.localdate())
    logger.info("Article 7 reminders sent: %(before)s before a deadline, %(overdue)s overdue.", sent)
    return sent["before"] + sent["overdue"]
