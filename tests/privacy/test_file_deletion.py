import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from delegations import services
from delegations.models import Delegation, private_storage
from sessions.models import Statement
from tests.conftest import make_pdf_bytes
from tests.sessions.factories import SpeakerEntryFactory


@pytest.fixture
def with_note_verbale(delegation, focal_point, pdf_upload):
    services.delegation_attach_document(delegation=delegation, upload=pdf_upload, by=focal_point)
    delegation.refresh_from_db()
    assert private_storage.exists(delegation.document.name)
    return delegation


def test_deleting_a_delegation_removes_its_note_verbale(with_note_verbale, django_capture_on_commit_callbacks):
    name = with_note_verbale.document.name

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with_note_verbale.delete()

    assert not Delegation.objects.filter(pk=with_note_verbale.pk).exists()
    assert not private_storage.exists(name)


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
    assert private_storage.exists(name)


def test_deleting_a_statement_row_removes_its_pdf(delegation, django_capture_on_commit_callbacks):
    entry = SpeakerEntryFactory(delegation=delegation)
    statement = Statement(entry=entry, original_name="speech.pdf")
    statement.file.save("statement.pdf", ContentFile(make_pdf_bytes("Speech")), save=True)
    name = statement.file.name
    assert private_storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        entry.delete()  # the statement goes with its inscription

    assert not Statement.objects.filter(pk=statement.pk).exists()
    assert not private_storage.exists(name)
