"""The labels of audit actions, in the reader's language.

The trail stores each action as a fixed English phrase ("approved participant"), so that a
change of wording or language never rewrites history; pages show it through the label its
app registered in `AppConfig.ready()`. An action no app labels is shown as stored.
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
