"""Who may do what across the portal: the roles behind every permission check."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def is_secretariat(user) -> bool:
    return bool(user.is_authenticated and user.is_secretariat)


def secretariat_required(view):
    """Anonymous visitors go to the login page; logged-in non-staff get 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_secretariat:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
