"""Benchmark: how tall the drafters' workspace of the demonstration Vientiane Action Plan is.

Run: .venv/bin/python bench/workspace_height.py
Loads the demonstration data (seed_demo) into a fresh SQLite database, serves it on a local
port, logs in as the presidency's focal point (a drafter of the plan) in Chromium
(/usr/bin/chromium or CHROMIUM_PATH) and prints one line per width: `workspace_height_px_1280`
and `workspace_height_px_390` (the page's scroll height), then `workspace_tab_rows_390` (how
many lines the document's tabs take on a phone: 1 when they scroll instead of wrapping).
"""

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Off the path: this folder holds http.py, which would stand in for the standard library's http.
sys.path[:] = [str(ROOT), *(entry for entry in sys.path if Path(entry).resolve() != ROOT / "bench")]
os.environ["DJANGO_SETTINGS_MODULE"] = "ccm_portal.settings.test"
WORKDIR = tempfile.mkdtemp(prefix="ccm-bench-")
atexit.register(shutil.rmtree, WORKDIR, ignore_errors=True)
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR}/bench.sqlite3"
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop here

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles.handlers import StaticFilesHandler  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer  # noqa: E402
from django.db import connections  # noqa: E402
from django.test.testcases import LiveServerThread  # noqa: E402

from demo.outcomes import PLAN_TITLE, PRESIDENCY_EMAIL  # noqa: E402
from outcomes.models import OutcomeDocument  # noqa: E402

PASSWORD = os.environ.get("SEED_DELEGATE_PASSWORD", "ccm-delegate-2010")
WIDTHS = {1280: 900, 390: 844}


class _Server(LiveServerThread):
    server_class = WSGIServer

    def _create_server(self, connections_override=None):
        return self.server_class((self.host, self.port), _Handler, allow_reuse_address=False)


class _Handler(WSGIRequestHandler):
    def log_message(self, *args):  # quiet: one line per figure is the output
        pass


def main() -> None:
    chromium = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    if not os.path.exists(chromium):
        print(f"skipped: Chromium not found at {chromium} (set CHROMIUM_PATH)")
        return
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    plan = OutcomeDocument.objects.get(title=PLAN_TITLE)
    paragraphs = plan.paragraphs.filter(removed_at__isnull=True).count()
    # SQLite in a file: the server thread opens its own connection to the same database.
    for connection in connections.all():
        connection.close()
    server = _Server("127.0.0.1", StaticFilesHandler)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    base = f"http://127.0.0.1:{server.port}"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"], headless=True)
        context = browser.new_context(base_url=base)
        page = context.new_page()
        page.goto("/accounts/login/")
        page.fill("#id_username", PRESIDENCY_EMAIL)
        page.fill("#id_password", PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_selector("[data-testid=current-user]", state="attached")
        print(f"paragraphs {paragraphs}")
        for width, height in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            page.goto(f"/outcomes/{plan.pk}/workspace/")
            scroll_height = page.evaluate("document.documentElement.scrollHeight")
            if os.environ.get("BENCH_SCREENSHOT_DIR"):  # a look at the paragraphs, below the header
                page.evaluate("window.scrollTo(0, 1500)")
                page.screenshot(path=f"{os.environ['BENCH_SCREENSHOT_DIR']}/workspace-{width}.png")
            print(f"workspace_height_px_{width} {scroll_height}")
            if width == 390:
                rows = page.evaluate(
                    "(() => { const tabs = [...document.querySelectorAll('main .nav-tabs .nav-link')];"
                    " return new Set(tabs.map(t => Math.round(t.getBoundingClientRect().top))).size; })()"
                )
                print(f"workspace_tab_rows_390 {rows}")
        browser.close()
    server.terminate()


if __name__ == "__main__":
    main()
