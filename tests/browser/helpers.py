"""Logging in and out the way a person does, shared by the journeys."""

import re

from tests.accounts.helpers import key_from_text, next_unused_code, totp_code

PASSWORD = "correct horse battery"  # what tests.factories.UserFactory sets


def log_in(page, email, password=PASSWORD):
    page.goto("/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.get_by_role("button", name=re.compile("Log in", re.I)).click()
    page.wait_for_selector("[data-testid=current-user]", state="attached")
    pass_second_factor(page, email)


def pass_second_factor(page, email):
    """Secretariat users land on the second factor: set an app up the first time, then enter its codes."""
    if "/accounts/two-factor/set-up/" in page.url:
        # Read the key off the page and work the code out, as an authenticator app does.
        key = key_from_text(page.inner_text("[data-testid=totp-key]"))
        page.fill("#id_code", totp_code(key))
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_selector("[data-testid=recovery-codes]")
        page.get_by_role("link", name=re.compile("continue", re.I)).click()
        page.wait_for_load_state()
    elif "/accounts/two-factor/verify/" in page.url:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.get(user__email__iexact=email, confirmed=True)
        page.fill("#id_code", next_unused_code(device))
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
    assert "/accounts/two-factor/" not in page.url, f"second factor not passed: {page.url}"


def log_out(page):
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():  # on a phone the navigation is collapsed behind the menu button
        menu.click()
        # Wait for the collapse to finish opening: a click during its animation can miss.
        page.wait_for_selector("#nav.show:not(.collapsing)")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_selector("[data-testid=current-user]", state="detached")
