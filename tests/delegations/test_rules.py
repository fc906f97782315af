"""The rules of delegations/rules.py: who may edit, accredit and run the meeting's lists, and where views ask them."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from ccm_portal.access import allowed, rule_of
from ccm_portal.accounts.models import User
from ccm_portal.audit.models import AuditEntry
from ccm_portal.jobs.registry import get_renderer
from delegations import renderers, services_lists, urls
from delegations.badges import BADGES_KIND
from delegations.lists import LOP_KIND
from delegations.models import Delegation
from tests.factories import MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db

STAFF_RULES = (
    "delegations.accredit_delegation",
    "delegations.view_credentials_report",
    "delegations.manage_lists",
    "delegations.print_badges",
    "delegations.check_in",
    "delegations.export_participants",
    "delegations.view_statistics",
)


def test_focal_points_edit_their_delegation_until_the_deadline(focal_point, delegation, secretariat):
    stranger = UserFactory()

    assert allowed(focal_point, "delegations.edit_delegation", delegation)
    assert not allowed(stranger, "delegations.edit_delegation", delegation)
    assert not allowed(AnonymousUser(), "delegations.edit_delegation", delegation)

    delegation.meeting.registration_deadline = timezone.now() - dt.timedelta(minutes=1)
    delegation.meeting.save(update_fields=["registration_deadline"])

    assert not allowed(focal_point, "delegations.edit_delegation", delegation)
    assert allowed(secretariat, "delegations.edit_delegation", delegation)


def test_nobody_edits_a_refused_registration(focal_point, delegation, secretariat):
    delegation.status = Delegation.Status.REFUSED

    assert not allowed(focal_point, "delegations.edit_delegation", delegation)
    assert not allowed(secretariat, "delegations.edit_delegation", delegation)


def test_only_the_secretariat_accredits_and_runs_the_lists(focal_point, secretariat):
    organiser = UserFactory(role=User.Role.ORGANISER)

    for perm in STAFF_RULES:
        assert [allowed(u, perm) for u in (AnonymousUser(), focal_point, organiser, secretariat)] == [
            False,
            False,
            False,
            True,
        ], perm


def test_every_delegations_url_declares_a_delegations_or_portal_rule():
    declared = {pattern.name: rule_of(pattern.callback) for pattern in urls.urlpatterns}

    assert all(declared.values()), [name for name, perm in declared.items() if not perm]
    assert {perm.split(".")[0] for perm in declared.values()} <= {"delegations", "portal"}


def test_only_the_author_escalates_a_request_to_join(delegation):
    author, focal = UserFactory(), delegation.created_by
    join_request = delegation.join_requests.create(user=author)

    assert allowed(author, "delegations.escalate_join_request", join_request)
    assert not allowed(focal, "delegations.escalate_join_request", join_request)


def test_an_organiser_registers_for_a_meeting_not_yet_published_and_a_delegate_gets_404(client):
    draft = MeetingFactory(is_published=False)
    url = reverse("delegations:register", args=[draft.slug])

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(role=User.Role.ORGANISER))
    assert client.get(url).status_code == 200


def test_meeting_page_offers_the_staff_links_only_to_the_secretariat(client, meeting, secretariat, focal_point):
    staff_link = reverse("delegations:lop_staff", args=[meeting.slug])

    client.force_login(focal_point)
    assert staff_link not in client.get(meeting.get_absolute_url()).content.decode()
    client.force_login(secretariat)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert staff_link in page
    assert reverse("delegations:checkin", args=[meeting.slug]) in page


def test_the_renderers_are_registered_when_the_app_loads():
    assert get_renderer(LOP_KIND) is renderers.render_lop
    assert get_renderer(BADGES_KIND) is renderers.render_badges


def test_list_settings_are_refused_to_anyone_but_the_secretariat(meeting, focal_point):
    with pytest.raises(PermissionDenied):
        services_lists.lop_settings_save(meeting=meeting, data={"symbol": "CCM/X"}, by=focal_point)
    assert not AuditEntry.objects.filter(action="updated list of participants settings").exists()


def test_issuing_badge_keys_is_recorded_on_the_meeting_trail(world, secretariat):
    head = world["lao_head"]

    assert services_lists.ensure_badge_keys(participants=[head], by=secretariat) == 1
    assert services_lists.ensure_badge_keys(participants=[head], by=secretariat) == 0

    entries = AuditEntry.objects.filter(trail=f"meeting:{world['meeting'].pk}", action="issued badge keys")
    assert [(entry.actor, entry.detail) for entry in entries] == [(secretariat, "1 participant")]
