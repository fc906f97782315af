"""The language switcher in a real browser: one click brings the same page back in another
language, a page with unsaved changes asks first, and Arabic pages run right to left."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_switching_reloads_the_same_page_in_the_language_chosen(page):
    page.goto("/accounts/sign-up/?from=home")

    page.get_by_role("button", name="Français").click()

    expect(page).to_have_url(re.compile(r"/fr/accounts/sign-up/\?from=home$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("button[value=fr]")).to_have_attribute("aria-current", "true")


def test_a_page_with_unsaved_changes_asks_before_switching_and_stays_if_told_to(page):
    page.goto("/accounts/sign-up/")
    page.fill("input[name=full_name]", "Ana Reyes")
    questions = []

    def answer(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", answer)
    page.get_by_role("button", name="Español").click()

    assert questions == [
        "This page has changes that are not saved. Switching the language reloads the page and loses them. "
        "Switch anyway?"
    ]
    expect(page).to_have_url(re.compile(r"/accounts/sign-up/$"))
    expect(page.locator("input[name=full_name]")).to_have_value("Ana Reyes")


def test_arabic_pages_lay_out_right_to_left(page):
    page.goto("/ar/accounts/sign-up/")

    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # Bootstrap's RTL stylesheet is the one applied: the brand sits at the right of the bar.
    brand = page.locator(".navbar-brand").bounding_box()
    assert brand["x"] > page.viewport_size["width"] / 2
