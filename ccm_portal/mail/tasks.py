from celery import shared_task
from django.db import connections

from .services import deliver


@shared_task(name="ccm_portal.mail.send_queued_mail", ignore_result=True)
def send_queued_mail() -> dict:
    """Retry the e-mails still pending (run every few minutes by Celery beat)."""
    try:
        return deliver()
    finally:
        connections.close_all()
