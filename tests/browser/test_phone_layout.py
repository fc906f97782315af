"""The main pages that no journey walks through fit a phone in every journey language: each is in
its language and direction, does not scroll sideways at 390 px, and is kept as a screenshot
(test-artifacts/screenshots/<lang>/<page>.png) for French and Arabic. The journeys check the pages
they pass through the same way (tests/browser/helpers.py, check_layout)."""

import pytest

from delegations.models import Delegation
from sessions import services as sessions_services
from tests.browser.helpers import check_layout, log_in
from tests.factories import (
    DelegationFactory,
    MeetingFactory,
    ParticipantFactory,
    SecretariatFactory,
    TreatyStatusFactory,
)
from tests.sessions.factories import MeetingSessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_pages_off_the_journeys_fit_a_phone_in_each_language(page, language):
    meeting = MeetingFactory(title="Second Meeting of States Parties", short_title="2MSP", slug="2msp")
    secretariat = SecretariatFactory(email="secretariat@example.org")
    TreatyStatusFactory(country="LA")
    lao = DelegationFactory(meeting=meeting, country="LA", status=Delegation.Status.APPROVED)
    ParticipantFactory(delegation=lao, role="head", given_name="Thongloun", family_name="Sisoulith", status="approved")
    # Enough rows for the staff tables to show their page navigation (25 a page).
    ParticipantFactory.create_batch(26, delegation=lao, role="expert", status="approved")
    agenda = sessions_services.agenda_for(meeting)
    item = sessions_services.agenda_item_add(agenda=agenda, by=secretariat, data={"title": "General exchange"})
    sessions_services.speakers_list_open(meeting=meeting, by=secretariat, agenda_item=item, time_limit_seconds=300)
    session = MeetingSessionFactory(meeting=meeting, title="Opening plenary")
    session.agenda_items.add(item)

    for name, path in (
        ("home", "/"),
        ("meetings", "/meetings/"),
        ("agenda", f"/meetings/{meeting.slug}/agenda/"),
        ("session", f"/meetings/{meeting.slug}/programme/{session.pk}/"),
        ("participants-public", f"/meetings/{meeting.slug}/participants/"),
        ("privacy-notice", "/privacy/"),
        ("password-reset", "/accounts/password-reset/"),
    ):
        page.goto(language.url(path))
        check_layout(page, language, name)

    log_in(page, secretariat.email, language=language)
    for name, path in (
        ("credentials-report", f"/secretariat/{meeting.slug}/credentials/"),
        ("statistics", f"/secretariat/{meeting.slug}/participants/statistics/"),
        ("participants-staff", f"/secretariat/{meeting.slug}/participants/"),
        ("participants-staff-page-2", f"/secretariat/{meeting.slug}/participants/?sort=-name&page=2"),
        ("accreditation", f"/secretariat/{meeting.slug}/"),
        ("badges", f"/secretariat/{meeting.slug}/badges/"),
        ("programme-manage", f"/secretariat/{meeting.slug}/sessions/"),
        ("agenda-manage", f"/secretariat/{meeting.slug}/sessions/agenda/"),
        ("treaty-status", "/meetings/treaty-status/"),
        ("account", "/accounts/account/"),
    ):
        page.goto(language.url(path))
        check_layout(page, language, name)
