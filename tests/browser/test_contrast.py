"""Non-text contrast (WCAG 1.4.11), measured in Chromium on the pages: the border of a text field and
of a checkbox and the focus indicator stand out at least 3:1 against the background next to them,
the focus indicator also on the navy menu bar. axe-core does not check these."""

import re

import pytest

from tests.browser.helpers import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MINIMUM = 3.0

# The colour an element shows, and the first opaque background behind it.
COLOURS = """(selector) => {
  const el = document.querySelector(selector);
  const style = getComputedStyle(el);
  let box = el.parentElement, background = "rgba(0, 0, 0, 0)";
  while (box) {
    background = getComputedStyle(box).backgroundColor;
    if (!/rgba\\(.*, 0\\)$/.test(background)) break;
    box = box.parentElement;
  }
  return {border: style.borderTopColor, outline: style.outlineColor, outlineStyle: style.outlineStyle,
          outlineWidth: style.outlineWidth, background: background || "rgb(255, 255, 255)"};
}"""


def luminance(colour: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"[\d.]+", colour)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_field_and_checkbox_borders_and_the_focus_ring_have_three_to_one_contrast(page):
    user = UserFactory(email="focal@example.org")
    log_in(page, user.email)
    page.goto("/accounts/account/")

    field = page.evaluate(COLOURS, "#id_password")
    checkbox = page.evaluate(COLOURS, "#id_confirm")
    page.focus("#id_password")
    focused_field = page.evaluate(COLOURS, "#id_password")
    page.keyboard.press("Tab")  # the keyboard is in use: links show their focus ring from here on
    page.focus(".navbar-brand")
    focused_brand = page.evaluate(COLOURS, ".navbar-brand")

    measured = {
        "text field border": contrast(field["border"], field["background"]),
        "checkbox border": contrast(checkbox["border"], checkbox["background"]),
        "focus ring on white": contrast(focused_field["outline"], focused_field["background"]),
        "focus ring on the menu bar": contrast(focused_brand["outline"], focused_brand["background"]),
    }
    print("\nnon-text contrast: " + ", ".join(f"{name} {ratio:.2f}:1" for name, ratio in measured.items()))
    assert focused_field["outlineStyle"] == "solid"
    assert focused_brand["outlineStyle"] == "solid"
    assert float(focused_brand["outlineWidth"].removesuffix("px")) >= 2
    assert all(ratio >= MINIMUM for ratio in measured.values()), measured
