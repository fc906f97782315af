"""Settings for the test suite: the base settings with fast hashing, mail in memory, files in temporary directories."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import STORAGES, private_storage_settings

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="ccm-private-"))
WHITENOISE_USE_FINDERS = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": private_storage_settings(PRIVATE_MEDIA_ROOT),
}
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="ccm-static-"))
