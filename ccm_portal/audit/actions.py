"""The labels of audit actions, in the reader's language.

The trail stores each action as a fixed English phrase ("approved participant"), so that a
change of wording or language never rewrites history; pages show it through the label its
app registered in `AppConfig.ready()`. An action no app labels is shown as stored.

Details that record a change of a choice ("Pending → Accepted") store the choices' English
labels for the same reason; an app registers those choices (`register_values`) and the
reader sees each side of the change in their language.
"""

from collections.abc import Mapping

_labels: list[Mapping] = []


def register_labels(labels: Mapping) -> None:
    """Add an app's {stored action: lazy translated label} (kept by reference, read on each lookup)."""
    if not any(labels is known for known in _labels):
        _labels.append(labels)


def action_label(action: str) -> str:
    for labels in _labels:
        if action in labels:
            return str(labels[action])
    return action


_values: dict[str, object] = {}


def register_values(choices) -> None:
    """Let the English labels of `choices` (a TextChoices class) be shown translated in details."""
    from django.utils import translation

    with translation.override("en"):
        for choice in choices:
            _values[str(choice.label)] = choice.label


def value_label(value: str) -> str:
    """A stored English choice label in the reader's language; any other text as stored."""
    label = _values.get(value)
    return value if label is None else str(label)
