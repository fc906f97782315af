"""The outbox and the audit trail are read in the admin: their lists come in pages (the admin's
100 rows), at a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ccm_portal.audit.services import log_action
from ccm_portal.mail.models import OutboxMessage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, secretariat):
    secretariat.is_staff = secretariat.is_superuser = True
    secretariat.save()
    client.force_login(secretariat)
    return client


def _fill(name: str, count: int, *, start: int = 0):
    for n in range(start, start + count):
        if name == "outbox":
            OutboxMessage.objects.create(to=[f"r{n}@example.org"], subject=f"Subject {n:03d}", body="Text")
        else:
            log_action(trail="t", actor=UserFactory(full_name=f"Officer {n:03d}"), action="noted", subject=f"S{n:03d}")


def _queries(client, url, params=None) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize(
    ("name", "url_name"),
    [("outbox", "admin:ccm_mail_outboxmessage_changelist"), ("audit", "admin:audit_auditentry_changelist")],
)
def test_admin_lists_are_paged_at_a_fixed_number_of_queries(admin_client, name, url_name):
    url = reverse(url_name)
    _fill(name, 1)
    one, _html = _queries(admin_client, url)
    _fill(name, 130, start=1)

    many, first = _queries(admin_client, url)
    _count, second = _queries(admin_client, url, {"p": 2})

    assert many == one
    pattern = r">Subject (\d{3})<" if name == "outbox" else r">S(\d{3})<"
    on_first, on_second = set(re.findall(pattern, first)), set(re.findall(pattern, second))
    assert len(on_first) == 100
    assert len(on_second) == 31
    assert on_first.isdisjoint(on_second)
    assert 'href="?p=2"' in first
