"""/metrics (ccm_portal/metrics.py): Prometheus text for a scraper with the token, nothing for anyone else."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from ccm_portal.logs import JsonFormatter
from delegations import services_lists
from tests.delegations.factories_lists import run_jobs

TOKEN = "metrics-token-for-the-tests"


@pytest.fixture
def scraper(settings):
    settings.METRICS_TOKEN = TOKEN
    return Client(HTTP_AUTHORIZATION=f"Bearer {TOKEN}")


def test_metrics_are_not_served_at_all_without_a_configured_token(client, settings):
    settings.METRICS_TOKEN = ""

    response = client.get("/metrics")

    assert response.status_code == 404
    assert b"ccm_" not in response.content


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x"])
def test_an_anonymous_or_wrong_caller_gets_401_and_no_metrics(client, scraper, authorization):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}

    response = client.get("/metrics", **headers)

    assert response.status_code == 401
    assert b"ccm_" not in response.content


@pytest.mark.django_db
def test_the_scraper_sees_requests_by_view_and_status_latencies_queries_and_render_jobs(scraper, client, world):
    client.get(reverse("home"))
    client.get("/no-such-page/")
    services_lists.request_lop_pdf(meeting=world["meeting"], variant="public")
    assert run_jobs() == ["done"]
    services_lists.request_lop_pdf(meeting=world["meeting"], variant="complete")

    response = scraper.get("/metrics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert 'ccm_http_requests_total{method="GET",status="200",view="home"}' in text
    assert 'ccm_http_requests_total{method="GET",status="404",view="unresolved"}' in text
    assert 'ccm_http_request_duration_seconds_bucket{le="0.01",view="home"}' in text
    assert 'ccm_db_queries_total{view="home"}' in text
    assert 'ccm_render_jobs{kind="delegations.lop",state="done"} 1.0' in text
    assert 'ccm_render_jobs{kind="delegations.lop",state="queued"} 1.0' in text
    assert 'ccm_render_job_duration_seconds_gcount{kind="delegations.lop"} 1.0' in text
    assert "/metrics" not in text  # the scrape itself is not counted as a page


def test_json_formatter_writes_one_object_per_line_with_the_request_s_path_and_the_traceback():
    try:
        raise ValueError("broken")
    except ValueError:
        record = logging.getLogger("django.request").makeRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/x/",), sys.exc_info()
        )
    record.status_code = 500
    record.request = type("Request", (), {"method": "POST", "path": "/x/", "COOKIES": {"sessionid": "s"}})()

    line = JsonFormatter().format(record)

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "django.request"
    assert entry["message"] == "Internal Server Error: /x/"
    assert (entry["status_code"], entry["method"], entry["path"]) == (500, "POST", "/x/")
    assert "ValueError: broken" in entry["exception"]
    assert "sessionid" not in line


def test_django_log_format_json_switches_the_console_to_json_lines():
    script = "import django, logging; django.setup(); logging.getLogger('ccm.test').warning('hello %s', 'json')"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ccm_portal.settings.test", "DJANGO_LOG_FORMAT": "json"}

    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )

    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert [json.loads(line)["message"] for line in lines] == ["hello json"]
