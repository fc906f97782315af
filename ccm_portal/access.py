"""The one door for who may do what.

Every view declares the rule it runs under with `@rule("app.permission")`; the rules
themselves (django-rules predicates) live in each app's `rules.py`, found by
`rules.apps.AutodiscoverRulesConfig`. Templates ask the same rules with
`{% load access %}{% has_perm "app.permission" obj as allowed %}`; no template compares roles.

The 404 loaders stay the door to objects: a rule about an object is checked once the
view's loader has found it (`load=`), so a visitor who may not see the object still gets 404.

Rules are asked through `rules.has_perm`, not `user.has_perm`: Django's ModelBackend would
add two queries per request for database permissions the portal does not use.
"""

from functools import wraps

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

# Rules every app uses, registered in ccm_portal/accounts/rules.py.
PUBLIC = "portal.public"
SIGNED_IN = "portal.signed_in"
SECRETARIAT = "portal.secretariat"


def allowed(user, perm: str, obj=None) -> bool:
    return rules.has_perm(perm, user, obj)


def authorize(user, perm: str, obj=None) -> None:
    """Raise 403 unless the rule allows it (for checks inside a view, after a form or a choice)."""
    if not allowed(user, perm, obj):
        raise PermissionDenied


def _refuse(request):
    """Anonymous visitors are sent to log in; logged-in users without the right get 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def rule(perm: str, *, load=None):
    """Declare and enforce the rule of a function view.

    Without `load` the rule is asked about the user alone. With `load(request, **kwargs)`,
    a 404 loader, the rule is asked about the object it returns, and the view is called as
    `view(request, obj, **kwargs)`. tests/test_access.py checks that every URL's view
    declares a rule that exists.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if load is None:
                if not allowed(request.user, perm):
                    return _refuse(request)
                return view(request, *args, **kwargs)
            obj = load(request, **kwargs)
            if not allowed(request.user, perm, obj):
                return _refuse(request)
            return view(request, obj, *args, **kwargs)

        wrapped.permission_rule = perm
        return wrapped

    return decorator


def rule_of(view) -> str | None:
    """The rule a view declared (through `rule`), looking through decorators that wrap it."""
    while view is not None:
        declared = getattr(view, "permission_rule", None)
        if declared:
            return declared
        view = getattr(view, "__wrapped__", None)
    return None
