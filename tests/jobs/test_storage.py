"""Stored copies of rendered files (ccm_portal/jobs/storage.py)."""

import os

import pytest

from ccm_portal.jobs.storage import job_storage, write_atomically

pytestmark = pytest.mark.django_db


def test_an_interrupted_write_leaves_no_file_behind(monkeypatch):
    before = set(os.listdir(job_storage.path("renders"))) if job_storage.exists("renders") else set()

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(b"%PDF-1.7 half", suffix=".pdf")
    monkeypatch.undo()

    assert set(os.listdir(job_storage.path("renders"))) == before
    name = write_atomically(b"%PDF-1.7 whole", suffix=".pdf")
    assert job_storage.open(name).read() == b"%PDF-1.7 whole"
    assert not [f for f in os.listdir(job_storage.path("renders")) if f.startswith(".part-")]
