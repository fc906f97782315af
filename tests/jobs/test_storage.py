"""Stored copies of rendered files (ccm_portal/jobs/storage.py)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from ccm_portal.jobs.storage import RENDERS_DIR, write_atomically
from ccm_portal.storage import private_storage

pytestmark = pytest.mark.django_db


def stored_renders():
    storage = private_storage()
    return set(storage.listdir(RENDERS_DIR)[1]) if storage.exists(RENDERS_DIR) else set()


def test_an_interrupted_write_leaves_no_file_behind(monkeypatch):
    before = stored_renders()
    original = FileSystemStorage._save

    def crash(self, name, content):
        original(self, name, ContentFile(b"%PDF-1.7 half"))  # half the file reached the disk
        raise OSError("disk full")

    monkeypatch.setattr(FileSystemStorage, "_save", crash)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(b"%PDF-1.7 half", suffix=".pdf")
    monkeypatch.undo()

    assert stored_renders() == before
    name = write_atomically(b"%PDF-1.7 whole", suffix=".pdf")
    with private_storage().open(name) as stored:
        assert stored.read() == b"%PDF-1.7 whole"
    assert stored_renders() == before | {name.removeprefix(f"{RENDERS_DIR}/")}
