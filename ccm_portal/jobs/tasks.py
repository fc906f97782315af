from celery import shared_task
from django.db import connections


@shared_task(name="ccm_portal.jobs.run_render_job", acks_late=True, ignore_result=True)
def run_render_job(job_id: int) -> str:
    """Render one queued job on a Celery worker."""
    from .services import execute

    try:
        return execute(job_id)
    finally:
        # A render takes seconds: reconnecting for the next one costs nothing, and no
        # connection is left open in a worker that may sit idle for hours.
        connections.close_all()
