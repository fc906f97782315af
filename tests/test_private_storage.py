"""Every private file goes to the "private" alias of settings.STORAGES, so settings alone pick the backend."""

import os

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.core.management import call_command
from django.db import models
from django.test import override_settings

from ccm_portal.storage import private_storage


def _file_fields():
    return [
        (model, field)
        for model in apps.get_models()
        if model.__module__.split(".")[0] in {"ccm_portal", "delegations", "sessions", "outcomes"}
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]


def test_every_file_field_of_the_portal_stores_through_the_private_alias():
    fields = _file_fields()
    assert {f"{model._meta.label}.{field.name}" for model, field in fields} >= {
        "delegations.Delegation.document",
        "ccm_sessions.Statement.file",
        "outcomes.Translation.file",
        "jobs.RenderJob.file",
    }
    for _model, field in fields:
        assert field.deconstruct()[3]["storage"] is private_storage


def test_the_private_alias_keeps_files_in_the_test_run_s_temporary_directory(settings):
    assert settings.STORAGES["private"]["OPTIONS"]["location"] == settings.PRIVATE_MEDIA_ROOT
    # One temporary directory per test run (tempfile.mkdtemp in settings/test.py), removed at exit;
    # under pytest-xdist each worker has its own folder inside it (gw0, gw1).
    run_directory = settings.PRIVATE_MEDIA_ROOT.parent
    if os.environ.get("PYTEST_XDIST_WORKER"):
        assert run_directory.name == os.environ["PYTEST_XDIST_WORKER"]
        run_directory = run_directory.parent
    assert run_directory.name.startswith("ccm-test-")
    assert private_storage().path("x.pdf") == str(settings.PRIVATE_MEDIA_ROOT / "x.pdf")


def test_a_deployment_switches_the_private_backend_by_settings_alone(settings):
    with override_settings(
        STORAGES={**settings.STORAGES, "private": {"BACKEND": InMemoryStorage.__module__ + ".InMemoryStorage"}}
    ):
        storage = private_storage()
        name = storage.save("renders/switched.pdf", ContentFile(b"%PDF-1.7"))
        assert isinstance(storage, InMemoryStorage)
        assert storage.exists(name)
    assert not private_storage().exists(name)


@pytest.mark.django_db
def test_migrations_are_complete_and_record_no_machine_path():
    # --check exits non-zero when a model (a FileField's storage among them) differs from the migrations.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
