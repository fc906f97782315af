"""Security headers on every kind of response, and templates that keep the policy possible.

The Content-Security-Policy allows scripts and styles from our own origin only, so a
template with an inline <script>, an on*= or hx-on handler or a style= attribute would
break in the browser: the template check below stops that before it ships.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'"
)


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_permissions_policy(response):
    items = [item.split("=", 1) for item in response["Permissions-Policy"].split(",")]
    policy = {name.strip(): allowed.strip() for name, allowed in items}
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics", "interest-cohort"):
        assert policy[feature] == "()", feature


def test_html_page_carries_the_full_policy_without_unsafe_inline(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert csp_directives(response["Content-Security-Policy"]) == csp_directives(EXPECTED_CSP)
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert_permissions_policy(response)
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_logged_in_page_and_htmx_partial_carry_the_policy(client, secretariat):
    meeting = MeetingFactory()
    client.force_login(secretariat)

    page = reverse("delegations:checkin", args=[meeting.slug])
    partial = reverse("delegations:checkin_counts", args=[meeting.slug])
    for url, headers in ((page, {}), (partial, {"HX-Request": "true"})):
        response = client.get(url, headers=headers)
        assert response.status_code == 200, url
        assert "script-src 'self'" in response["Content-Security-Policy"], url
        assert_permissions_policy(response)


def test_pdf_download_keeps_its_sandbox_policy_and_gets_the_permissions_policy(client, secretariat):
    meeting = MeetingFactory()
    client.force_login(secretariat)

    response = client.get(reverse("delegations:credentials_report_pdf", args=[meeting.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    # The download helper's stricter policy wins over the page policy.
    assert csp_directives(response["Content-Security-Policy"]) == {"default-src": ["'none'"], "sandbox": []}
    assert_permissions_policy(response)
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_static_file_served_by_whitenoise_carries_the_headers(settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client = Client()  # a new handler, so WhiteNoise is built with these settings

    response = client.get("/static/css/portal.css")

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"/* Portal colours")
    assert csp_directives(response["Content-Security-Policy"]) == csp_directives(EXPECTED_CSP)
    assert_permissions_policy(response)


def test_calendar_export_carries_the_headers(client):
    meeting = MeetingFactory()

    response = client.get(reverse("ccm_sessions:programme_ics", args=[meeting.slug]))

    assert response.status_code == 200
    assert response["Content-Security-Policy"]
    assert_permissions_policy(response)


# --- templates -------------------------------------------------------------------------

BASE = Path(django_settings.BASE_DIR)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)
# Data blocks (json_script) are not executed, so the policy does not apply to them.
DATA_BLOCK = re.compile(r"""\btype\s*=\s*["']?application/(ld\+)?json""", re.I)
FORBIDDEN = {
    "an on*= event handler": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I | re.S),
    "an hx-on handler": re.compile(r"\b(data-)?hx-on[:\-]", re.I),
    "a style= attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I | re.S),
    "a <style> element": re.compile(r"<style\b", re.I),
    "a javascript: URL": re.compile(r"javascript:", re.I),
}


def browser_templates():
    """Every template a browser renders; PDF templates go to WeasyPrint, not to a browser."""
    folders = [BASE / "templates", *BASE.glob("*/templates"), *BASE.glob("ccm_portal/*/templates")]
    for folder in folders:
        for path in sorted(folder.rglob("*.html")):
            if "pdf" not in path.relative_to(folder).parts:
                yield path


def policy_breaches(text: str) -> list[str]:
    found = []
    for match in SCRIPT_TAG.finditer(text):
        attributes = match.group(1)
        if not re.search(r"\bsrc\s*=", attributes) and not DATA_BLOCK.search(attributes):
            found.append("an inline <script>")
    for what, pattern in FORBIDDEN.items():
        if pattern.search(text):
            found.append(what)
    return found


def test_the_template_check_recognises_each_breach():
    assert policy_breaches("<script>alert(1)</script>") == ["an inline <script>"]
    assert policy_breaches('<script src="/static/js/a.js" defer></script>') == []
    assert policy_breaches('<script type="application/json" id="x">{}</script>') == []
    assert policy_breaches('<button class="b"\n onclick="go()">') == ["an on*= event handler"]
    assert policy_breaches('<form hx-on::after-request="this.reset()">') == ["an hx-on handler"]
    assert policy_breaches('<div class="p" style="width: 5%">') == ["a style= attribute"]
    assert policy_breaches("<style>body{}</style>") == ["a <style> element"]
    assert policy_breaches('<a href="javascript:void(0)">') == ["a javascript: URL"]
    assert policy_breaches('<div data-onload="x" data-reset-after-request="input">') == []


def test_no_browser_template_needs_unsafe_inline():
    templates = list(browser_templates())
    assert len(templates) > 50  # the walk really found the apps' templates

    breaches = {
        str(path.relative_to(BASE)): found for path in templates if (found := policy_breaches(path.read_text()))
    }

    assert breaches == {}
