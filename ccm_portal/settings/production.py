"""Production settings: everything in base.py, hardened.

Needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS; serve with gunicorn behind a
TLS-terminating proxy that sets X-Forwarded-Proto.
"""

import os

from .base import *  # noqa: F403
from .base import STORAGES, cache_from_url, env_bool, env_list, require_env, s3_storage_settings

DEBUG = False
# Commands that would publish known passwords (seed_demo) refuse to run where this is set.
PRODUCTION = True
SECRET_KEY = require_env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS") or [require_env("DJANGO_ALLOWED_HOSTS")]
WHITENOISE_USE_FINDERS = False
# Several gunicorn workers (and hosts) must share the login-throttling counters: a table
# in the database unless DJANGO_CACHE_URL names Redis.
CACHES = {"default": cache_from_url(os.environ.get("DJANGO_CACHE_URL", "db"))}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Several hosts share one S3-compatible bucket (README, "More than one machine"); unset, the
# private files stay in PRIVATE_MEDIA_ROOT on this machine.
if _s3 := s3_storage_settings():
    STORAGES["private"] = _s3
