from celery import shared_task
from django.db import connections

from .services import execute


@shared_task(name="ccm_portal.jobs.run_render_job", acks_late=True, ignore_result=True)
def run_render_job(job_id: int) -> str:
    """Render one queued job on a Celery worker."""
    try:
        return execute(job_id)
    finally:
        # A render takes seconds: reconnecting for the next one costs nothing, and no
        # connection is left open in a worker that may sit idle for hours.
        connections.close_all()
