"""Optimistic locking: a form carries the version of the record it was opened on, and a write
made from a stale version, or from a form that does not say which version, is refused."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

STALE = _(
    "Someone else saved this record after you opened it. Your input is kept in the form; "
    "check their change below and save again to replace it."
)
NO_VERSION = _(
    "This form does not say which version of the record it changes. Reload the page and make your change again."
)


class ConcurrentEditError(Exception):
    """Someone saved the same record after this form was opened; `current` is the record as saved now."""

    def __init__(self, current, message=None):
        self.current = current
        super().__init__(str(message or STALE))


def check_version(current, expected_version, *, error=ConcurrentEditError) -> None:
    """Refuse the write unless `expected_version` is a version number and still the record's version.

    A missing or malformed version is refused too: treating it as "whatever is current" would
    switch the check off whenever the hidden field is lost.
    """
    if isinstance(expected_version, bool) or not isinstance(expected_version, int):
        raise error(current, NO_VERSION)
    if current.version != expected_version:
        raise error(current)


class VersionField(forms.IntegerField):
    """The hidden version number a form was opened on.

    A malformed value reads as missing rather than as an error on a hidden field nobody sees:
    check_version then refuses the write with a message the form shows.
    """

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            return None
