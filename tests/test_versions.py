"""Version tokens and what a process keeps under them (ccm_portal/versions.py)."""

import pytest
from django.core.signals import request_finished, request_started

from ccm_portal import versions

pytestmark = pytest.mark.django_db


def test_a_value_kept_under_a_token_is_computed_again_once_the_token_is_replaced():
    computed = []

    def compute():
        computed.append(1)
        return len(computed)

    first = versions.local_value(versions.token("test-thing"), "test-thing", compute)
    again = versions.local_value(versions.token("test-thing"), "test-thing", compute)
    versions.replace_token("test-thing")
    after = versions.local_value(versions.token("test-thing"), "test-thing", compute)

    assert (first, again, after) == (1, 1, 2)


def test_within_a_request_a_token_is_read_once_until_the_request_replaces_it(monkeypatch):
    reads = []
    real_get_many = versions.cache.get_many
    monkeypatch.setattr(versions.cache, "get_many", lambda keys: reads.extend(keys) or real_get_many(keys))
    request_started.send(sender=None)
    try:
        first = versions.token("test-request")
        assert versions.token("test-request") == first
        assert len(reads) <= 2  # one read, and one more only when the token is new
        reads.clear()
        versions.replace_token("test-request")
        assert versions.token("test-request") != first
        assert len(reads) == 1
    finally:
        request_finished.send(sender=None)
