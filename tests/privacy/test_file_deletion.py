import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from ccm_portal.jobs.models import RenderJob
from ccm_portal.jobs.storage import write_atomically
from ccm_portal.storage import private_storage
from delegations import services
from delegations.badges import BADGES_KIND
from delegations.lists import LOP_KIND
from delegations.models import Delegation
from sessions.models import Statement
from tests.conftest import make_pdf_bytes
from tests.factories import ParticipantFactory
from tests.sessions.factories import SpeakerEntryFactory


@pytest.fixture
def with_note_verbale(delegation, focal_point, pdf_upload):
    services.delegation_attach_document(delegation=delegation, upload=pdf_upload, by=focal_point)
    delegation.refresh_from_db()
    assert private_storage().exists(delegation.document.name)
    return delegation


def test_deleting_a_delegation_removes_its_note_verbale(with_note_verbale, django_capture_on_commit_callbacks):
    name = with_note_verbale.document.name

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with_note_verbale.delete()

    assert not Delegation.objects.filter(pk=with_note_verbale.pk).exists()
    assert not private_storage().exists(name)


def test_a_rolled_back_delete_keeps_the_note_verbale(with_note_verbale, django_capture_on_commit_callbacks):
    name, pk = with_note_verbale.document.name, with_note_verbale.pk

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                with_note_verbale.delete()
                raise RuntimeError("something later in the request failed")
        except RuntimeError:
            pass

    assert Delegation.objects.filter(pk=pk).exists()
    assert private_storage().exists(name)


def test_deleting_a_statement_row_removes_its_pdf(delegation, django_capture_on_commit_callbacks):
    entry = SpeakerEntryFactory(delegation=delegation)
    statement = Statement(entry=entry, original_name="speech.pdf")
    statement.file.save("statement.pdf", ContentFile(make_pdf_bytes("Speech")), save=True)
    name = statement.file.name
    assert private_storage().exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        entry.delete()  # the statement goes with its inscription

    assert not Statement.objects.filter(pk=statement.pk).exists()
    assert not private_storage().exists(name)


def _render(meeting, *, kind, key, meta=None):
    return RenderJob.objects.create(
        kind=kind,
        meeting=meeting,
        key=key,
        fingerprint=f"{key}-{RenderJob.objects.count()}",
        status=RenderJob.Status.DONE,
        file=write_atomically(b"%PDF stored render", suffix=".pdf"),
        filename="render.pdf",
        meta=meta or {},
    )


def test_removing_a_participant_removes_stored_pdfs_that_print_their_name(
    delegation, focal_point, django_capture_on_commit_callbacks
):
    leaving = ParticipantFactory(delegation=delegation, status="approved")
    staying = ParticipantFactory(delegation=delegation, status="approved")
    their_badges = _render(delegation.meeting, kind=BADGES_KIND, key="badges", meta={"participant_ids": [leaving.pk]})
    other_badges = _render(delegation.meeting, kind=BADGES_KIND, key="badges", meta={"participant_ids": [staying.pk]})
    complete_list = _render(delegation.meeting, kind=LOP_KIND, key="lop:complete")
    names = {job.pk: job.file.name for job in (their_badges, other_badges, complete_list)}

    with django_capture_on_commit_callbacks(execute=True):
        services.participant_remove(participant=leaving, by=focal_point)

    assert set(RenderJob.objects.values_list("pk", flat=True)) == {other_badges.pk}
    assert not private_storage().exists(names[their_badges.pk])
    assert not private_storage().exists(names[complete_list.pk])
    assert private_storage().exists(names[other_badges.pk])
