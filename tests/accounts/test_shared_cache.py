"""The login throttle's counters live in a cache that every web process shares."""

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from ccm_portal.accounts.apps import create_cache_tables
from ccm_portal.settings.base import cache_from_url

DATABASE_CACHE = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "ccm_portal_cache"}


def test_cache_url_names_redis_a_table_or_process_memory():
    assert cache_from_url("redis://127.0.0.1:6379/1") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
    }
    assert cache_from_url("db") == DATABASE_CACHE
    assert cache_from_url("")["BACKEND"].endswith("LocMemCache")


def test_cache_url_that_names_nothing_known_is_refused_at_start():
    with pytest.raises(ImproperlyConfigured, match="DJANGO_CACHE_URL"):
        cache_from_url("memcached://somewhere")


def test_production_settings_share_the_cache_through_the_database(monkeypatch):
    import importlib

    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "portal.example.org")
    monkeypatch.delenv("DJANGO_CACHE_URL", raising=False)
    production = importlib.import_module("ccm_portal.settings.production")
    production = importlib.reload(production)
    assert production.CACHES["default"] == DATABASE_CACHE


@pytest.mark.django_db(transaction=True)
def test_migrate_creates_the_table_of_a_database_cache(settings):
    settings.CACHES = {"default": DATABASE_CACHE}
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS ccm_portal_cache")
    create_cache_tables(using="default", verbosity=0)
    assert "ccm_portal_cache" in connection.introspection.table_names()

    # Two processes see one counter: a second handle on the same table reads what the first wrote.
    caches["default"].set("ccm-login:probe", 3)
    assert caches.create_connection("default").get("ccm-login:probe") == 3
    call_command("createcachetable", verbosity=0)  # idempotent: migrate may run it again
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE ccm_portal_cache")
