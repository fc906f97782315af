"""The benchmark's bare view exists only where BENCH_HELLO turns it on."""

import importlib

import pytest
from django.test import override_settings
from django.urls import clear_url_caches, resolve, reverse
from django.urls.exceptions import NoReverseMatch, Resolver404

import ccm_portal.urls


def reload_urls():
    clear_url_caches()
    return importlib.reload(ccm_portal.urls)


def test_bench_hello_is_not_routed_under_normal_settings(client, settings):
    assert settings.BENCH_HELLO is False
    response = client.get("/bench/hello/")
    assert response.status_code == 404
    with pytest.raises(NoReverseMatch):
        reverse("bench_hello")


def test_bench_hello_answers_through_the_middleware_when_turned_on(client):
    try:
        with override_settings(BENCH_HELLO=True, ROOT_URLCONF="ccm_portal.urls"):
            reload_urls()
            response = client.get("/bench/hello/")
            assert response.status_code == 200
            assert response.content == b"Hello"
            # The portal's security headers: the same middleware as every page.
            assert "Content-Security-Policy" in response.headers
    finally:
        reload_urls()
    with pytest.raises(Resolver404):
        resolve("/bench/hello/")
