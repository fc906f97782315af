"""The production server's settings: gunicorn's configuration (ccm_portal/gunicorn_conf.py) and the database's."""

import gc
import importlib
import logging
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_conf(monkeypatch, **env):
    for name in ("GUNICORN_WORKERS", "GUNICORN_FREEZE", "GUNICORN_BIND", "GUNICORN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    from ccm_portal import gunicorn_conf

    return importlib.reload(gunicorn_conf)


def test_gunicorn_preloads_the_app_and_runs_two_workers_per_core_and_one(monkeypatch):
    conf = load_conf(monkeypatch)
    assert conf.preload_app is True
    assert conf.workers == 2 * conf.cores() + 1
    assert conf.freeze is True
    assert load_conf(monkeypatch, GUNICORN_WORKERS="3").workers == 3


def test_gunicorn_config_is_valid_for_gunicorn_itself(monkeypatch):
    from gunicorn.config import Config

    conf = load_conf(monkeypatch, GUNICORN_WORKERS="2")
    config = Config()
    for name in ("bind", "workers", "preload_app", "timeout", "when_ready"):
        config.set(name, getattr(conf, name))
    assert config.preload_app is True
    assert config.workers == 2
    assert config.bind == ["127.0.0.1:8000"]


class FakeServer:
    log = logging.getLogger("gunicorn.test")


def test_the_master_warms_up_and_freezes_the_collector_before_forking(monkeypatch):
    conf = load_conf(monkeypatch)
    try:
        conf.when_ready(FakeServer())
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_without_freeze_the_master_only_warms_up(monkeypatch):
    gc.unfreeze()
    conf = load_conf(monkeypatch, GUNICORN_FREEZE="false")
    conf.when_ready(FakeServer())
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("path", ["README.md", "Makefile", "scripts/smoke_production.py"])
def test_the_readme_make_and_the_smoke_test_serve_with_this_config(path):
    text = (ROOT / path).read_text()
    assert re.search(r"python:ccm_portal\.gunicorn_conf", text)
    assert "--workers 3" not in text


def test_postgresql_connections_are_kept_and_checked_before_reuse(monkeypatch):
    from ccm_portal.settings import base

    monkeypatch.setenv("DATABASE_URL", "postgres://portal@db.example:5432/portal")
    monkeypatch.delenv("DATABASE_CONN_MAX_AGE", raising=False)
    try:
        database = importlib.reload(base).DATABASES["default"]
        assert database["ENGINE"] == "django.db.backends.postgresql"
        assert database["CONN_MAX_AGE"] == 60
        assert database["CONN_HEALTH_CHECKS"] is True
    finally:
        monkeypatch.undo()
        importlib.reload(base)


def test_sqlite_connections_are_kept_between_requests_too(monkeypatch, tmp_path):
    # A new SQLite connection reads the schema again on its first query (bench/page_cpu.py).
    from ccm_portal.settings import base

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/portal.sqlite3")
    monkeypatch.delenv("DATABASE_CONN_MAX_AGE", raising=False)
    try:
        database = importlib.reload(base).DATABASES["default"]
        assert database["ENGINE"] == "django.db.backends.sqlite3"
        assert database["CONN_MAX_AGE"] == 60
        assert database["OPTIONS"]["timeout"] == 20
    finally:
        monkeypatch.undo()
        importlib.reload(base)
