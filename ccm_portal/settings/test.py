"""Settings for the test suite: the base settings with fast hashing, mail in memory, files in temporary directories.

The private and static files go to one temporary directory, removed when the process that
made it exits; processes it starts (a process pool, a test server) inherit it through
CCM_TEST_TMPDIR instead of making their own, so no /tmp/ccm-* folder is left behind. Under
pytest-xdist (`make test` runs two workers) each worker keeps its files in a folder of its own
inside it, named after the worker (gw0, gw1), so one worker never sees or removes the other's.
"""

import atexit
import os
import shutil
import tempfile
import time
from pathlib import Path

from .base import *  # noqa: F403
from .base import STORAGES, private_storage_settings

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if os.environ.get("CCM_TEST_TMPDIR"):
    TEST_TMPDIR = Path(os.environ["CCM_TEST_TMPDIR"])
else:
    TEST_TMPDIR = Path(tempfile.mkdtemp(prefix="ccm-test-"))
    os.environ["CCM_TEST_TMPDIR"] = str(TEST_TMPDIR)
    # When this test run began, for the processes it starts (tests/browser/helpers.py).
    os.environ["CCM_TEST_RUN_STARTED"] = str(time.time())
    _owner = os.getpid()
    # Only the process that made the directory removes it (a forked child exits without atexit).
    atexit.register(lambda: os.getpid() == _owner and shutil.rmtree(TEST_TMPDIR, ignore_errors=True))
if os.environ.get("PYTEST_XDIST_WORKER"):
    TEST_TMPDIR = TEST_TMPDIR / os.environ["PYTEST_XDIST_WORKER"]
PRIVATE_MEDIA_ROOT = TEST_TMPDIR / "private"
PRIVATE_MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": private_storage_settings(PRIVATE_MEDIA_ROOT),
}
STATIC_ROOT = TEST_TMPDIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
