"""seed_demo publishes its passwords: under the production settings it runs only when told to."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from ccm_portal.accounts.models import User
from ccm_portal.meetings.models import Meeting
from demo.accounts import DEFAULT_SECRETARIAT_PASSWORD, SECRETARIAT_EMAIL

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def production(settings, monkeypatch):
    settings.PRODUCTION = True
    monkeypatch.delenv("SEED_SECRETARIAT_PASSWORD", raising=False)
    monkeypatch.delenv("SEED_DELEGATE_PASSWORD", raising=False)


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_the_production_settings_set_the_flag_the_command_reads():
    from pathlib import Path

    from django.conf import settings

    source = (Path(settings.BASE_DIR) / "ccm_portal" / "settings" / "production.py").read_text()
    assert "\nPRODUCTION = True\n" in source
    assert getattr(settings, "PRODUCTION", False) is False  # the test settings are not production


def test_under_production_settings_it_refuses_without_the_flag_and_writes_nothing(production):
    with pytest.raises(CommandError, match="--allow-production"):
        seed()

    assert not User.objects.exists()
    assert not Meeting.objects.exists()


def test_with_the_flag_it_still_refuses_the_published_passwords(production, monkeypatch):
    monkeypatch.setenv("SEED_DELEGATE_PASSWORD", "a delegate passphrase for the demo")

    with pytest.raises(CommandError, match="SEED_SECRETARIAT_PASSWORD"):
        seed("--allow-production")

    assert not User.objects.exists()


def test_with_the_flag_and_own_passwords_it_seeds_and_the_published_password_does_not_work(production, monkeypatch, rf):
    monkeypatch.setenv("SEED_SECRETARIAT_PASSWORD", "a secretariat passphrase for the demo")
    monkeypatch.setenv("SEED_DELEGATE_PASSWORD", "a delegate passphrase for the demo")

    seed("--allow-production")

    assert Meeting.objects.filter(slug="1msp").exists()
    request = rf.post("/accounts/login/")
    assert authenticate(request, username=SECRETARIAT_EMAIL, password=DEFAULT_SECRETARIAT_PASSWORD) is None
    assert authenticate(request, username=SECRETARIAT_EMAIL, password="a secretariat passphrase for the demo")


def test_outside_production_it_runs_without_the_flag(settings):
    settings.PRODUCTION = False

    seed()

    assert User.objects.filter(email=SECRETARIAT_EMAIL, is_superuser=True).exists()
