"""A worker killed in the middle of a render, on the local file system and on an S3 bucket: the job
stays "running" with no file, the last good copy is served meanwhile, and once no heartbeat has come
for RENDER_JOBS_STALE_AFTER the job is marked failed and the next request renders afresh."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ccm_portal.jobs import services as job_services
from ccm_portal.jobs.models import RenderJob
from ccm_portal.storage import private_storage
from delegations import services_lists
from tests.delegations.factories_lists import approved_participant, run_jobs

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """What SIGKILL does to a worker, as far as the database and the store can tell: the render stops where
    it is and no code of the portal runs after it (execute() catches Exception, never this)."""


@pytest.fixture(params=["file system", "s3"])
def storage(request):
    if request.param == "s3":
        return request.getfixturevalue("s3_bucket")
    return private_storage()


def stored_names(storage, folder: str = "") -> set[str]:
    folders, files = storage.listdir(folder)
    names = {f"{folder}/{name}" if folder else name for name in files}
    for sub in folders:
        names |= stored_names(storage, f"{folder}/{sub}" if folder else sub)
    return names


def kill_the_worker_while_it_renders(monkeypatch):
    def dies_half_way(job, progress):
        progress(40, "Laying out the pages")
        raise WorkerKilled

    # A context of its own: undoing it must not undo the fixture's switch to the bucket.
    with monkeypatch.context() as patch:
        patch.setattr(job_services, "get_renderer", lambda kind: dies_half_way)
        with pytest.raises(WorkerKilled):
            run_jobs()


def test_a_render_whose_worker_was_killed_is_failed_after_the_stale_timeout_and_the_last_good_copy_served(
    storage, world, secretariat, client, monkeypatch, settings
):
    meeting = world["meeting"]
    services_lists.request_lop_pdf(meeting=meeting, variant="public")
    assert run_jobs() == ["done"]
    good = RenderJob.objects.get(status="done")
    with good.file.open("rb") as stored:
        good_bytes = stored.read()
    names_before = stored_names(storage)
    assert good.file.name in names_before

    approved_participant(world["lao"], role="expert", given_name="Late", family_name="Addition")  # new data
    job, how = services_lists.request_lop_pdf(meeting=meeting, variant="public")
    assert how == "queued"
    kill_the_worker_while_it_renders(monkeypatch)

    job.refresh_from_db()
    assert (job.status, job.progress, job.file.name) == ("running", 40, "")
    assert stored_names(storage) == names_before  # nothing half-written left in the store
    # Within the timeout the job may still be alive: the next request waits for it, no second render.
    again, how = services_lists.request_lop_pdf(meeting=meeting, variant="public")
    assert (again.pk, how) == (job.pk, "active")

    # Meanwhile the secretariat is offered, and downloads, the last good copy.
    client.force_login(secretariat)
    page = client.get(reverse("delegations:job", args=[meeting.slug, job.pk]))
    previous = reverse("delegations:job_download", args=[meeting.slug, good.pk])
    assert page.status_code == 200
    assert f'href="{previous}"'.encode() in page.content
    download = client.get(previous)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == good_bytes

    # No heartbeat for longer than the stale timeout: the dead worker's job is failed, a new one renders.
    RenderJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - timedelta(seconds=settings.RENDER_JOBS_STALE_AFTER + 1)
    )
    fresh, how = services_lists.request_lop_pdf(meeting=meeting, variant="public")
    assert how == "queued"
    assert fresh.pk != job.pk
    job.refresh_from_db()
    assert job.status == "failed"
    assert "abandoned" in job.error
    assert job_services.last_good(meeting=meeting, key=good.key).pk == good.pk

    assert run_jobs() == ["done"]
    fresh.refresh_from_db()
    assert fresh.file.name in stored_names(storage)
    assert job_services.last_good(meeting=meeting, key=good.key).pk == fresh.pk
    with fresh.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"
