"""History entries: a change from or to no value reads "(none)", never a raw "None"; each time is a
valid <time datetime> in the meeting's zone, and the zone is named."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from ccm_portal.audit.models import AuditEntry
from ccm_portal.audit.services import log_action
from ccm_portal.audit.templatetags.audit import audit_detail
from delegations import services
from tests.factories import DelegationFactory, FirstMeetingFactory

pytestmark = pytest.mark.django_db

TIME = re.compile(r'<time datetime="([^"]+)">([^<]+)</time>')


def test_a_missing_value_on_either_side_of_a_change_reads_none_in_brackets():
    assert audit_detail("None → Accepted") == "(none) → Accepted"
    assert (
        audit_detail("arrival: 8 November → None; title: Ms. → Dr.") == "arrival: 8 November → (none); title: Ms. → Dr."
    )
    assert audit_detail("function: None → Nonesuch Minister") == "function: (none) → Nonesuch Minister"
    assert audit_detail("Nonesuch → Minister") == "Nonesuch → Minister"
    assert audit_detail("") == ""


def test_recording_credentials_on_a_delegation_shows_none_in_brackets_in_its_history(client, secretariat, delegation):
    services.credentials_update(delegation=delegation, by=secretariat, status="accepted", date=None, remark="")
    client.force_login(secretariat)

    html = client.get(reverse("delegations:detail", args=[delegation.pk])).content.decode()

    history = html.split('data-testid="audit"', 1)[1].split("</ol>", 1)[0]
    assert "(none) → Accepted" in history
    assert "None" not in history


def test_history_times_are_valid_time_elements_in_the_meetings_zone_and_the_zone_is_named(client, secretariat):
    meeting = FirstMeetingFactory()
    delegation = DelegationFactory(meeting=meeting, country="LA", sort_name="Lao People's Democratic Republic")
    entry = log_action(trail=delegation.trail, actor=secretariat, action="approved delegation", subject=delegation)
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=dt.datetime(2010, 11, 9, 1, 0, 5, 123456, tzinfo=dt.UTC))
    client.force_login(secretariat)

    html = client.get(reverse("delegations:detail", args=[delegation.pk])).content.decode()

    history = html.split('id="audit-heading"', 1)[1].split("</section>", 1)[0]
    assert "Times are in Vientiane time (UTC+7)." in history
    stamps = TIME.findall(history)
    assert stamps
    for machine, _shown in stamps:
        parsed = dt.datetime.fromisoformat(machine)
        assert parsed.microsecond == 0
        assert "." not in machine
        assert parsed.utcoffset() == dt.timedelta(hours=7)
    assert ("2010-11-09T08:00:05+07:00", "9 Nov 2010 08:00") in stamps


def test_a_credentials_change_is_kept_in_english_and_read_in_the_readers_language(secretariat):
    delegation = DelegationFactory(meeting=FirstMeetingFactory())

    with translation.override("fr"):
        services.credentials_update(delegation=delegation, by=secretariat, status="accepted")
    entry = AuditEntry.objects.get(action="updated credentials")

    assert entry.detail == "None → Accepted"  # stored in English, whatever the secretariat's language
    with translation.override("fr"):
        shown = audit_detail(entry.detail)
        expected = f"{translation.gettext('None')} → {translation.gettext('Accepted')}"
    assert shown == expected
