"""axe-core finds no serious or critical accessibility problem on the main pages (tests/main_pages.py)
of the seeded demo, as anonymous, as a delegate and as the secretariat, at phone width (390 px)
and at desktop width.

axe-core runs its WCAG 2.0, 2.1 and 2.2 A and AA rules and its best practices, plus
label-content-name-mismatch (WCAG 2.5.3, which axe keeps among its experimental rules). The
figures (violations by impact, pages checked) are printed; the moderate and minor ones are
listed but do not fail the test. axe.min.js comes from the pinned npm package axe-core
(tests/browser/vendor/SOURCES.json, scripts/test_tools.py) and is injected into the page under
test only: the portal never serves it. At phone width the pages that scroll sideways are printed
too, and fail the test: no main page may scroll sideways on a phone (issue 11, section 3).
"""

import io
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from demo.accounts import DEFAULT_DELEGATE_PASSWORD, DEFAULT_SECRETARIAT_PASSWORD
from tests.browser.helpers import WIDER_THAN_THE_SCREEN, log_in
from tests.main_pages import ANONYMOUS, DELEGATE, ROLES, SECRETARIAT, demo_users, main_pages

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import test_tools  # noqa: E402 - scripts/test_tools.py (not a package): where axe.min.js is, its sha256

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
FAILING_IMPACTS = {"serious", "critical"}
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "rules": {"label-content-name-mismatch": {"enabled": True}},
    "resultTypes": ["violations"],
}
PASSWORDS = {DELEGATE: DEFAULT_DELEGATE_PASSWORD, SECRETARIAT: DEFAULT_SECRETARIAT_PASSWORD}


def axe_violations(page) -> list[dict]:
    page.wait_for_load_state("load")
    page.add_script_tag(path=str(test_tools.AXE_JS))
    return page.evaluate("(options) => axe.run(document, options).then((result) => result.violations)", AXE_OPTIONS)


def check_pages(page, role, pages, failures, impacts, wide) -> None:
    for name, path in pages:
        response = page.goto(path)
        if response.status != 200:
            failures.append(f"{role} / {name} ({path}): answered {response.status}")
            continue
        scroll_width, screen_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll_width > screen_width:
            wide.append(f"{role} / {name} ({path}): {scroll_width} px on a {screen_width} px screen")
            failures.append(f"{wide[-1]}: {page.evaluate(WIDER_THAN_THE_SCREEN)}")
        for violation in axe_violations(page):
            impacts[violation["impact"]] += 1
            targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
            line = (
                f"[{violation['impact']}] {role} / {name} ({path}): {violation['id']}"
                f" x{len(violation['nodes'])}: {targets}"
            )
            if violation["impact"] in FAILING_IMPACTS:
                failures.append(line)
            else:
                print(line)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_main_pages_have_no_serious_accessibility_problems(browser, live_server, settings, width):
    assert test_tools.is_current(test_tools.AXE_JS, test_tools.AXE_JS_SHA256), "run `make test-tools`"
    settings.SITE_URL = live_server.url
    call_command("seed_demo", stdout=io.StringIO())
    users = demo_users()
    pages = main_pages()

    failures, impacts, checked, wide = [], Counter(), 0, []
    for role in ROLES:
        # A context of its own per role: its own cookies; the page's CSP would refuse axe's script.
        context = browser.new_context(base_url=live_server.url, viewport=WIDTHS[width], bypass_csp=True)
        page = context.new_page()
        page.set_default_timeout(20000)
        try:
            if role != ANONYMOUS:
                log_in(page, users[role].email, password=PASSWORDS[role])
            check_pages(page, role, pages[role], failures, impacts, wide)
        finally:
            page.goto("about:blank")  # no refresh of the room screen left in flight
            context.close()
        checked += len(pages[role])

    figures = ", ".join(f"{impact} {impacts[impact]}" for impact in ("critical", "serious", "moderate", "minor"))
    print(
        f"\naxe-core {width} ({WIDTHS[width]['width']} px): {checked} pages, {len(ROLES)} roles; violations: {figures}"
    )
    for line in wide:
        print(f"wider than the screen: {line}")
    assert not failures, (
        f"{len(failures)} problems (serious or critical axe violations, error answers, wide pages):\n"
        + "\n".join(failures)
    )
