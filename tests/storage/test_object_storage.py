"""Every private file on an S3-compatible store: uploads and renders land in the bucket, downloads
stay behind the portal's checks, and an unreachable store is a clear message or a 503, never a 500."""

import time

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ccm_portal.jobs import services as job_services
from ccm_portal.jobs.models import RenderJob
from ccm_portal.jobs.storage import write_atomically
from ccm_portal.object_storage import PrivateS3Storage
from ccm_portal.settings.base import s3_storage_settings
from ccm_portal.storage import StorageUnavailable, check_reachable
from delegations import services_lists
from delegations.models import Delegation
from tests.conftest import make_pdf_bytes
from tests.delegations.factories_lists import approved_participant, run_jobs
from tests.factories import UserFactory

from .conftest import BUCKET, bucket_keys

pytestmark = pytest.mark.django_db


def test_the_s3_alias_is_private_signed_v4_and_configured_from_the_environment():
    alias = s3_storage_settings(
        {
            "DJANGO_STORAGE_S3_BUCKET": "portal-files",
            "DJANGO_STORAGE_S3_ENDPOINT_URL": "https://s3.example.org",
            "DJANGO_STORAGE_S3_REGION": "eu-central-1",
            "DJANGO_STORAGE_S3_ACCESS_KEY_ID": "AKIDEXAMPLE",
            "DJANGO_STORAGE_S3_SECRET_ACCESS_KEY": "secret",
            "DJANGO_STORAGE_S3_PREFIX": "/ccm/",
        }
    )
    options = alias["OPTIONS"]

    assert alias["BACKEND"] == "ccm_portal.object_storage.PrivateS3Storage"
    assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
        "portal-files",
        "https://s3.example.org",
        "eu-central-1",
    )
    assert (options["access_key"], options["secret_key"], options["location"]) == ("AKIDEXAMPLE", "secret", "ccm")
    assert options["default_acl"] == "private"
    assert options["signature_version"] == "s3v4"
    assert options["file_overwrite"] is False  # a name in use gets a suffix, as on the file system
    assert s3_storage_settings({}) is None  # no bucket: the local file system stays


def test_an_uploaded_note_verbale_is_stored_in_the_bucket_and_downloaded_through_the_portal(
    s3_bucket, client, focal_point, delegation, other_delegation
):
    content = make_pdf_bytes("Note verbale on S3")
    client.force_login(focal_point)

    response = client.post(
        reverse("delegations:document_upload", args=[delegation.pk]),
        {"document": SimpleUploadedFile("nv.pdf", content, content_type="application/pdf")},
    )

    assert response.status_code == 302
    delegation.refresh_from_db()
    assert isinstance(s3_bucket, PrivateS3Storage)
    assert delegation.document.name in bucket_keys()
    acl = boto3.client("s3", region_name="us-east-1").get_object_acl(Bucket=BUCKET, Key=delegation.document.name)
    assert [grant["Permission"] for grant in acl["Grants"]] == ["FULL_CONTROL"]  # the owner only: no public read
    download = client.get(reverse("delegations:document", args=[delegation.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == content
    client.force_login(UserFactory())
    assert client.get(reverse("delegations:document", args=[delegation.pk])).status_code == 404


def test_a_render_is_written_to_the_bucket_and_a_failed_render_keeps_the_last_good_copy(s3_bucket, world, monkeypatch):
    meeting = world["meeting"]
    services_lists.request_lop_pdf(meeting=meeting, variant="public")
    assert run_jobs() == ["done"]
    good = job_services.last_good(meeting=meeting, key=RenderJob.objects.get().key)
    assert good.file.name in bucket_keys()
    keys_before = bucket_keys()

    def store_down(self, name, content):
        raise StorageUnavailable("object store unreachable while trying to save a file")

    monkeypatch.setattr(PrivateS3Storage, "_save", store_down)
    approved_participant(world["lao"], role="expert", given_name="Late", family_name="Addition")  # new data
    job, how = services_lists.request_lop_pdf(meeting=meeting, variant="public")
    assert how == "queued"
    assert run_jobs() == ["failed"]
    monkeypatch.undo()

    assert "unreachable" in RenderJob.objects.get(pk=job.pk).error
    assert job_services.last_good(meeting=meeting, key=good.key).pk == good.pk
    assert bucket_keys() == keys_before
    with good.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"


def test_write_atomically_leaves_no_object_when_the_upload_fails(s3_bucket, monkeypatch):
    before = bucket_keys()
    original = PrivateS3Storage._save

    def half_then_fail(self, name, content):
        original(self, name, ContentFile(b"%PDF-1.7 half"))
        raise StorageUnavailable("connection dropped")

    monkeypatch.setattr(PrivateS3Storage, "_save", half_then_fail)
    with pytest.raises(StorageUnavailable):
        write_atomically(b"%PDF-1.7 whole", suffix=".pdf")
    monkeypatch.undo()

    assert bucket_keys() == before


def test_an_upload_to_an_unreachable_store_says_so_next_to_the_field_and_saves_nothing(
    unreachable_s3, client, focal_point, delegation
):
    client.force_login(focal_point)
    started = time.monotonic()

    response = client.post(
        reverse("delegations:document_upload", args=[delegation.pk]),
        {"document": SimpleUploadedFile("nv.pdf", make_pdf_bytes(), content_type="application/pdf")},
    )

    assert time.monotonic() - started < 15  # short timeouts, not a hung worker
    assert response.status_code == 400
    page = response.content.decode()
    assert "The document store cannot be reached right now, so nothing was saved." in page
    # Once in the error summary at the top, once next to the file field.
    assert page.rindex("The document store cannot be reached") > page.index('name="document"')
    delegation = Delegation.objects.get(pk=delegation.pk)
    assert not delegation.document
    assert delegation.document_uploaded_at is None


def test_a_download_from_an_unreachable_store_answers_503_with_a_page(unreachable_s3, client, focal_point, delegation):
    Delegation.objects.filter(pk=delegation.pk).update(document="delegations/1/document.pdf")
    client.force_login(focal_point)

    response = client.get(reverse("delegations:document", args=[delegation.pk]))

    assert response.status_code == 503
    assert response["Retry-After"]
    assert "The file store cannot be reached" in response.content.decode()


def test_reachability_check_names_the_failure_without_credentials(unreachable_s3):
    with pytest.raises(StorageUnavailable) as raised:
        check_reachable()
    assert "unreachable" in str(raised.value)
    assert "testing" not in str(raised.value)
