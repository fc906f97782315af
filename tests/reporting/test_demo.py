import pytest
from django.urls import reverse

from ccm_portal.meetings.models import TreatyStatus
from demo import reporting as reporting_demo
from reporting.models import Report
from reporting.selectors import standings
from tests.main_pages import demo_users

pytestmark = pytest.mark.django_db


def test_demo_reports_are_marked_and_loading_again_adds_none(seeded_demo):
    assert "Article 7 reports (demonstration data) created by this run: 8." in seeded_demo
    assert not Report.objects.filter(is_demo=False).exists()
    assert reporting_demo.seed() == 0


def test_demo_dashboard_has_late_and_overdue_states(seeded_demo):
    from datetime import date

    rows = {row.state.country.code: row for row in standings(today=date(2013, 1, 1))}

    assert rows["LA"].overdue_count == 0
    assert rows["NO"].late_count == 1
    assert rows["MX"].overdue_count == 3
    assert rows["FR"].late_count == 1


def test_demo_delegate_reports_for_laos_and_sees_its_draft(client, seeded_demo):
    delegate = demo_users()["delegate"]
    client.force_login(delegate)

    page = client.get(reverse("reporting:mine")).content.decode()

    laos = TreatyStatus.objects.get(country="LA")
    draft = Report.objects.get(state=laos, status=Report.Status.DRAFT)
    assert reverse("reporting:report", args=[draft.pk]) in page


def test_reporting_main_pages_answer_for_each_role(client, seeded_demo):
    from tests.main_pages import main_pages

    users = demo_users()
    for role, pages in main_pages().items():
        mine = [(name, path) for name, path in pages if "/reporting/" in path or "/transparency-reports/" in path]
        assert mine, role
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        for name, path in mine:
            assert client.get(path).status_code == 200, (role, name)
