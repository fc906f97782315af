"""The rules of the programme (sessions/rules.py) and the pages that ask them instead of the user's role."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from ccm_portal.access import allowed
from sessions import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PLAN, SPEAKERS, SIDE_EVENTS = (
    "ccm_sessions.plan_programme",
    "ccm_sessions.manage_speakers",
    "ccm_sessions.manage_side_events",
)
FLOOR_RULES = (
    "ccm_sessions.use_floor",
    "ccm_sessions.inscribe",
    "ccm_sessions.submit_statement",
    "ccm_sessions.request_side_event",
)


def test_the_presidency_plans_and_only_the_secretariat_runs_lists_and_side_events(secretariat, planner, delegate):
    def rights(user):
        return [allowed(user, perm) for perm in (PLAN, SPEAKERS, SIDE_EVENTS)]

    assert rights(AnonymousUser()) == [False, False, False]
    assert rights(delegate) == [False, False, False]
    assert rights(planner) == [True, False, False]
    assert rights(secretariat) == [True, True, True]


def test_an_inactive_organiser_no_longer_plans(planner):
    planner.is_active = False

    assert not allowed(planner, PLAN)


@pytest.mark.parametrize("perm", FLOOR_RULES)
def test_a_focal_point_acts_on_the_floor_for_their_own_delegation_only(
    perm, focal_point, accredited, other_accredited, secretariat
):
    assert allowed(focal_point, perm, accredited)
    assert not allowed(focal_point, perm, other_accredited)
    assert allowed(secretariat, perm, other_accredited)
    assert not allowed(AnonymousUser(), perm, accredited)


@pytest.mark.parametrize("perm", FLOOR_RULES)
def test_without_a_delegation_the_floor_rules_ask_only_for_a_signed_in_user(perm, delegate):
    assert allowed(delegate, perm)
    assert not allowed(AnonymousUser(), perm)


def test_a_statement_is_visible_when_published_else_to_its_delegation_and_the_secretariat(
    speakers_list, accredited, other_accredited, focal_point, secretariat, statement_pdf
):
    entry = services.speaker_inscribe(speakers_list=speakers_list, delegation=accredited, by=focal_point)
    statement = services.statement_upload(entry=entry, by=focal_point, upload=statement_pdf, publish=False)
    other_focal_point = other_accredited.focal_points.get()
    readers = (AnonymousUser(), other_focal_point, focal_point, secretariat)

    assert [allowed(u, "ccm_sessions.view_statement", statement) for u in readers] == [False, False, True, True]
    statement = services.statement_set_published(statement=statement, by=focal_point, publish=True)
    assert [allowed(u, "ccm_sessions.view_statement", statement) for u in readers] == [True, True, True, True]


def test_another_delegations_focal_point_is_refused_by_the_service(speakers_list, other_accredited, focal_point):
    with pytest.raises(services.ProgrammeError, match="focal points"):
        services.speaker_inscribe(speakers_list=speakers_list, delegation=other_accredited, by=focal_point)


def _meeting_page(client, user, meeting) -> str:
    client.force_login(user)
    return client.get(meeting.get_absolute_url()).content.decode()


def test_the_meeting_page_offers_each_user_the_programme_links_their_rules_allow(
    client, meeting, secretariat, planner, focal_point, accredited
):
    slug = meeting.slug
    planning = reverse("ccm_sessions:manage", args=[slug])
    running = [reverse("ccm_sessions:side_events", args=[slug]), reverse("ccm_sessions:speakers_index", args=[slug])]
    floor = reverse("ccm_sessions:floor", args=[slug])

    anonymous_page = client.get(meeting.get_absolute_url()).content.decode()
    focal_point_page = _meeting_page(client, focal_point, meeting)
    planner_page = _meeting_page(client, planner, meeting)
    secretariat_page = _meeting_page(client, secretariat, meeting)

    assert reverse("ccm_sessions:programme", args=[slug]) in anonymous_page
    assert not {planning, floor, *running} & _links(anonymous_page)
    assert floor in focal_point_page
    assert not {planning, *running} & _links(focal_point_page)
    assert planning in planner_page
    assert not set(running) & _links(planner_page)
    assert {planning, *running} <= _links(secretariat_page)
    # The secretariat runs the lists from its own pages, not from a delegation's floor.
    assert floor not in _links(secretariat_page)


def test_the_planning_navigation_shows_side_events_and_lists_only_to_the_secretariat(
    client, meeting, secretariat, planner
):
    slug = meeting.slug
    running = {reverse("ccm_sessions:side_events", args=[slug]), reverse("ccm_sessions:speakers_index", args=[slug])}

    client.force_login(planner)
    planner_page = client.get(reverse("ccm_sessions:rooms", args=[slug])).content.decode()
    client.force_login(secretariat)
    secretariat_page = client.get(reverse("ccm_sessions:rooms", args=[slug])).content.decode()

    assert not running & _links(planner_page)
    assert running <= _links(secretariat_page)


def test_a_signed_in_user_without_a_delegation_chooses_from_no_delegation_on_the_floor(client, meeting):
    client.force_login(UserFactory())

    response = client.get(reverse("ccm_sessions:floor", args=[meeting.slug]))

    assert response.status_code == 200
    assert list(response.context["delegations"]) == []


def _links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))
