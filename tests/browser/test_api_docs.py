"""The API's documentation page works in a real browser: Swagger UI renders every operation from
the portal's own static files, under the portal's Content-Security-Policy, asking no other host."""

from urllib.parse import urlsplit

import pytest

from tests.browser.test_content_security_policy import ViolationWatch
from tests.factories import MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_every_operation_without_a_violation_or_another_host(page, live_server):
    MeetingFactory(slug="first-msp")
    watch = ViolationWatch(page)
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    watch.visit("/api/docs/")
    page.locator(".opblock").first.wait_for()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/meetings/{meeting}/sessions/" in [p.replace("\u200b", "") for p in paths]
    # Try one out (the operations open ready to try): the answer comes from the same origin.
    page.locator(".opblock-summary-path").first.click()
    page.get_by_role("button", name="Execute").click()
    page.locator(".live-responses-table .response-col_status").first.wait_for()
    assert "first-msp" in page.locator(".live-responses-table").inner_text()
    watch.collect()
    assert watch.found == []
    assert hosts == {urlsplit(live_server.url).netloc}
