"""/healthz and /readyz (ccm_portal/health.py): what a load balancer asks each instance."""

import json
import time

import pytest
from django.db import connection
from django.test import Client

from ccm_portal import health
from tests.storage.conftest import closed_port, unreachable_s3  # noqa: F401 - a fixture


@pytest.fixture(autouse=True)
def _migrations_checked_again():
    # Each process remembers that every migration was applied; each test starts without that memory.
    health._migrated.clear()
    yield
    health._migrated.clear()


def body(response) -> dict:
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    return json.loads(response.content)


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: any query here would fail the test.
    response = client.get("/healthz")

    assert response.status_code == 200
    assert body(response) == {"status": "ok"}


def test_probes_over_plain_http_to_an_instance_address_are_neither_redirected_nor_refused(settings):
    # As in production: HTTPS redirect on, only the public name allowed; the balancer asks 10.0.0.5 over HTTP.
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["portal.example.org"]
    probe = Client(HTTP_HOST="10.0.0.5:8000")

    assert probe.get("/healthz").status_code == 200
    assert probe.get("/healthz/").status_code == 200
    assert probe.get("/").status_code == 400  # every other path keeps the host check


@pytest.mark.django_db
def test_readyz_is_ready_when_database_cache_and_storage_answer(client):
    response = client.get("/readyz")

    payload = body(response)
    assert response.status_code == 200, payload
    assert payload["status"] == "ready"
    assert set(payload["checks"]) == {"database", "cache", "storage"}  # no broker configured: jobs run in a thread
    assert all(check["ok"] for check in payload["checks"].values())


@pytest.mark.django_db
def test_readyz_is_not_ready_when_the_cache_is_down_and_reveals_no_address(client, settings):
    port = closed_port()
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://127.0.0.1:{port}/1"}
    }

    response = client.get("/readyz")

    payload = body(response)
    assert response.status_code == 503
    assert payload["status"] == "not ready"
    assert payload["checks"]["cache"]["ok"] is False
    assert payload["checks"]["cache"]["error"] == "ConnectionError"
    assert payload["checks"]["database"]["ok"] is True
    assert str(port) not in response.content.decode()


@pytest.mark.django_db
def test_readyz_is_not_ready_when_the_broker_is_down(client, settings):
    settings.CELERY_BROKER_URL = f"redis://:s3cret@127.0.0.1:{closed_port()}/0"
    settings.RENDER_JOBS_RUNNER = "celery"

    response = client.get("/readyz")

    payload = body(response)
    assert response.status_code == 503
    assert payload["checks"]["broker"]["ok"] is False
    assert "s3cret" not in response.content.decode()


@pytest.mark.django_db
def test_readyz_is_not_ready_when_the_object_store_is_unreachable(client, settings, unreachable_s3):  # noqa: F811
    # The first call also builds the boto3 client (seconds on a busy machine); the answer is what is tested here.
    settings.READYZ_TIMEOUT = 30
    response = client.get("/readyz")

    payload = body(response)
    assert response.status_code == 503
    assert (payload["checks"]["storage"]["ok"], payload["checks"]["storage"]["error"]) == (False, "StorageUnavailable")
    assert "testing" not in response.content.decode()  # the access key


def test_a_check_that_hangs_counts_as_failed_after_the_deadline(client, settings, monkeypatch):
    settings.READYZ_TIMEOUT = 0.5
    monkeypatch.setattr(health, "check_database", lambda: {})
    monkeypatch.setattr(health, "check_cache", lambda: {})
    monkeypatch.setattr(health, "check_storage", lambda: time.sleep(3) or {})
    started = time.monotonic()

    response = client.get("/readyz")

    assert time.monotonic() - started < 2
    assert response.status_code == 503
    assert body(response)["checks"]["storage"] == {"ok": False, "error": "timeout"}


@pytest.mark.django_db(transaction=True)
def test_readyz_is_not_ready_while_a_migration_is_unapplied(client):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, app, name, applied FROM django_migrations WHERE app = 'jobs' ORDER BY id DESC")
        newest = cursor.fetchone()
        cursor.execute("DELETE FROM django_migrations WHERE id = %s", [newest[0]])
    try:
        response = client.get("/readyz")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO django_migrations (id, app, name, applied) VALUES (%s, %s, %s, %s)", newest)

    payload = body(response)
    assert response.status_code == 503
    assert payload["checks"]["database"]["ok"] is False
    assert payload["checks"]["database"]["error"] == "1 unapplied migrations: run manage.py migrate once"
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_is_ready_on_a_fresh_local_storage_and_not_ready_on_one_it_cannot_write(client, settings, tmp_path):
    fresh = tmp_path / "not-yet-created"
    local = settings.STORAGES["private"]
    settings.STORAGES = {**settings.STORAGES, "private": {**local, "OPTIONS": {"location": fresh}}}
    assert client.get("/readyz").status_code == 200
    assert fresh.is_dir()

    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    settings.STORAGES = {**settings.STORAGES, "private": {**local, "OPTIONS": {"location": blocked}}}
    response = client.get("/readyz")

    assert response.status_code == 503
    assert body(response)["checks"]["storage"]["error"] == "StorageUnavailable"
    assert str(tmp_path) not in response.content.decode()
