"""Where a job runs (ccm_portal/jobs/runner.py and tasks.py): a background thread, or the Celery queue."""

import os
import time
import uuid

import pytest
from django.db import OperationalError

from ccm_portal.jobs.models import RenderJob
from ccm_portal.storage import private_storage
from delegations import services_lists

pytestmark = pytest.mark.django_db


def wait_for(job_pk: int, *, timeout: float = 60) -> RenderJob:
    deadline = time.monotonic() + timeout
    job = None
    while time.monotonic() < deadline:
        try:
            job = RenderJob.objects.get(pk=job_pk)
        except OperationalError:
            # SQLite's shared in-memory test database refuses a read while the worker writes.
            job = None
        if job is not None and not job.is_active:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_pk} still active after {timeout} s")


@pytest.mark.django_db(transaction=True)
def test_embedded_runner_renders_in_a_background_thread(world, settings):
    settings.RENDER_JOBS_RUNNER = "thread"

    job, how = services_lists.request_lop_pdf(meeting=world["meeting"], variant="public")

    assert how == "queued"
    done = wait_for(job.pk)
    assert done.status == "done", done.error
    assert done.meta["participants"] == 7


def _fresh_connections(app) -> None:
    # The app caches its broker connections, producers and queue declarations from
    # the configuration it first saw; a test that points it elsewhere starts afresh.
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.__dict__.pop("amqp", None)


def test_a_broker_that_cannot_be_reached_fails_the_job_with_a_message(world, settings):
    from ccm_portal.celery import app

    settings.RENDER_JOBS_RUNNER = "celery"
    old = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "broker_connection_timeout")}
    app.conf.update(broker_url="redis://127.0.0.1:1/0", task_always_eager=False, broker_connection_timeout=0.5)
    _fresh_connections(app)
    try:
        job, _how = services_lists.request_lop_pdf(meeting=world["meeting"], variant="public")
        from ccm_portal.jobs.runner import dispatch

        dispatch(job.pk)
    finally:
        app.conf.update(old)
        _fresh_connections(app)

    job.refresh_from_db()
    assert job.status == "failed"
    assert "task queue could not be reached" in job.error


def _redis_url_or_skip() -> str:
    url = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/15")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means there is no usable Redis
        reason = f"Redis is not reachable at {url} ({exc}); start redis-server to run the Celery queue test"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}. CI must run it: .ci/run starts redis-server.")
        print(f"\nSKIPPED Celery queue test: {reason}")
        pytest.skip(reason)
    return url


def _forget_queue(url: str, queue: str) -> None:
    """Remove the test queue and kombu's bindings for it from Redis."""
    import redis

    client = redis.Redis.from_url(url)
    for key in client.scan_iter(match=f"*{queue}*"):
        client.delete(key)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_job_runs_through_the_real_celery_queue_on_redis(world, settings):
    url = _redis_url_or_skip()
    from celery.contrib.testing.worker import start_worker

    from ccm_portal.celery import app

    settings.RENDER_JOBS_RUNNER = "celery"
    queue = f"ccm-portal-test-{uuid.uuid4().hex[:8]}"
    keys = ("broker_url", "task_always_eager", "task_default_queue", "worker_hijack_root_logger")
    old = {key: app.conf[key] for key in keys}
    app.conf.update(broker_url=url, task_always_eager=False, task_default_queue=queue, worker_hijack_root_logger=False)
    _fresh_connections(app)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            job, how = services_lists.request_lop_pdf(meeting=world["meeting"], variant="complete")
            assert how == "queued"
            done = wait_for(job.pk, timeout=90)
    finally:
        app.conf.update(old)
        _fresh_connections(app)
        _forget_queue(url, queue)

    assert done.status == "done", done.error
    assert private_storage().exists(done.file.name)
    assert done.meta["participants"] == 8
