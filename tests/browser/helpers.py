"""Logging in and out the way a person does, the language a journey runs in, and the phone-width
layout check, shared by the journeys."""

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import translation

from tests.accounts.helpers import key_from_text, next_unused_code, totp_code

PASSWORD = "correct horse battery"  # what tests.factories.UserFactory sets


@dataclass(frozen=True)
class Language:
    """The language a journey runs in: the URL prefix of its pages and the words of its catalogue.

    Journeys find buttons and links by the name the catalogue gives them in this language (read
    with gettext, as the page is rendered), so a journey follows the catalogue: an untranslated
    string is found under its English text, a translated one under its translation.
    """

    code: str

    def __str__(self) -> str:
        return self.code

    @property
    def is_default(self) -> bool:
        return self.code == settings.LANGUAGE_CODE

    @property
    def rtl(self) -> bool:
        return translation.get_language_info(self.code)["bidi"]

    def url(self, path: str) -> str:
        """The page at `path` (an English, unprefixed path) in this language: /fr/meetings/ ..."""
        return path if self.is_default else f"/{self.code}{path}"

    def gettext(self, message: str, **values) -> str:
        with translation.override(self.code):
            text = translation.gettext(message)
        return text % values if values else text

    def pgettext(self, context: str, message: str, **values) -> str:
        with translation.override(self.code):
            text = translation.pgettext(context, message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, number: int, **values) -> str:
        with translation.override(self.code):
            text = translation.ngettext(singular, plural, number)
        return text % ({"count": number} | values)

    def text(self, value) -> str:
        """A lazy string (a choice's label, a model's verbose name) as this language shows it."""
        with translation.override(self.code):
            return str(value)

    def name(self, message: str, **values) -> str:
        """A message whose translation holds markup (`<span class="visually-hidden">`), as an
        accessible name reads it: the text without the tags, spaces collapsed."""
        return " ".join(re.sub(r"<[^>]+>", "", self.gettext(message, **values)).split())


ENGLISH = Language(settings.LANGUAGE_CODE)

# The phone-width screenshots of the main pages (README, "Tests"); TEST_ARTIFACTS_DIR moves them.
ARTIFACTS_DIR = Path(os.environ.get("TEST_ARTIFACTS_DIR") or Path(settings.BASE_DIR) / "test-artifacts")
SCREENSHOTS_DIR = ARTIFACTS_DIR / "screenshots"
SCREENSHOTS_TAKEN: list[Path] = []  # this run's, listed at the end of the run (conftest.py)
SCREENSHOT_SECONDS: list[float] = []  # what taking them cost, also printed at the end


def _remove_earlier_runs_screenshots() -> None:
    """Before this process's first screenshot, remove the pictures older than this test run, so
    none of an earlier run is left; the other pytest-xdist worker's pictures of this run stay."""
    run_started = float(os.environ.get("CCM_TEST_RUN_STARTED") or time.time())
    for old in SCREENSHOTS_DIR.glob("*/*.png"):
        if old.stat().st_mtime < run_started:
            old.unlink(missing_ok=True)


# What makes the page scroll sideways, to name in a failure: the first few elements that stick
# out of the screen on the side a page can scroll to (the end of the line: right in left-to-right
# pages, left in Arabic) and that no scrolling box (such as .table-responsive) clips. An absolutely
# positioned element (Bootstrap's .visually-hidden) is clipped only by a box that contains its
# positioned ancestor.
WIDER_THAN_THE_SCREEN = """() => {
  const width = window.innerWidth, rtl = getComputedStyle(document.documentElement).direction === "rtl";
  const clipped = (el) => {
    let position = getComputedStyle(el).position;
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (position === "fixed") return false;
      if (position === "absolute" && style.position === "static") continue;
      if (style.overflowX !== "visible") return true;
      position = style.position;
    }
    return false;
  };
  const found = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    const out = rtl ? box.left < -0.5 : box.right > width + 0.5;
    if (box.width && out && !clipped(el)) {
      const names = typeof el.className === "string" ? el.className.trim().split(/\\s+/).filter(Boolean) : [];
      const classes = names.map((name) => "." + name).join("");
      found.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + classes
        + " [" + Math.round(box.left) + ", " + Math.round(box.right) + "]");
      if (found.length === 8) break;
    }
  }
  return found;
}"""


def check_layout(page, language: Language, name: str) -> None:
    """The page is in `language` and its direction, fits the screen's width without sideways
    scrolling, and, outside English, is kept as test-artifacts/screenshots/<lang>/<name>.png."""
    page.wait_for_load_state("load")
    html = page.locator("html")
    assert html.get_attribute("lang") == language.code, f"{name}: not in {language}: {page.url}"
    assert html.get_attribute("dir") == ("rtl" if language.rtl else "ltr"), f"{name}: wrong direction: {page.url}"
    scroll_width, screen_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if not language.is_default:
        if not SCREENSHOTS_TAKEN:
            _remove_earlier_runs_screenshots()
        path = SCREENSHOTS_DIR / language.code / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        page.screenshot(path=str(path), full_page=True)
        SCREENSHOT_SECONDS.append(time.perf_counter() - started)
        SCREENSHOTS_TAKEN.append(path)
    assert scroll_width <= screen_width, (
        f"{name} ({language}) is {scroll_width}px wide on a {screen_width}px screen ({page.url}); "
        f"wider than the screen: {page.evaluate(WIDER_THAN_THE_SCREEN)}"
    )


def log_in(page, email, password=PASSWORD, language: Language = ENGLISH):
    page.goto(language.url("/accounts/login/"))
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.get_by_role("button", name=language.gettext("Log in"), exact=True).click()
    page.wait_for_selector("[data-testid=current-user]", state="attached")
    pass_second_factor(page, email, language)


def pass_second_factor(page, email, language: Language = ENGLISH):
    """Secretariat users land on the second factor: set an app up the first time, then enter its codes."""
    if "/accounts/two-factor/set-up/" in page.url:
        # Read the key off the page and work the code out, as an authenticator app does.
        key = key_from_text(page.inner_text("[data-testid=totp-key]"))
        page.fill("#id_code", totp_code(key))
        page.get_by_role("button", name=language.gettext("Confirm"), exact=True).click()
        page.wait_for_selector("[data-testid=recovery-codes]")
        page.get_by_role("link", name=language.gettext("I have kept them: continue"), exact=True).click()
        page.wait_for_load_state()
    elif "/accounts/two-factor/verify/" in page.url:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.get(user__email__iexact=email, confirmed=True)
        page.fill("#id_code", next_unused_code(device))
        page.get_by_role("button", name=language.gettext("Continue"), exact=True).click()
        page.wait_for_load_state()
    assert "/accounts/two-factor/" not in page.url, f"second factor not passed: {page.url}"


def log_out(page, language: Language = ENGLISH):
    menu = page.get_by_role("button", name=language.gettext("Menu"), exact=True)
    if menu.is_visible():  # on a phone the navigation is collapsed behind the menu button
        menu.click()
        # Wait for the collapse to finish opening: a click during its animation can miss.
        page.wait_for_selector("#nav.show:not(.collapsing)")
    page.get_by_role("button", name=language.gettext("Log out"), exact=True).click()
    page.wait_for_selector("[data-testid=current-user]", state="detached")
