# Fixtures are imported from factories_lists and then requested by name: not a redefinition.
# ruff: noqa: F811
"""Background rendering: one job per input, stored copies, failures that keep the good PDF, real queues."""

import os
import threading
import time
import uuid
from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone

from ccm_portal.jobs import services as job_services
from ccm_portal.jobs.models import RenderJob
from ccm_portal.jobs.storage import job_storage, write_atomically
from delegations import lists
from tests.delegations.factories_lists import (  # noqa: F401 - fixtures
    _jobs_run_when_asked,
    approved_participant,
    run_jobs,
    world,
)

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


def test_two_clicks_on_the_same_data_share_one_job(world):
    first, how_first = lists.request_lop_pdf(meeting=world["meeting"], variant="public")
    second, how_second = lists.request_lop_pdf(meeting=world["meeting"], variant="public")

    assert (how_first, how_second) == ("queued", "active")
    assert first.pk == second.pk
    assert RenderJob.objects.count() == 1
    assert run_jobs() == ["done"]
    third, how_third = lists.request_lop_pdf(meeting=world["meeting"], variant="public")
    assert (third.pk, how_third) == (first.pk, "stored")


def test_a_job_delivered_twice_is_rendered_once(world):
    job, _how = lists.request_lop_pdf(meeting=world["meeting"], variant="public")
    assert job_services.execute(job.pk) == "done"
    name = RenderJob.objects.get(pk=job.pk).file.name

    assert job_services.execute(job.pk) == "done"
    assert RenderJob.objects.get(pk=job.pk).file.name == name


def test_the_database_refuses_a_second_active_job_for_the_same_input(world):
    from django.db import IntegrityError, transaction

    job, _how = lists.request_lop_pdf(meeting=world["meeting"], variant="public")
    with pytest.raises(IntegrityError), transaction.atomic():
        RenderJob.objects.create(
            kind=job.kind, meeting=job.meeting, key=job.key, fingerprint=job.fingerprint, filename="x.pdf"
        )


@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_start_one_job(on_postgres, world):
    barrier = threading.Barrier(4)
    outcomes = []

    def ask():
        try:
            barrier.wait(timeout=10)
            job, how = lists.request_lop_pdf(meeting=world["meeting"], variant="complete")
            outcomes.append((job.pk, how))
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert RenderJob.objects.count() == 1
    assert len({pk for pk, _how in outcomes}) == 1
    assert sorted(how for _pk, how in outcomes).count("queued") == 1


def test_failed_render_shows_the_error_and_keeps_the_previous_good_pdf(client, world, secretariat, monkeypatch):
    client.force_login(secretariat)
    meeting = world["meeting"]
    good, _how = lists.request_lop_pdf(meeting=meeting, variant="complete")
    run_jobs()
    good.refresh_from_db()
    good_bytes = good.file.open("rb").read()

    monkeypatch.setattr(lists, "LOP_PDF_TEMPLATE", "delegations/pdf/no_such_template.html")
    approved_participant(world["lao"], role="expert", given_name="Late", family_name="Comer")
    response = client.post(reverse("delegations:lop_pdf_prepare", args=["1msp"]), {"variant": "complete"})
    assert run_jobs() == ["failed"]
    failed = RenderJob.objects.get(status="failed")
    assert response["Location"] == reverse("delegations:job", args=["1msp", failed.pk])

    page = client.get(response["Location"]).content.decode()
    assert "could not be rendered" in page
    assert "TemplateDoesNotExist" in page
    assert reverse("delegations:job_download", args=["1msp", good.pk]) in page
    assert client.get(reverse("delegations:job_download", args=["1msp", failed.pk])).status_code == 404
    previous = client.get(reverse("delegations:job_download", args=["1msp", good.pk]))
    assert b"".join(previous.streaming_content) == good_bytes
    staff_page = client.get(reverse("delegations:lop_staff", args=["1msp"])).content.decode()
    assert "The last attempt failed" in staff_page


def test_an_interrupted_write_leaves_no_file_behind(monkeypatch):
    before = set(os.listdir(job_storage.path("renders"))) if job_storage.exists("renders") else set()

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(b"%PDF-1.7 half", suffix=".pdf")
    monkeypatch.undo()

    assert set(os.listdir(job_storage.path("renders"))) == before
    name = write_atomically(b"%PDF-1.7 whole", suffix=".pdf")
    assert job_storage.open(name).read() == b"%PDF-1.7 whole"
    assert not [f for f in os.listdir(job_storage.path("renders")) if f.startswith(".part-")]


def test_a_job_nobody_works_on_any_more_stops_blocking_new_requests(world, settings):
    stuck, _how = lists.request_lop_pdf(meeting=world["meeting"], variant="public")
    RenderJob.objects.filter(pk=stuck.pk).update(
        status="running", updated_at=timezone.now() - timedelta(seconds=settings.RENDER_JOBS_STALE_AFTER + 60)
    )

    fresh, how = lists.request_lop_pdf(meeting=world["meeting"], variant="public")

    assert how == "queued"
    assert fresh.pk != stuck.pk
    stuck.refresh_from_db()
    assert stuck.status == "failed"
    assert "abandoned" in stuck.error


def test_job_page_shows_progress_then_the_download(client, world, secretariat):
    client.force_login(secretariat)
    response = client.post(reverse("delegations:lop_pdf_prepare", args=["1msp"]), {"variant": "public"})
    job = RenderJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert 'role="progressbar"' in page
    assert 'hx-trigger="every 1s"' in page
    assert "htmx" in page

    run_jobs()
    status = client.get(reverse("delegations:job_status", args=["1msp", job.pk])).content.decode()
    assert "hx-trigger" not in status
    download = reverse("delegations:job_download", args=["1msp", job.pk])
    assert download in status
    served = client.get(download)
    assert served["Content-Type"] == "application/pdf"
    assert served["Cache-Control"] == "private, no-store"
    assert b"".join(served.streaming_content).startswith(b"%PDF")


def test_older_copies_are_pruned_but_the_newest_few_kept(world):
    meeting = world["meeting"]
    for index in range(job_services.KEEP_DONE + 2):
        approved_participant(world["lao"], role="expert", given_name=f"Extra{index}", family_name="Person")
        lists.request_lop_pdf(meeting=meeting, variant="public")
        run_jobs()

    done = list(RenderJob.objects.filter(status="done").order_by("-finished_at"))
    with_files = [job for job in done if job.file.name]
    assert len(done) == job_services.KEEP_DONE + 2
    assert len(with_files) == job_services.KEEP_DONE
    assert all(job_storage.exists(job.file.name) for job in with_files)


@pytest.mark.django_db(transaction=True)
def test_embedded_runner_renders_in_a_background_thread(world, settings):
    settings.RENDER_JOBS_RUNNER = "thread"

    job, how = lists.request_lop_pdf(meeting=world["meeting"], variant="public")

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
        job, _how = lists.request_lop_pdf(meeting=world["meeting"], variant="public")
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
            job, how = lists.request_lop_pdf(meeting=world["meeting"], variant="complete")
            assert how == "queued"
            done = wait_for(job.pk, timeout=90)
    finally:
        app.conf.update(old)
        _fresh_connections(app)
        _forget_queue(url, queue)

    assert done.status == "done", done.error
    assert job_storage.exists(done.file.name)
    assert done.meta["participants"] == 8
