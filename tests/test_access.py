"""The permission layer: every URL's view declares a rule that exists, and the rules decide."""

import rules
from django.contrib.auth.models import AnonymousUser
from django.urls import URLPattern, URLResolver, get_resolver

from ccm_portal.access import PUBLIC, SECRETARIAT, SIGNED_IN, allowed, rule_of
from ccm_portal.accounts.models import User
from ccm_portal.meetings.models import Meeting
from tests.factories import MeetingFactory, SecretariatFactory, UserFactory

# Django's admin guards its own pages (staff, then model permissions); nothing of ours is routed there.
OWN_GUARD = ("admin:",)


def _patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or entry.pattern}", entry.callback


def test_every_url_declares_a_rule_that_exists():
    routed = [(name, view) for name, view in _patterns() if not name.startswith(OWN_GUARD)]
    undeclared = sorted(name for name, view in routed if rule_of(view) is None)
    unknown = sorted(
        f"{name} ({rule_of(view)})" for name, view in routed if rule_of(view) and not rules.perm_exists(rule_of(view))
    )

    assert len(routed) > 100
    assert undeclared == [], f"views without a rule: {undeclared}"
    assert unknown == [], f"rules that no rules.py registers: {unknown}"


def test_role_rules_follow_the_user_role(db):
    anonymous, delegate = AnonymousUser(), UserFactory()
    secretariat, organiser = SecretariatFactory(), UserFactory(role=User.Role.ORGANISER)

    assert [allowed(u, PUBLIC) for u in (anonymous, delegate)] == [True, True]
    assert [allowed(u, SIGNED_IN) for u in (anonymous, delegate, secretariat)] == [False, True, True]
    assert [allowed(u, SECRETARIAT) for u in (anonymous, delegate, organiser, secretariat)] == [
        False,
        False,
        False,
        True,
    ]


def test_an_inactive_secretariat_account_has_no_rights(db):
    secretariat = SecretariatFactory(is_active=False)

    assert not allowed(secretariat, SECRETARIAT)
    assert not allowed(secretariat, SIGNED_IN)


def test_unpublished_meetings_are_visible_to_those_who_plan_them(db):
    published, draft = MeetingFactory(is_published=True), MeetingFactory(is_published=False)

    def seen(user):
        return set(Meeting.objects.visible_to(user))

    assert seen(AnonymousUser()) == {published}
    assert seen(UserFactory()) == {published}
    assert seen(UserFactory(role=User.Role.ORGANISER)) == {published, draft}
    assert seen(SecretariatFactory()) == {published, draft}
