"""Settings read from the environment.

With no environment at all the portal runs on SQLite with e-mail printed to the
console; `DATABASE_URL`, `EMAIL_HOST` and friends switch to real services.
Production hardening lives in `production.py`, which imports this module.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ccm_portal.un_states import STATES

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

# A development key only; production.py refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "dev-only-insecure-key-change-me-ccm-portal"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before the admin: content entered per language (README "Languages"); its admin classes
    # and the translation.py of meetings and sessions register the translated fields.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_tables2",
    "django_countries",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    # django-ninja (the open API, ccm_portal/api/): listed for the Swagger UI files it ships as static files.
    "ninja",
    # Imports every app's rules.py at start-up: the one registry of who may do what.
    "rules.apps.AutodiscoverRulesConfig",
    "ccm_portal.accounts",
    "ccm_portal.audit",
    "ccm_portal.meetings",
    "ccm_portal.jobs",
    "ccm_portal.mail",
    "ccm_portal.idempotency",
    # The register of document symbols: below the apps that produce documents, which import it.
    "ccm_portal.documents",
    "delegations",
    "sessions.apps.SessionsConfig",
    "outcomes",
    # The final report, assembled from delegations, sessions and outcomes: above them, below privacy.
    "proceedings",
    # Article 7 reports: above outcomes (its markup renders the reports' text), below privacy.
    "reporting",
    "ccm_portal.privacy",
    "ccm_portal.backups",
    # Last: the demonstration data imports every app above and no app imports it.
    "demo",
]

MIDDLEWARE = [
    # First: /healthz, /readyz and /metrics answer before the host check, the HTTPS redirect and
    # sessions (a load balancer probes an instance's address over plain HTTP; ccm_portal/health.py).
    "ccm_portal.health.HealthCheckMiddleware",
    # Requests by view and status, latencies and database queries for /metrics (ccm_portal/metrics.py).
    "ccm_portal.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # On a meeting's pages, times are shown and read in the meeting's time zone.
    "ccm_portal.meetings.timezones.MeetingTimeZoneMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After LocaleMiddleware and authentication: sends a GET of an unprefixed (English) URL
    # to the visitor's chosen language (ccm_portal/languages/).
    "ccm_portal.languages.middleware.PreferredLanguageMiddleware",
    # Before anything reads the body: answers 413 above MAX_REQUEST_BYTES.
    "ccm_portal.request_limits.RequestSizeLimitMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ccm_portal.accounts.middleware.StaffIdleTimeoutMiddleware",
    "ccm_portal.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # An unreachable file store answers a 503 page, not a 500 (ccm_portal/storage.py).
    "ccm_portal.storage.StorageUnavailableMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ccm_portal.urls"
WSGI_APPLICATION = "ccm_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "ccm_portal.languages.context_processors.language_alternates",
                "ccm_portal.context_processors.portal_identity",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite needs no configuration at all; DATABASE_URL switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A kept connection is checked before a request reuses it: a restarted PostgreSQL costs a reconnection.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once under concurrent requests.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # A transaction takes the write lock when it begins. SQLite's default (DEFERRED) takes it at
    # the first write, and a transaction that has read and then wants to write while another
    # connection writes (a background render saving its progress) fails at once with "database is
    # locked": the timeout above only waits for a lock that has not been half taken.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    # The connection is kept between requests as on PostgreSQL (DATABASE_CONN_MAX_AGE): a new
    # one reads the whole schema again on its first query, which made a cached public page
    # cost twice the CPU (bench/page_cpu.py). A restore writes into the same file through
    # sqlite3's backup API, which kept connections of other processes see.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_from_url(url: str) -> dict:
    """The default cache for DJANGO_CACHE_URL: `redis://...`, `db` (a table), or `locmem`.

    Login throttling (tiers 2 and 3) counts in this cache, so every process that serves
    requests must share it: the production settings default to the database table,
    which `migrate` creates (ccm_portal/accounts/apps.py).
    """
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url == "db":
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "ccm_portal_cache"}
    if url in ("", "locmem"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ImproperlyConfigured(f"DJANGO_CACHE_URL must be redis://..., db or locmem, not {url!r}.")


CACHES = {"default": cache_from_url(os.environ.get("DJANGO_CACHE_URL", ""))}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Throttles failed logins per (account, address) pair: a venue behind one
    # address is never locked out because one delegate mistyped a password.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Links in e-mails work for hours, not days.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2
EMAIL_CONFIRMATION_TIMEOUT = 60 * 60 * 12
# Secretariat and admin sessions end after this long without a request of theirs.
STAFF_IDLE_TIMEOUT = timedelta(minutes=int(os.environ.get("DJANGO_STAFF_IDLE_MINUTES", "30")))
# The open API (ccm_portal/api/): requests per client address, and how long an answer may be kept.
API_RATE_LIMIT = os.environ.get("DJANGO_API_RATE_LIMIT", "120/min")
API_MAX_AGE_SECONDS = int(os.environ.get("DJANGO_API_MAX_AGE_SECONDS", "60"))
OTP_TOTP_ISSUER = "CCM Portal"
# The admin lists second-factor devices without their secret keys.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The login form posts the address as "username"; axes must count that field,
# lower-cased, since logins ignore case.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "ccm_portal.accounts.throttling.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client address: REMOTE_ADDR unless a proxy header is configured. Trust a header
# only behind a proxy that sets it: otherwise any client can write any address into it.
TRUSTED_PROXY_HEADER = os.environ.get("DJANGO_TRUSTED_PROXY_HEADER", "")
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "1"))
AXES_CLIENT_IP_CALLABLE = "ccm_portal.accounts.throttling.client_ip"
# Tiers 2 and 3 of ccm_portal/accounts/throttling.py, counted in the cache.
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
LOGIN_ADDRESS_WINDOW = timedelta(minutes=int(os.environ.get("LOGIN_ADDRESS_WINDOW_MINUTES", "15")))
LOGIN_ACCOUNT_SOFT_LIMIT = int(os.environ.get("LOGIN_ACCOUNT_SOFT_LIMIT", "10"))
LOGIN_ACCOUNT_WINDOW = timedelta(hours=int(os.environ.get("LOGIN_ACCOUNT_WINDOW_HOURS", "24")))
LOGIN_ACCOUNT_BASE_DELAY = int(os.environ.get("LOGIN_ACCOUNT_BASE_DELAY", "5"))
LOGIN_ACCOUNT_MAX_DELAY = int(os.environ.get("LOGIN_ACCOUNT_MAX_DELAY", "300"))
AXES_VERBOSE = False

# The six official languages of the United Nations, each named in itself (the switcher
# shows these names untranslated). English URLs have no prefix; the others are served
# under /ar/, /es/, /fr/, /ru/ and /zh-hans/ (ccm_portal/urls.py, README "Languages").
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", "العربية"),
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("zh-hans", "中文"),
]
# The catalogues: `make messages` updates the .po files, `make setup` compiles them.
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates are shown in named formats ("DATE_FORMAT"); English ones follow the UN style (ccm_portal/formats).
FORMAT_MODULE_PATH = ["ccm_portal.formats"]
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Content entered per language (django-modeltranslation): one column per language, e.g. title_fr.
# English is the column the existing text was copied into; a reader whose language has no text
# sees the first language that has one, so a row's original text is never lost or blank.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh-hans")
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = DEBUG

# Uploaded documents are private: kept outside the static/media tree and only
# ever streamed by a view that checks who is asking.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))


def private_storage_settings(root):
    """The "private" alias (ccm_portal/storage.py): every private file. No URL serves it (MEDIA_URL has
    no route); a view streams a file after checking who asks. Another backend goes here, by settings."""
    return {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": root}}


def s3_storage_settings(environ=None) -> dict | None:
    """The "private" alias on an S3-compatible store (ccm_portal/object_storage.py), or None when
    DJANGO_STORAGE_S3_BUCKET is unset. Objects are private; downloads are streamed by the portal."""
    environ = os.environ if environ is None else environ
    bucket = environ.get("DJANGO_STORAGE_S3_BUCKET", "")
    if not bucket:
        return None
    options = {
        "bucket_name": bucket,
        "endpoint_url": environ.get("DJANGO_STORAGE_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("DJANGO_STORAGE_S3_REGION") or None,
        # Unset: boto3's own chain (AWS_* variables, an instance role) finds credentials.
        "access_key": environ.get("DJANGO_STORAGE_S3_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("DJANGO_STORAGE_S3_SECRET_ACCESS_KEY") or None,
        "location": environ.get("DJANGO_STORAGE_S3_PREFIX", "").strip("/"),
        "addressing_style": environ.get("DJANGO_STORAGE_S3_ADDRESSING_STYLE") or None,
        "default_acl": "private",
        "signature_version": "s3v4",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    return {"BACKEND": "ccm_portal.object_storage.PrivateS3Storage", "OPTIONS": options}


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    "private": private_storage_settings(PRIVATE_MEDIA_ROOT),
}
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Whole request bodies above this are refused with 413 (ccm_portal/request_limits.py); keep
# the reverse proxy's client_max_body_size the same.
MAX_REQUEST_BYTES = int(os.environ.get("DJANGO_MAX_REQUEST_BYTES", MAX_UPLOAD_BYTES + 1024 * 1024))
# Uploaded PDFs (ccm_portal/uploads.py): at most this many pages, and no stream inflating
# beyond MAX_PDF_STREAM_BYTES, nor all of them together beyond MAX_PDF_DECODED_BYTES.
MAX_PDF_PAGES = 1000
MAX_PDF_STREAM_BYTES = 50 * 1024 * 1024
MAX_PDF_DECODED_BYTES = 100 * 1024 * 1024
# Uploaded photos (ccm_portal/uploads.py check_image): JPEG or PNG only, at most this many
# bytes and pixels (a small file can declare a huge canvas: decompression bomb).
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024

# Only the 197 states that can join the Convention, never ISO's territories and areas
# (ccm_portal/un_states.py says which and why).
COUNTRIES_ONLY = STATES

# State names as the United Nations writes them (its short names, UNTERM and the M49 list),
# where django-countries' ISO 3166 names or their translations differ. Each is translated
# in locale/<language>/LC_MESSAGES/django.po with the UN's short name in that language.
COUNTRIES_OVERRIDE = {
    "BN": _("Brunei Darussalam"),
    "BO": _("Bolivia (Plurinational State of)"),
    "BS": _("Bahamas"),
    "CD": _("Democratic Republic of the Congo"),
    "CI": _("Côte d'Ivoire"),
    "CV": _("Cabo Verde"),
    "CZ": _("Czechia"),
    "FM": _("Micronesia (Federated States of)"),
    "GB": _("United Kingdom of Great Britain and Northern Ireland"),
    "IR": _("Iran (Islamic Republic of)"),
    "KP": _("Democratic People's Republic of Korea"),
    "KR": _("Republic of Korea"),
    "LA": _("Lao People's Democratic Republic"),
    "MD": _("Republic of Moldova"),
    "MK": _("North Macedonia"),
    "NL": _("Netherlands (Kingdom of the)"),
    "NR": _("Nauru"),
    "PS": _("State of Palestine"),
    "RU": _("Russian Federation"),
    "SY": _("Syrian Arab Republic"),
    "SZ": _("Eswatini"),
    "TL": _("Timor-Leste"),
    "TR": _("Türkiye"),
    "TZ": _("United Republic of Tanzania"),
    "US": _("United States of America"),
    "VA": _("Holy See"),
    "VE": _("Venezuela (Bolivarian Republic of)"),
    "VN": _("Viet Nam"),
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail goes to the console unless an SMTP host is configured.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "CCM Portal <no-reply@ccm-portal.example>")
# The address people write to with questions: in every e-mail's sign-off and in the footer.
PORTAL_CONTACT_EMAIL = os.environ.get("PORTAL_CONTACT_EMAIL", "") or DEFAULT_FROM_EMAIL
# The secretariat's emblem in the header: a static file path (e.g. "img/emblem.svg"); empty shows none.
PORTAL_EMBLEM = os.environ.get("PORTAL_EMBLEM", "")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Every page loads its scripts and styles from our own static files only: no inline
# <script>, no on*= or hx-on handlers, no style= attributes (tests/test_security_headers.py
# keeps it so). Downloads set their own stricter policy (ccm_portal/downloads.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# The check-in desk reads badges with a keyboard-wedge scanner, not the camera.
# WebAuthn (publickey-credentials-*) keeps its default, this origin only.
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "browsing-topics": [],
    "interest-cohort": [],
}

# DJANGO_LOG_FORMAT=json: one JSON object per line (ccm_portal/logs.py), for a log collector.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "ccm_portal.logs.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", **({"formatter": "json"} if LOG_FORMAT == "json" else {})}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}


def require_env(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return value


# /metrics answers a scraper that sends "Authorization: Bearer <this>"; empty: /metrics is 404.
METRICS_TOKEN = os.environ.get("DJANGO_METRICS_TOKEN", "")
# Seconds /readyz waits for all its checks (database, cache, broker, storage) together.
READYZ_TIMEOUT = float(os.environ.get("DJANGO_READYZ_TIMEOUT", "3"))

# Used to build links in e-mails sent outside a request (decisions, reminders).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# bench/http.py only: routes /bench/hello/, the bare view its load is compared with.
BENCH_HELLO = env_bool("BENCH_HELLO", False)

# A request to join a delegation that its focal point leaves unanswered this many days
# appears on the secretariat's accreditation dashboard (delegations/selectors.py).
JOIN_REQUEST_ESCALATION_DAYS = int(os.environ.get("JOIN_REQUEST_ESCALATION_DAYS", "3"))


# Background rendering (lists of participants, badges): ccm_portal/jobs.
# With CELERY_BROKER_URL set (production: redis://127.0.0.1:6379/0) jobs go to the
# broker and `celery -A ccm_portal worker` renders them. Unset (the embedded
# default), no extra service is needed: a thread of the web process renders the
# jobs one at a time after the request has committed and returned, and the page
# polls for progress. RENDER_JOBS_RUNNER ("celery", "thread" or "inline") overrides.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
RENDER_JOBS_RUNNER = os.environ.get("RENDER_JOBS_RUNNER") or ("celery" if CELERY_BROKER_URL else "thread")
RENDER_JOBS_THREADS = 1
# A queued or running job that reports nothing for this long is considered lost.
RENDER_JOBS_STALE_AFTER = int(os.environ.get("RENDER_JOBS_STALE_AFTER", str(15 * 60)))
# Above this many badges a set is split into one chunk of whole sheets per worker, drawn by
# RENDER_CHUNK_WORKERS processes (default: one per core) forked by whatever runs the job,
# and merged (ccm_portal/jobs/chunks.py): 1,500 badges take both cores instead of one.
RENDER_CHUNK_ROWS = int(os.environ.get("RENDER_CHUNK_ROWS", "300"))
RENDER_CHUNK_WORKERS = int(os.environ.get("RENDER_CHUNK_WORKERS", "0")) or None
# Without a broker, a task called directly (.delay()) runs at once rather than
# trying to reach a broker that does not exist.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "ccm-portal")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 9 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# A request that queues a job must not hang when the broker is down.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
# Longer than the time limit, so Redis does not hand a long render to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}

# Outgoing e-mail (ccm_portal/mail): every message is written to an outbox and sent after
# commit; those that failed are retried by `manage.py send_queued_mail` and, with Celery,
# by beat every MAIL_RETRY_SECONDS (ccm_portal/celery.py), until MAIL_MAX_ATTEMPTS failures.
MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "48"))
MAIL_RETRY_SECONDS = int(os.environ.get("MAIL_RETRY_SECONDS", "300"))
