"""Signals the meetings app sends; apps above it in the layering listen, meetings imports none of them."""

from django.dispatch import Signal

# Sent inside the transaction of a write that changes what a state delegation's category is
# derived from: a row of the treaty-status register, or a meeting's start date.
# Keyword argument `meetings`: the meetings concerned, or None for every meeting.
# A receiver returns how many rows it re-derived; `send_category_inputs_changed` adds them up.
category_inputs_changed = Signal()


def send_category_inputs_changed(*, sender, meetings=None) -> int:
    """Send `category_inputs_changed` and return the number of rows the receivers changed."""
    responses = category_inputs_changed.send(sender=sender, meetings=meetings)
    return sum(moved for _receiver, moved in responses if isinstance(moved, int))
