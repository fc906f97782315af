"""Stored copies of rendered files (ccm_portal/jobs/storage.py)."""

import os

import pytest

from ccm_portal.jobs.storage import write_atomically
from ccm_portal.storage import private_storage

pytestmark = pytest.mark.django_db


def test_an_interrupted_write_leaves_no_file_behind(monkeypatch):
    before = set(os.listdir(private_storage().path("renders"))) if private_storage().exists("renders") else set()

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(b"%PDF-1.7 half", suffix=".pdf")
    monkeypatch.undo()

    assert set(os.listdir(private_storage().path("renders"))) == before
    name = write_atomically(b"%PDF-1.7 whole", suffix=".pdf")
    with private_storage().open(name) as stored:
        assert stored.read() == b"%PDF-1.7 whole"
    assert not [f for f in os.listdir(private_storage().path("renders")) if f.startswith(".part-")]
