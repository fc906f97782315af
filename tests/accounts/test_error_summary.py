"""A form sent back with errors starts the page with a summary of them (WCAG 3.3.1): "Error: " leads
the page's title, the summary comes first in the content with a link to each field in error, and a
small script focuses it (without JavaScript it is still the first thing after the menu). Sign-up
shows the password rules before the first try and lets the browser fill in the name and address
(WCAG 1.3.5)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def main_of(html: str) -> str:
    return html[html.index('<main id="main"') :]


def test_a_refused_sign_up_starts_with_an_error_summary_linking_to_each_field(client):
    response = client.post(reverse("accounts:sign_up"), {"full_name": "", "email": "not an address"})
    html = response.content.decode()

    assert re.search(r"<title>Error: Sign up · ", html)
    main = main_of(html)
    summary = main[: main.index("</div>")]
    assert main.index('data-testid="error-summary"') < main.index("<h1")
    assert 'tabindex="-1"' in summary
    assert 'role="alert"' in summary
    assert re.findall(r'href="#(id_\w+)"', summary) == ["id_full_name", "id_email", "id_password1", "id_password2"]
    assert "E-mail address: Enter a valid email address." in summary
    assert "js/error-summary" in html


def test_a_page_without_errors_has_no_summary_and_no_error_title(client):
    html = client.get(reverse("accounts:sign_up")).content.decode()

    assert "Error:" not in html[: html.index("</title>")]
    assert "error-summary" not in html


def test_sign_up_shows_the_password_rules_and_autocomplete_tokens_before_the_first_try(client):
    html = client.get(reverse("accounts:sign_up")).content.decode()

    assert "at least 12 characters" in html
    assert "can’t be entirely numeric" in html or "can't be entirely numeric" in html
    assert re.search(r'autocomplete="name"[^>]*id="id_full_name"|id="id_full_name"[^>]*autocomplete="name"', html)
    assert re.search(r'name="email"[^>]*autocomplete="email"|autocomplete="email"[^>]*name="email"', html)
    assert html.count('autocomplete="new-password"') == 2


def test_the_password_change_form_lists_the_rules_too(client, focal_point):
    client.force_login(focal_point)
    html = client.get(reverse("accounts:password_change")).content.decode()

    assert "at least 12 characters" in html
