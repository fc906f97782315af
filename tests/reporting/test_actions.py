import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from outcomes import services as outcome_services
from reporting.models import ActionLink, Form, Report
from reporting.services import report_acknowledge, report_create, report_submit
from tests.factories import MeetingFactory
from tests.outcomes.factories import build_plan
from tests.reporting.helpers import complete_report, entry_of, post_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_actions(staff):
    meeting = MeetingFactory()
    plan = outcome_services.document_create(
        meeting=meeting, by=staff, kind="action_plan", title="Vientiane Action Plan", agenda_item="Item 10"
    )
    made = build_plan(plan, staff)
    outcome_services.document_circulate(
        document=plan, by=staff, comment_deadline=timezone.now() + dt.timedelta(days=5), notify=False
    )
    outcome_services.mark_all_agreed(document=plan, by=staff)
    outcome_services.document_adopt(document=plan, by=staff)
    return made["actions"]


def test_a_form_links_to_actions_and_the_progress_page_lists_who_reported(
    client, staff, norway, laos, contact, plan_actions
):
    first = plan_actions[0]
    report = complete_report(norway, by=contact.user)
    a = entry_of(report, Form.A)
    client.force_login(contact.user)
    page = client.get(reverse("reporting:form", args=[report.pk, "A"])).content.decode()
    assert "Action #1" in page

    client.post(
        reverse("reporting:form", args=[report.pk, "A"]), post_entry(a, text="Focal point named.", actions=[first.pk])
    )
    report_submit(report=report, by=contact.user)
    report_acknowledge(report=report, received_on=dt.date.today(), by=staff)

    assert ActionLink.objects.get().paragraph == first
    client.force_login(staff)
    listing = client.get(reverse("reporting:actions"))
    assert {action.pk: n for action, n in listing.context["page"]}[first.pk] == 1
    detail = client.get(reverse("reporting:action", args=[first.pk]))
    assert [state for state, _years in detail.context["reported"]] == [norway]
    assert laos in detail.context["silent"]


def test_an_annual_update_keeps_the_links_of_the_last_report(norway, contact, plan_actions):
    from reporting.services import form_save

    report = complete_report(norway, by=contact.user)
    a = entry_of(report, Form.A)
    form_save(
        entry=a,
        data={"status": "changed", "text": "x"},
        actions=[plan_actions[1].pk],
        expected_version=a.version,
        by=contact.user,
    )
    report_submit(report=report, by=contact.user)

    annual = report_create(state=norway, kind=Report.Kind.ANNUAL, year=2011, by=contact.user)

    assert list(entry_of(annual, Form.A).action_links.values_list("paragraph_id", flat=True)) == [plan_actions[1].pk]


def test_a_paragraph_that_is_not_an_action_of_the_adopted_plan_has_no_progress_page(client, staff, plan_actions):
    client.force_login(staff)

    assert client.get(reverse("reporting:action", args=[999999])).status_code == 404
