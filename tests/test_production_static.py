"""Static files under the production storage: collectstatic succeeds, and every PDF keeps its layout.

Production collects static files with WhiteNoise's CompressedManifestStaticFilesStorage (a
ManifestStaticFilesStorage): `{% static %}` then writes hashed names, which only the
collected files have. These tests collect once per session into a temporary STATIC_ROOT,
switch the storage to it, and render every PDF the portal produces from the demo data.
"""

import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

import ccm_portal.pdf
from ccm_portal.jobs import services as job_services
from ccm_portal.jobs.models import RenderJob
from ccm_portal.meetings.models import Meeting
from ccm_portal.pdf import StaticOnlyURLFetcher, html_to_pdf
from delegations import badges, services_lists
from demo import outcomes as outcomes_demo
from outcomes.models import OutcomeDocument
from tests.stored_pdfs import body, fetch_pdf

pytestmark = pytest.mark.slow  # collectstatic, the demo data and every PDF

MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"
VENDOR = Path(django_settings.BASE_DIR) / "static" / "vendor"


def _manifest_storages() -> dict:
    return {**django_settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """collectstatic with the production storage, once per test session."""
    root = tmp_path_factory.mktemp("collected-static")
    with override_settings(STATIC_ROOT=root, STORAGES=_manifest_storages()):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def manifest_static(settings, collected_static) -> dict[str, str]:
    """This test sees the collected files through the manifest storage; returns the manifest's paths."""
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = _manifest_storages()
    settings.WHITENOISE_USE_FINDERS = False
    return json.loads((collected_static / "staticfiles.json").read_text())["paths"]


@pytest.fixture
def fetchers(monkeypatch) -> list[StaticOnlyURLFetcher]:
    """Every fetcher the renderer creates during the test, to see what it served and refused."""
    created = []

    class RecordingFetcher(StaticOnlyURLFetcher):
        def __init__(self):
            super().__init__()
            created.append(self)

    monkeypatch.setattr(ccm_portal.pdf, "StaticOnlyURLFetcher", RecordingFetcher)
    return created


@pytest.fixture
def demo(db, seeded_demo, settings):
    """The 1MSP of the demo data, seeded once for this module."""
    settings.RENDER_JOBS_RUNNER = "inline"
    return Meeting.objects.get(slug="1msp")


def _pages(pdf: bytes) -> list[str]:
    assert pdf.startswith(b"%PDF-")
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _assert_page_footers(pages: list[str]):
    """document.css prints "n / N" at the foot of every page: there only if the stylesheet was read."""
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"{number} / {total}" in text, f"page {number} has no footer"


def _assert_served_hashed(fetchers, manifest, *names):
    assert fetchers, "the renderer was not called"
    refused = [url for f in fetchers for url in f.refused]
    served = {url for f in fetchers for url in f.served}
    assert refused == []
    for name in names:
        assert f"https://ccm-portal.invalid/static/{manifest[name]}" in served, name


def _job_pdf(job) -> bytes:
    for pk in RenderJob.objects.filter(status="queued").values_list("pk", flat=True):
        job_services.execute(pk)
    job.refresh_from_db()
    assert job.status == RenderJob.Status.DONE, job.error
    with job.file.open("rb") as handle:
        return handle.read()


def _response_pdf(response) -> bytes:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return body(response)


# --- collectstatic ------------------------------------------------------------------------


def test_collectstatic_with_the_production_storage_writes_a_manifest_with_the_favicon_and_the_css(
    collected_static,
):
    paths = json.loads((collected_static / "staticfiles.json").read_text())["paths"]

    for name in [
        "favicon.svg",
        "css/portal.css",
        "pdf/document.css",
        "vendor/bootstrap/bootstrap.min.css",
        "vendor/bootstrap/bootstrap.rtl.min.css",
        "vendor/bootstrap/bootstrap.bundle.min.js",
    ]:
        assert name in paths, name
        assert re.search(r"\.[0-9a-f]{12}\.", paths[name]), paths[name]
        assert (collected_static / paths[name]).is_file()


def test_every_source_map_a_vendored_file_names_is_shipped_and_every_file_matches_its_package():
    sources = json.loads((VENDOR / "SOURCES.json").read_text())["files"]
    shipped = {p.relative_to(VENDOR).as_posix() for p in VENDOR.rglob("*") if p.is_file()} - {"SOURCES.json"}

    assert shipped == set(sources)
    for relative, source in sources.items():
        assert hashlib.sha256((VENDOR / relative).read_bytes()).hexdigest() == source["sha256"], relative
    for relative in shipped:
        if relative.endswith((".css", ".js")):
            for mapped in re.findall(r"sourceMappingURL=(\S+?)(?:\s|\*/|$)", (VENDOR / relative).read_text()):
                assert (VENDOR / relative).parent.joinpath(mapped).is_file(), (relative, mapped)
    for licence in ["bootstrap/LICENSE", "bootstrap/LICENSE.popper.md"]:
        assert licence in shipped


# --- the fetcher --------------------------------------------------------------------------


def test_the_fetcher_reads_hashed_names_from_the_collected_files_and_refuses_the_rest(manifest_static):
    hashed = manifest_static["pdf/document.css"]
    fetcher = StaticOnlyURLFetcher()
    body = (
        f'<link rel="stylesheet" href="/static/{hashed}">'
        '<img src="/static/pdf/not-collected.png">'
        '<img src="/static/../staticfiles.json">'
        '<img src="/static/%2e%2e/%2e%2e/etc/passwd">'
        '<img src="file:///etc/passwd">'
        '<img src="https://evil.example/static/favicon.svg">'
        "<p>Text</p>"
    )

    html_to_pdf(f"<!doctype html><html><body>{body}</body></html>", fetcher=fetcher)

    assert fetcher.served == [f"https://ccm-portal.invalid/static/{hashed}"]
    assert len(fetcher.refused) == 5
    assert "https://evil.example/static/favicon.svg" in fetcher.refused
    assert "file:///etc/passwd" in fetcher.refused


def test_the_fetcher_does_not_serve_files_of_static_root_the_manifest_does_not_list(manifest_static, collected_static):
    (collected_static / "pdf" / "planted.css").write_text("body { color: red; }")
    fetcher = StaticOnlyURLFetcher()

    html_to_pdf('<link rel="stylesheet" href="/static/pdf/planted.css"><p>x</p>', fetcher=fetcher)

    assert fetcher.served == []
    assert fetcher.refused == ["https://ccm-portal.invalid/static/pdf/planted.css"]


# --- every PDF kind, under the manifest storage ---------------------------------------------


@pytest.mark.parametrize(("variant", "min_pages"), [("public", 2), ("complete", 2)])
def test_the_lists_of_participants_keep_their_page_footer(demo, manifest_static, fetchers, variant, min_pages):
    job, _how = services_lists.request_lop_pdf(meeting=demo, variant=variant)

    pages = _pages(_job_pdf(job))

    assert len(pages) >= min_pages
    _assert_page_footers(pages)
    _assert_served_hashed(fetchers, manifest_static, "pdf/document.css")


def test_the_badges_render_with_nothing_refused(demo, manifest_static, fetchers):
    job, _how = services_lists.request_badges(meeting=demo, params={"set": "all"})

    pages = _pages(_job_pdf(job))

    count = len(job.meta["participant_ids"])
    assert len(pages) == -(-count // badges.BADGES_PER_PAGE)
    assert fetchers
    assert [url for f in fetchers for url in f.refused] == []


def test_the_credentials_report_keeps_its_page_footer(client, demo, manifest_static, fetchers, secretariat):
    client.force_login(secretariat)

    pages = _pages(_response_pdf(client.get(reverse("delegations:credentials_report_pdf", args=[demo.slug]))))

    assert "Report on credentials" in pages[0]
    _assert_page_footers(pages)
    _assert_served_hashed(fetchers, manifest_static, "pdf/document.css")


@pytest.mark.parametrize("kind", ["agenda_pdf", "programme_pdf"])
def test_the_agenda_and_the_programme_keep_their_layout(client, demo, manifest_static, fetchers, kind):
    pages = _pages(_response_pdf(fetch_pdf(client, reverse(f"ccm_sessions:{kind}", args=[demo.slug]))))

    assert "CCM/MSP/2010/" in pages[0]
    _assert_page_footers(pages)
    _assert_served_hashed(fetchers, manifest_static, "pdf/document.css", "pdf/sessions.css")


def _outcome_pdf(client, secretariat, url_name, *args, query="") -> list[str]:
    client.force_login(secretariat)
    # Revision PDFs are stored copies: the first request queues the render (tests.stored_pdfs).
    return _pages(_response_pdf(fetch_pdf(client, reverse(f"outcomes:{url_name}", args=args) + query)))


def test_the_action_plan_rev1_keeps_the_un_layout_and_the_draft_watermark(
    client, demo, manifest_static, fetchers, secretariat
):
    plan = OutcomeDocument.objects.get(title=outcomes_demo.PLAN_TITLE)
    rev1 = plan.revisions.order_by("number").last()

    pages = _outcome_pdf(client, secretariat, "revision_pdf", plan.pk, rev1.number)

    assert len(pages) == 7
    _assert_page_footers(pages)
    assert "CCM/MSP/2010/WP.1/Rev.1" in pages[0]
    assert all("Draft" in page for page in pages)  # the fixed watermark is printed on every page
    _assert_served_hashed(fetchers, manifest_static, "pdf/document.css", "pdf/outcomes.css")


def test_the_published_declaration_keeps_its_layout_without_a_watermark(
    client, demo, manifest_static, fetchers, secretariat
):
    declaration = OutcomeDocument.objects.get(title=outcomes_demo.DECLARATION_TITLE)
    adopted = declaration.revisions.order_by("number").last()

    pages = _outcome_pdf(client, secretariat, "revision_pdf", declaration.pk, adopted.number)

    assert len(pages) == 2
    _assert_page_footers(pages)
    assert not any("Draft" in page for page in pages)
    _assert_served_hashed(fetchers, manifest_static, "pdf/document.css", "pdf/outcomes.css")


def test_the_working_text_and_the_comparison_keep_their_layout(client, demo, manifest_static, fetchers, secretariat):
    plan = OutcomeDocument.objects.get(title=outcomes_demo.PLAN_TITLE)
    first, rev1 = plan.revisions.order_by("number")

    working = _outcome_pdf(client, secretariat, "working_pdf", plan.pk)
    comparison = _outcome_pdf(
        client, secretariat, "compare_pdf", plan.pk, query=f"?from={first.number}&to={rev1.number}"
    )

    assert (len(working), len(comparison)) == (7, 5)
    _assert_page_footers(working)
    _assert_page_footers(comparison)
    _assert_served_hashed(fetchers, manifest_static, "pdf/document.css", "pdf/outcomes.css")
