import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from ccm_portal.backups.archive import MANIFEST, read_manifest, row_counts, stored_files, stored_names
from ccm_portal.storage import private_storage
from delegations import services
from delegations.models import Delegation, Participant
from sessions.models import Statement
from tests.conftest import make_pdf_bytes
from tests.factories import DelegationFactory, MeetingFactory, ParticipantFactory, SecretariatFactory
from tests.sessions.factories import SpeakerEntryFactory

pytestmark = pytest.mark.slow  # each test backs up and restores the whole database


@pytest.fixture
def portal_data(transactional_db, pdf_upload, settings):
    """A meeting with a delegation, its note verbale, participants and a statement PDF."""
    # Renders run at once: a background render finishing after the snapshot would add a file.
    settings.RENDER_JOBS_RUNNER = "inline"
    meeting = MeetingFactory()
    delegation = DelegationFactory(meeting=meeting)
    services.delegation_attach_document(delegation=delegation, upload=pdf_upload, by=SecretariatFactory())
    ParticipantFactory.create_batch(3, delegation=delegation)
    statement = Statement(entry=SpeakerEntryFactory(delegation=delegation), original_name="speech.pdf")
    statement.file.save("statement.pdf", ContentFile(make_pdf_bytes("Speech")), save=True)
    delegation.refresh_from_db()
    return delegation


def wipe() -> None:
    call_command("flush", interactive=False, verbosity=0)
    storage = private_storage()
    for name in stored_names(storage):
        storage.delete(name)


def back_up_wipe_restore(tmp_path, delegation):
    counts, files = row_counts(), stored_files()
    with private_storage().open(delegation.document.name) as stored:
        document_bytes = stored.read()
    archive = tmp_path / "portal.tar.gz"

    call_command("backup", output=str(archive), stdout=io.StringIO())
    wipe()
    assert Delegation.objects.count() == 0
    assert stored_files() == {}
    out = io.StringIO()
    call_command("restore", str(archive), interactive=False, stdout=out)

    assert row_counts() == counts
    assert stored_files() == files
    restored = Delegation.objects.get(pk=delegation.pk)
    with private_storage().open(restored.document.name) as stored:
        assert stored.read() == document_bytes
    assert Participant.objects.filter(delegation=restored).count() == 3
    assert "Row counts and file checksums match the backup." in out.getvalue()
    return archive


def test_backup_wipe_and_restore_on_sqlite_brings_back_every_row_and_file(portal_data, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant")
    archive = back_up_wipe_restore(tmp_path, portal_data)

    manifest = read_manifest(archive)
    assert manifest["vendor"] == "sqlite"
    assert manifest["database"]["file"] == "database.sqlite3"
    assert manifest["row_counts"]["delegations_participant"] == 3
    assert portal_data.document.name in manifest["files"]
    assert archive.stat().st_mode & 0o077 == 0  # personal data: readable by its owner only


@pytest.mark.postgres
def test_backup_wipe_and_restore_on_postgresql_brings_back_every_row_and_file(on_postgres, portal_data, tmp_path):
    archive = back_up_wipe_restore(tmp_path, portal_data)

    manifest = read_manifest(archive)
    assert manifest["vendor"] == "postgresql"
    assert manifest["database"]["file"] == "database.dump"


def _rewrite(archive: Path, target: Path, *, manifest_change=None, file_change=None) -> Path:
    """A copy of the archive with its manifest or one media file altered."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as out:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == MANIFEST and manifest_change:
                manifest = json.loads(data)
                manifest_change(manifest)
                data = json.dumps(manifest).encode()
            elif member.name.startswith("media/") and file_change:
                data = file_change(data)
                file_change = None
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    return target


def test_restore_refuses_an_archive_of_another_database_vendor(portal_data, tmp_path):
    archive = tmp_path / "portal.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    foreign = _rewrite(archive, tmp_path / "foreign.tar.gz", manifest_change=lambda m: m.update(vendor=other))
    ParticipantFactory(delegation=portal_data)
    counts = row_counts()

    with pytest.raises(CommandError, match=f"holds a {other} database"):
        call_command("restore", str(foreign), interactive=False, stdout=io.StringIO())

    assert row_counts() == counts


def test_restore_refuses_a_damaged_file_before_changing_anything(portal_data, tmp_path):
    archive = tmp_path / "portal.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    damaged = _rewrite(archive, tmp_path / "damaged.tar.gz", file_change=lambda data: data + b"tampered")
    ParticipantFactory(delegation=portal_data)
    counts = row_counts()

    with pytest.raises(CommandError, match="do not match their checksum"):
        call_command("restore", str(damaged), interactive=False, stdout=io.StringIO())

    assert row_counts() == counts


def test_backup_and_restore_go_through_the_storage_api_not_a_directory(transactional_db, tmp_path, settings):
    # An in-memory storage has no path at all: only listing, open, save and delete reach it.
    settings.STORAGES = {**settings.STORAGES, "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    storage = private_storage()
    kept = storage.save("renders/ab12.pdf", ContentFile(b"%PDF-1.7 render"))
    storage.save("delegations/7/note.pdf", ContentFile(b"%PDF-1.7 note"))
    archive = tmp_path / "portal.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    storage.delete("delegations/7/note.pdf")
    storage.save("renders/after-the-backup.pdf", ContentFile(b"%PDF-1.7 later"))

    out = io.StringIO()
    call_command("restore", str(archive), interactive=False, stdout=out)

    assert stored_names() == ["delegations/7/note.pdf", kept]
    with storage.open("delegations/7/note.pdf") as restored:
        assert restored.read() == b"%PDF-1.7 note"
    assert "Removed 1 files the backup did not contain." in out.getvalue()
    assert set(read_manifest(archive)["files"]) == {"delegations/7/note.pdf", kept}
