"""The quick start's database: `make run` migrates a new SQLite file and seeds the demo into it with
the default settings, while render jobs run on the background thread, as under runserver."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_migrate_and_seed_demo_fill_a_new_sqlite_file_while_renders_run_in_the_background(tmp_path: Path):
    database = tmp_path / "db.sqlite3"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "RENDER_JOBS_RUNNER", "CELERY_BROKER_URL"}
    }
    env |= {"DATABASE_URL": f"sqlite:///{database}", "PRIVATE_MEDIA_ROOT": str(tmp_path / "private")}

    migrated = manage("migrate", "--noinput", "-v0", env=env)
    assert migrated.returncode == 0, migrated.stderr
    seeded = manage("seed_demo", env=env)

    assert seeded.returncode == 0, seeded.stderr[-3000:]
    assert "database is locked" not in seeded.stderr
    with sqlite3.connect(database) as connection:
        meetings = connection.execute("SELECT count(*) FROM meetings_meeting").fetchone()[0]
        participants = connection.execute("SELECT count(*) FROM delegations_participant").fetchone()[0]
    assert meetings >= 2
    assert participants > 50
