"""Logging in and out the way a person does, shared by the journeys."""

import re

PASSWORD = "correct horse battery"  # what tests.factories.UserFactory sets


def log_in(page, email, password=PASSWORD):
    page.goto("/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.get_by_role("button", name=re.compile("Log in", re.I)).click()
    page.wait_for_selector("[data-testid=current-user]", state="attached")


def log_out(page):
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():  # on a phone the navigation is collapsed behind the menu button
        menu.click()
        # Wait for the collapse to finish opening: a click during its animation can miss.
        page.wait_for_selector("#nav.show:not(.collapsing)")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_selector("[data-testid=current-user]", state="detached")
