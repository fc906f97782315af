"""Starts a job: on the Celery queue in production, in a background thread otherwise.

`settings.RENDER_JOBS_RUNNER` chooses:
- "celery": the job goes to the broker (CELERY_BROKER_URL) and a worker renders it;
- "thread": no extra service; one thread of this process renders jobs one after the
  other, so the request that asked returns at once and the page polls for progress;
- "inline": the job runs at once in the caller (tests, scripts).
"""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import connections
from django.utils import timezone

from .models import RenderJob

logger = logging.getLogger(__name__)

_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def _thread_executor() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(
                max_workers=getattr(settings, "RENDER_JOBS_THREADS", 1), thread_name_prefix="render-job"
            )
        return _executor


def _run_in_thread(job_id: int) -> None:
    from .services import execute  # services imports this module (dispatch): imported at call time

    try:
        execute(job_id)
    except Exception:
        logger.exception("Render job %s crashed", job_id)
    finally:
        # This thread's connections; the request threads keep theirs.
        connections.close_all()


def runner_name() -> str:
    return getattr(settings, "RENDER_JOBS_RUNNER", "thread")


def dispatch(job_id: int):
    runner = runner_name()
    if runner == "celery":
        # Only the celery runner needs the task, and tasks imports services, which imports this module.
        from .tasks import run_render_job

        try:
            run_render_job.apply_async(args=[job_id])
        except Exception as exc:
            # The broker is down: say so on the job page instead of failing the request.
            logger.exception("Could not queue render job %s", job_id)
            RenderJob.objects.filter(pk=job_id, status=RenderJob.Status.QUEUED).update(
                status=RenderJob.Status.FAILED,
                error=f"The task queue could not be reached ({type(exc).__name__}). Try again in a moment.",
                finished_at=timezone.now(),
            )
        return None
    if runner == "inline":
        from .services import execute  # services imports this module (dispatch): imported at call time

        return execute(job_id)
    return _thread_executor().submit(_run_in_thread, job_id)
