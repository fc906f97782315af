"""Declared state machines: each model lists its allowed transitions once.

A model mixes in `Transitions` and declares `TRANSITIONS = {state: {next states}}`
over the field named by `STATE_FIELD`. The services call `require_transition`
before they change the field (so no path, page or script, can take a step the
table does not list), and the templates read `allowed_transitions` to decide
which buttons to show. A state missing from the table is final.

A small table rather than django-fsm: the services already own the
transaction, the row lock, the audit entry and the mail after commit, and a
transition often sets other fields too (timestamps, reasons); a decorator that
also saves would have to be threaded through all of that.
"""

from django.utils.translation import gettext as _


class Transitions:
    STATE_FIELD = "status"
    TRANSITIONS: dict = {}

    @property
    def current_state(self) -> str:
        return getattr(self, self.STATE_FIELD)

    def can_transition(self, target) -> bool:
        return target in self.TRANSITIONS.get(self.current_state, ())

    @property
    def allowed_transitions(self) -> list[str]:
        """The states this object may move to now, in the order the choices declare them."""
        targets = self.TRANSITIONS.get(self.current_state, ())
        return [value for value, _label in self._meta.get_field(self.STATE_FIELD).choices if value in targets]

    def state_label(self, state) -> str:
        return str(dict(self._meta.get_field(self.STATE_FIELD).choices).get(state, state))

    def require_transition(self, target, error: type[Exception] = ValueError) -> None:
        """Raise `error` (the app's domain error) with a message for the user if the table forbids the step."""
        if not self.can_transition(target):
            raise error(
                _("%(object)s: cannot go from “%(current)s” to “%(target)s”.")
                % {
                    "object": str(self),
                    "current": self.state_label(self.current_state).lower(),
                    "target": self.state_label(target).lower(),
                }
            )
