"""`manage.py create_secretariat`: the first account of an empty production database."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from ccm_portal.accounts.models import User
from ccm_portal.audit.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long passphrase for the secretariat 2011"


def create(monkeypatch, *args, password=PASSWORD) -> str:
    if password is None:
        monkeypatch.delenv("CCM_SECRETARIAT_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("CCM_SECRETARIAT_PASSWORD", password)
    out = io.StringIO()
    call_command("create_secretariat", *args, stdout=out)
    return out.getvalue()


def test_creates_a_confirmed_secretariat_superuser_who_can_log_in(monkeypatch, rf):
    out = create(monkeypatch, "--email", " Jane.Doe@Example.org ", "--full-name", "Jane  Doe")

    user = User.objects.get()
    assert (user.email, user.full_name) == ("jane.doe@example.org", "Jane Doe")
    assert user.is_secretariat
    assert (user.is_staff, user.is_superuser, user.is_active) == (True, True, True)
    assert user.role == User.Role.SECRETARIAT
    assert user.email_confirmed_at is not None
    assert authenticate(rf.post("/accounts/login/"), username="jane.doe@example.org", password=PASSWORD) == user
    assert AuditEntry.objects.filter(action="secretariat_created", subject="jane.doe@example.org").count() == 1
    assert "jane.doe@example.org" in out
    assert "/accounts/login/" in out


def test_an_existing_address_is_refused_and_left_unchanged(monkeypatch):
    existing = UserFactory(email="jane.doe@example.org", full_name="Delegate Jane")

    with pytest.raises(CommandError, match="exists already"):
        create(monkeypatch, "--email", "JANE.DOE@example.org", "--full-name", "Jane Doe")

    existing.refresh_from_db()
    assert (existing.full_name, existing.role, existing.is_superuser) == ("Delegate Jane", "delegate", False)
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        pytest.param("not-an-address", PASSWORD, "is not an e-mail address", id="bad-address"),
        pytest.param("jane@example.org", "12345678", "password was refused", id="weak-password"),
        pytest.param("jane@example.org", None, "CCM_SECRETARIAT_PASSWORD", id="no-password-no-terminal"),
    ],
)
def test_bad_input_creates_nothing_and_says_why(monkeypatch, email, password, message):
    with pytest.raises(CommandError, match=message):
        create(monkeypatch, "--email", email, "--full-name", "Jane Doe", password=password)

    assert User.objects.count() == 0
    assert AuditEntry.objects.count() == 0
