"""The retention policy, run daily by Celery beat in production (ccm_portal/celery.py)."""

import logging

from celery import shared_task

from .retention import purge_personal_data

logger = logging.getLogger(__name__)


@shared_task(name="privacy.purge_personal_data", ignore_result=True)
def purge_personal_data_task() -> int:
    reports = purge_personal_data(dry_run=False)
    for report in reports:
        for line in report.lines():
            logger.info(line)
    return sum(report.changes for report in reports)
