"""The permission layer: every URL's view declares a rule that exists, and the rules decide."""

import re
from pathlib import Path

import rules
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template import engines
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


# An {% if %} or {% elif %} tag that reads the role off the user instead of asking a rule. A participant's
# role in a delegation (p.role == "head") is not a user's role: `.role` counts on a user or against a user role.
USER_ROLE = (
    r"is_secretariat|is_staff|is_superuser|\buser\.role\b|\.role\s*[!=]=\s*[\"'](?:secretariat|organiser|delegate)\b"
)
ROLE_COMPARISON = re.compile(r"\{%-?\s*(?:el)?if\b[^%]*?(?:" + USER_ROLE + r")[^%]*%\}")


def _role_comparisons(source: str) -> list[str]:
    return [match.group(0) for match in ROLE_COMPARISON.finditer(source)]


def _own_template_dirs() -> list[Path]:
    """The portal's template directories (the project's and its apps'), not those of installed packages."""
    return [Path(d) for d in engines["django"].template_dirs if "site-packages" not in Path(d).parts]


def test_the_role_check_finder_sees_if_and_elif_tags_but_not_rules():
    source = """
        {% if user.is_secretariat %}a{% elif user.role == "organiser" %}b{% endif %}
        {% if request.user.is_staff or user.is_superuser %}c{% endif %}
        {% if author.role == 'secretariat' %}e{% endif %}
        {% if p.role == "head" %}head of delegation{% endif %}
        {% load access %}{% has_perm "portal.secretariat" as secretariat %}{% if secretariat %}d{% endif %}
        {{ user.get_role_display }}
    """

    assert _role_comparisons(source) == [
        "{% if user.is_secretariat %}",
        '{% elif user.role == "organiser" %}',
        "{% if request.user.is_staff or user.is_superuser %}",
        "{% if author.role == 'secretariat' %}",
    ]


def test_no_template_compares_roles():
    """Templates ask the rules ({% has_perm %}) or read a flag the view set; none reads the user's role."""
    dirs = _own_template_dirs()
    offenders = [
        f"{path.relative_to(settings.BASE_DIR)}: {tag}"
        for directory in dirs
        for path in sorted(directory.rglob("*"))
        if path.is_file()
        for tag in _role_comparisons(path.read_text(encoding="utf-8"))
    ]

    assert Path(settings.BASE_DIR, "templates") in dirs
    assert len(dirs) >= 6
    assert offenders == [], "templates that compare roles:\n" + "\n".join(offenders)
