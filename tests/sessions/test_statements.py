import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ccm_portal.storage import private_storage
from sessions import services
from sessions.models import SpeakerEntry, Statement
from tests.conftest import make_pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(speakers_list, accredited, focal_point):
    return services.speaker_inscribe(speakers_list=speakers_list, delegation=accredited, by=focal_point)


@pytest.fixture
def session_with_list(meeting, item, room):
    from .factories import MeetingSessionFactory

    session = MeetingSessionFactory(meeting=meeting, room=room)
    session.agenda_items.add(item)
    return session


def upload_url(meeting, entry):
    return reverse("ccm_sessions:statement_upload", args=[meeting.slug, entry.delegation_id, entry.pk])


def test_a_statement_is_stored_privately_under_a_generated_name(client, focal_point, meeting, entry, statement_pdf):
    client.force_login(focal_point)

    response = client.post(upload_url(meeting, entry), {"file": statement_pdf, "publish": "on"})

    assert response.status_code == 302
    statement = Statement.objects.get(entry=entry)
    assert statement.original_name == "Statement of France.pdf"
    assert statement.is_published
    assert statement.file.name.startswith("statements/")
    assert "France" not in statement.file.name
    assert private_storage().exists(statement.file.name)


def test_a_file_that_is_not_a_pdf_is_refused_next_to_the_field(client, focal_point, meeting, entry):
    client.force_login(focal_point)
    fake = SimpleUploadedFile("statement.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")

    response = client.post(upload_url(meeting, entry), {"file": fake})

    assert response.status_code == 400
    form = next(e.upload_form for sl in response.context["lists"] for e in sl.my_entries if e.pk == entry.pk)
    assert "not a PDF" in form.errors["file"][0]
    assert not Statement.objects.exists()


def test_an_oversized_statement_is_refused(settings, focal_point, entry):
    settings.MAX_UPLOAD_BYTES = 100
    big = SimpleUploadedFile("big.pdf", make_pdf_bytes() + b"%" * 200, content_type="application/pdf")

    with pytest.raises(services.ProgrammeError, match="the limit is"):
        services.statement_upload(entry=entry, by=focal_point, upload=big, publish=True)


def test_a_withdrawn_speech_takes_no_statement(focal_point, entry, statement_pdf):
    services.speaker_withdraw(entry=entry, by=focal_point)

    with pytest.raises(services.ProgrammeError, match="withdrawn"):
        services.statement_upload(entry=entry, by=focal_point, upload=statement_pdf, publish=False)


def test_uploading_again_replaces_the_file(django_capture_on_commit_callbacks, focal_point, entry):
    first = services.statement_upload(
        entry=entry, by=focal_point, upload=SimpleUploadedFile("v1.pdf", make_pdf_bytes()), publish=False
    )
    old_name = first.file.name

    with django_capture_on_commit_callbacks(execute=True):
        second = services.statement_upload(
            entry=entry, by=focal_point, upload=SimpleUploadedFile("v2.pdf", make_pdf_bytes()), publish=True
        )

    assert Statement.objects.count() == 1
    assert second.original_name == "v2.pdf"
    assert not private_storage().exists(old_name)


def test_another_delegations_focal_point_cannot_upload_for_it(client, meeting, entry, other_accredited, statement_pdf):
    client.force_login(other_accredited.created_by)

    response = client.post(upload_url(meeting, entry), {"file": statement_pdf})

    assert response.status_code == 404
    assert not Statement.objects.exists()


def test_a_published_statement_is_served_to_anyone_as_an_attachment(
    client, meeting, entry, focal_point, statement_pdf, session_with_list
):
    statement = services.statement_upload(entry=entry, by=focal_point, upload=statement_pdf, publish=True)

    page = client.get(reverse("ccm_sessions:session", args=[meeting.slug, session_with_list.pk]))
    response = client.get(reverse("ccm_sessions:statement", args=[meeting.slug, statement.pk]))

    assert reverse("ccm_sessions:statement", args=[meeting.slug, statement.pk]) in page.content.decode()
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_an_unpublished_statement_is_only_for_its_delegation_and_the_secretariat(
    client, meeting, entry, focal_point, secretariat, other_accredited, statement_pdf, session_with_list
):
    statement = services.statement_upload(entry=entry, by=focal_point, upload=statement_pdf, publish=False)
    url = reverse("ccm_sessions:statement", args=[meeting.slug, statement.pk])

    page = client.get(reverse("ccm_sessions:session", args=[meeting.slug, session_with_list.pk]))
    assert url not in page.content.decode()
    assert client.get(url).status_code == 404
    client.force_login(other_accredited.created_by)
    assert client.get(url).status_code == 404
    for reader in (focal_point, secretariat):
        client.force_login(reader)
        served = client.get(url)
        assert served.status_code == 200
        assert b"".join(served.streaming_content).startswith(b"%PDF")


def test_the_delegation_publishes_and_unpublishes_its_statement(client, meeting, entry, focal_point, statement_pdf):
    statement = services.statement_upload(entry=entry, by=focal_point, upload=statement_pdf, publish=False)
    client.force_login(focal_point)
    url = reverse("ccm_sessions:statement_publish", args=[meeting.slug, entry.delegation_id, entry.pk])

    client.post(url, {"publish": "1"})
    statement.refresh_from_db()
    assert statement.is_published

    client.post(url, {"publish": "0"})
    statement.refresh_from_db()
    assert not statement.is_published


def test_a_statement_of_another_meeting_is_not_found_through_this_one(client, entry, focal_point, statement_pdf):
    from tests.factories import MeetingFactory

    statement = services.statement_upload(entry=entry, by=focal_point, upload=statement_pdf, publish=True)
    elsewhere = MeetingFactory()

    assert client.get(reverse("ccm_sessions:statement", args=[elsewhere.slug, statement.pk])).status_code == 404


def test_entries_keep_their_statement_when_marked_spoke(secretariat, entry, focal_point, statement_pdf):
    services.statement_upload(entry=entry, by=focal_point, upload=statement_pdf, publish=True)

    services.speaker_set_status(entry=entry, by=secretariat, status=SpeakerEntry.Status.SPOKE)

    assert Statement.objects.filter(entry=entry).exists()


def test_a_statement_when_the_store_is_unreachable_is_refused_next_to_the_field_and_nothing_is_saved(
    client, focal_point, meeting, entry, statement_pdf, settings, monkeypatch
):
    from tests.storage.conftest import unreachable_store

    unreachable_store(settings, monkeypatch)
    client.force_login(focal_point)

    response = client.post(upload_url(meeting, entry), {"file": statement_pdf, "publish": "on"})

    assert response.status_code == 400
    form = next(e.upload_form for sl in response.context["lists"] for e in sl.my_entries if e.pk == entry.pk)
    assert form.errors["file"] == [
        "The document store cannot be reached right now, so nothing was saved. Try again in a minute."
    ]
    assert "The document store cannot be reached" in response.content.decode()
    assert not Statement.objects.exists()
