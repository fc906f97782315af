"""Participant photos: uploaded on the participant form, kept private, printed on the badge, purged with the rest."""

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from ccm_portal.privacy import retention
from ccm_portal.privacy.selectors import _participant_records
from ccm_portal.storage import private_storage
from delegations import badges, services, services_lists
from delegations.models import Participant
from tests.conftest import make_pdf_bytes
from tests.delegations.factories_lists import approved_delegation, approved_participant, run_jobs
from tests.delegations.test_views import participant_post
from tests.factories import MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db


def image_bytes(fmt="PNG", size=(1000, 500), color=(20, 120, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


def photo_upload(content=None, name="photo.png", content_type="image/png"):
    return SimpleUploadedFile(name, content if content is not None else image_bytes(), content_type=content_type)


def give_photo(participant, content=None) -> Participant:
    """A stored photo as the form would leave it (the test writes the row directly)."""
    participant.photo.save("photo.jpg", ContentFile(content or image_bytes("JPEG", (600, 800))), save=True)
    return participant


def stored_photos() -> set[str]:
    storage = private_storage()
    return set(storage.listdir("participant-photos")[1]) if storage.exists("participant-photos") else set()


def edit_url(participant) -> str:
    return reverse("delegations:participant_edit", args=[participant.delegation_id, participant.pk])


def photo_url(participant) -> str:
    return reverse("delegations:participant_photo", args=[participant.delegation_id, participant.pk])


def edit_post(participant, **extra) -> dict:
    return {
        **participant_post(
            title=participant.title,
            given_name=participant.given_name,
            family_name=participant.family_name,
            role=participant.role,
            email=participant.email,
        ),
        "version": participant.version,
        **extra,
    }


def test_a_photo_added_with_the_participant_is_stored_privately_as_a_three_by_four_jpeg(
    client, focal_point, delegation
):
    client.force_login(focal_point)
    response = client.post(
        reverse("delegations:participant_add", args=[delegation.pk]), {**participant_post(), "photo": photo_upload()}
    )

    assert response.status_code == 302
    participant = delegation.participants.get()
    assert participant.photo.name.startswith("participant-photos/")
    assert "photo" not in participant.photo.name.rsplit("/", 1)[1]  # a random name, not the upload's
    # Where the storage writes, not its identity: a test that overrides STORAGES makes private_storage() anew.
    assert participant.photo.storage.location == private_storage().location
    assert private_storage().exists(participant.photo.name)
    with participant.photo.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert image.size == (360, 480)


@pytest.mark.parametrize(
    "content",
    [make_pdf_bytes(), b"<!doctype html><html><body><script>alert(1)</script></body></html>"],
    ids=["pdf", "html"],
)
def test_a_file_renamed_jpg_is_refused_next_to_the_field_and_nothing_is_saved(client, focal_point, delegation, content):
    before = stored_photos()
    client.force_login(focal_point)
    response = client.post(
        reverse("delegations:participant_add", args=[delegation.pk]),
        {**participant_post(), "photo": photo_upload(content, name="face.jpg", content_type="image/jpeg")},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "This file is not a JPEG or PNG photo, whatever its name says." in page
    # crispy-forms writes a field's errors under that field, with an id the input points to.
    error = page.index('id="error_1_id_photo"')
    assert page.index('id="id_photo"') < error
    assert page[error : error + 300].count("not a JPEG or PNG photo") == 1
    assert not delegation.participants.exists()
    assert stored_photos() == before


def test_an_oversized_photo_is_refused_and_the_stored_one_kept(client, focal_point, delegation, settings):
    participant = give_photo(approved_participant(delegation))
    kept = participant.photo.name
    settings.MAX_IMAGE_BYTES = 2000
    client.force_login(focal_point)

    response = client.post(
        edit_url(participant), edit_post(participant, photo=photo_upload(image_bytes() + b"\0" * 3000))
    )

    assert response.status_code == 200
    assert "the limit is 2.0\xa0KB" in response.content.decode()
    participant.refresh_from_db()
    assert participant.photo.name == kept
    assert private_storage().exists(kept)


def test_replacing_a_photo_deletes_the_old_file_after_commit_and_sends_the_participant_back(
    client, focal_point, delegation, django_capture_on_commit_callbacks
):
    participant = give_photo(approved_participant(delegation))
    old = participant.photo.name
    client.force_login(focal_point)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url(participant), edit_post(participant, photo=photo_upload()))

    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.photo.name != old
    assert private_storage().exists(participant.photo.name)
    assert not private_storage().exists(old)
    assert participant.status == Participant.Status.PENDING
    assert "photo" in participant.changes_since_approval


def test_removing_the_photo_deletes_its_file(client, focal_point, delegation, django_capture_on_commit_callbacks):
    participant = give_photo(approved_participant(delegation))
    old = participant.photo.name
    client.force_login(focal_point)
    page = client.get(edit_url(participant)).content.decode()
    assert photo_url(participant) in page
    assert 'name="remove_photo"' in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(participant), edit_post(participant, remove_photo="on"))

    participant.refresh_from_db()
    assert not participant.photo
    assert not private_storage().exists(old)


def test_a_refused_save_keeps_the_old_photo_and_leaves_no_new_file(delegation, focal_point, head):
    participant = give_photo(approved_participant(delegation))
    before = stored_photos()

    with pytest.raises(services.ConcurrentEditError):
        services.participant_update(
            participant=participant,
            data={},
            by=focal_point,
            expected_version=participant.version - 1,
            photo=image_bytes("JPEG", (600, 800)),
        )
    with pytest.raises(services.RegistrationError):
        services.participant_update(
            participant=participant,
            data={"role": Participant.Role.HEAD},
            by=focal_point,
            expected_version=participant.version,
            photo=image_bytes("JPEG", (600, 800)),
        )

    assert stored_photos() == before


def test_the_photo_is_served_to_the_own_focal_point_and_the_secretariat_only(
    client, focal_point, delegation, other_delegation, secretariat
):
    participant = give_photo(approved_participant(delegation))
    url = photo_url(participant)

    client.force_login(focal_point)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    # Read to the end (the test client then closes the file); a close() of our own would send
    # request_finished, which drops a PostgreSQL connection inside the test's transaction.
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")

    client.force_login(secretariat)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")

    client.force_login(other_delegation.focal_points.get())
    assert client.get(url).status_code == 404
    # Nor through the other delegation's own address.
    assert (
        client.get(reverse("delegations:participant_photo", args=[other_delegation.pk, participant.pk])).status_code
        == 404
    )

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404

    client.logout()
    assert client.get(url).status_code in (302, 404)


def test_a_participant_without_a_photo_has_no_photo_address(client, focal_point, delegation):
    participant = approved_participant(delegation)
    client.force_login(focal_point)
    assert client.get(photo_url(participant)).status_code == 404


def _images(resources) -> int:
    """Image XObjects of a page, counting those inside form XObjects too."""
    count = 0
    xobjects = resources.get("/XObject") if resources else None
    for ref in (xobjects or {}).values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Image":
            count += 1
        elif xobject.get("/Subtype") == "/Form":
            count += _images(xobject.get("/Resources"))
    return count


def _badge_pdf(meeting, participant) -> PdfReader:
    job, _how = services_lists.request_badges(
        meeting=meeting, params={"set": "participant", "participant": participant.pk}
    )
    run_jobs()
    job.refresh_from_db()
    assert job.status == "done", job.error
    with job.file.open("rb") as stored:
        return PdfReader(io.BytesIO(stored.read()))


def test_the_badge_prints_the_photo_and_keeps_the_name_and_the_qr_code():
    meeting = MeetingFactory()
    delegation = approved_delegation(meeting, country="LA", sort_name="Lao People's Democratic Republic")
    plain = approved_participant(delegation, title="Mr.", given_name="Somsak", family_name="Vong", role="head")
    pictured = give_photo(approved_participant(delegation, title="Ms.", given_name="Noy", family_name="Keo"))

    without = _badge_pdf(meeting, plain).pages[0]
    with_photo = _badge_pdf(meeting, pictured).pages[0]

    assert "Ms. Noy KEO" in with_photo.extract_text()
    assert "Mr. Somsak VONG" in without.extract_text()
    assert _images(with_photo["/Resources"]) == _images(without["/Resources"]) + 1


def test_a_new_photo_changes_the_badge_fingerprint(delegation):
    participant = give_photo(approved_participant(delegation))
    params = {"set": "participant", "participant": participant.pk}
    before = badges.badges_fingerprint(delegation.meeting, params, [participant])
    give_photo(participant, image_bytes("JPEG", (600, 800), color=(0, 0, 0)))
    assert badges.badges_fingerprint(delegation.meeting, params, [participant]) != before


def test_a_lost_photo_file_prints_the_badge_without_it(delegation):
    participant = give_photo(approved_participant(delegation))
    private_storage().delete(participant.photo.name)
    assert badges.photo_data_uri(participant) == ""


def test_the_purge_after_retention_deletes_photos(django_capture_on_commit_callbacks):
    meeting = MeetingFactory(start_date=dt.date(2020, 3, 2), end_date=dt.date(2020, 3, 5))
    participant = give_photo(approved_participant(approved_delegation(meeting)))
    name = participant.photo.name

    dry = retention.purge_personal_data(dry_run=True, today=dt.date(2026, 1, 1))
    assert [report.photos for report in dry] == [1]
    assert private_storage().exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        reports = retention.purge_personal_data(today=dt.date(2026, 1, 1))

    assert [report.photos for report in reports] == [1]
    assert "photos deleted: 1" in "\n".join(reports[0].lines())
    participant.refresh_from_db()
    assert not participant.photo
    assert not private_storage().exists(name)


def test_the_personal_data_export_carries_the_own_photo(delegation):
    participant = give_photo(approved_participant(delegation))
    user = UserFactory(email=participant.email)
    records = _participant_records(user)
    assert records[0]["photo"].startswith("data:image/jpeg;base64,")


def test_removing_the_participant_deletes_the_photo_file(focal_point, delegation, django_capture_on_commit_callbacks):
    participant = give_photo(approved_participant(delegation))
    name = participant.photo.name

    with django_capture_on_commit_callbacks(execute=True):
        services.participant_remove(participant=participant, by=focal_point)

    assert not private_storage().exists(name)


def test_a_photo_when_the_store_is_unreachable_is_refused_next_to_the_field_and_nothing_is_saved(
    client, focal_point, delegation, settings, monkeypatch
):
    from tests.form_tokens import form_token
    from tests.storage.conftest import unreachable_store

    client.force_login(focal_point)
    add = reverse("delegations:participant_add", args=[delegation.pk])
    token = form_token(client.get(add))
    storages = settings.STORAGES
    with monkeypatch.context() as store_down:
        unreachable_store(settings, store_down)
        response = client.post(add, {**participant_post(), "photo": photo_upload(), "form_token": token})

    assert response.status_code == 200
    page = response.content.decode()
    error = page.index('id="error_1_id_photo"')
    assert page.index('id="id_photo"') < error
    assert "The document store cannot be reached right now, so nothing was saved." in page[error : error + 300]
    assert not delegation.participants.exists()
    # The store is back: the same form, sent again, is saved (its one-time token was not used up).
    settings.STORAGES = storages
    again = client.post(add, {**participant_post(), "photo": photo_upload(), "form_token": token})
    assert again.status_code == 302
    assert delegation.participants.get().photo
