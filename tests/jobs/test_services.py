"""Render jobs (ccm_portal/jobs/services.py): one job per input, stored copies, stale jobs, pruning.

The jobs render the list of participants of the `world` meeting, a real render kind.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from ccm_portal.jobs import services as job_services
from ccm_portal.jobs.models import RenderJob
from ccm_portal.storage import private_storage
from delegations import services_lists
from delegations.lists import LOP_KIND
from tests.delegations.factories_lists import approved_participant, run_jobs

pytestmark = pytest.mark.django_db


def test_two_clicks_on_the_same_data_share_one_job(world):
    first, how_first = services_lists.request_lop_pdf(meeting=world["meeting"], variant="public")
    second, how_second = services_lists.request_lop_pdf(meeting=world["meeting"], variant="public")

    assert (how_first, how_second) == ("queued", "active")
    assert first.pk == second.pk
    assert RenderJob.objects.count() == 1
    assert run_jobs() == ["done"]
    third, how_third = services_lists.request_lop_pdf(meeting=world["meeting"], variant="public")
    assert (third.pk, how_third) == (first.pk, "stored")


def test_a_job_delivered_twice_is_rendered_once(world):
    job, _how = services_lists.request_lop_pdf(meeting=world["meeting"], variant="public")
    assert job_services.execute(job.pk) == "done"
    name = RenderJob.objects.get(pk=job.pk).file.name

    assert job_services.execute(job.pk) == "done"
    assert RenderJob.objects.get(pk=job.pk).file.name == name


@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_start_one_job(on_postgres, world):
    barrier = threading.Barrier(4)
    outcomes = []

    def ask():
        try:
            barrier.wait(timeout=10)
            job, how = services_lists.request_lop_pdf(meeting=world["meeting"], variant="complete")
            outcomes.append((job.pk, how))
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # Only list-of-participants jobs: saving the meeting also queues its programme and agenda PDFs.
    assert RenderJob.objects.filter(kind=LOP_KIND).count() == 1
    assert len({pk for pk, _how in outcomes}) == 1
    assert sorted(how for _pk, how in outcomes).count("queued") == 1


def test_a_job_nobody_works_on_any_more_stops_blocking_new_requests(world, settings):
    stuck, _how = services_lists.request_lop_pdf(meeting=world["meeting"], variant="public")
    RenderJob.objects.filter(pk=stuck.pk).update(
        status="running", updated_at=timezone.now() - timedelta(seconds=settings.RENDER_JOBS_STALE_AFTER + 60)
    )

    fresh, how = services_lists.request_lop_pdf(meeting=world["meeting"], variant="public")

    assert how == "queued"
    assert fresh.pk != stuck.pk
    stuck.refresh_from_db()
    assert stuck.status == "failed"
    assert "abandoned" in stuck.error


def test_older_copies_are_pruned_but_the_newest_few_kept(world):
    meeting = world["meeting"]
    for index in range(job_services.KEEP_DONE + 2):
        approved_participant(world["lao"], role="expert", given_name=f"Extra{index}", family_name="Person")
        services_lists.request_lop_pdf(meeting=meeting, variant="public")
        run_jobs()

    done = list(RenderJob.objects.filter(status="done").order_by("-finished_at"))
    with_files = [job for job in done if job.file.name]
    assert len(done) == job_services.KEEP_DONE + 2
    assert len(with_files) == job_services.KEEP_DONE
    assert all(private_storage().exists(job.file.name) for job in with_files)
