"""Apps register the function that renders each kind of job.

A renderer is called as `renderer(job, progress)` and returns a `Rendered`.
`progress(percent, note)` records how far it got; the job page shows it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.module_loading import autodiscover_modules


@dataclass
class Rendered:
    content: bytes
    # The fingerprint of the data actually rendered (it may differ from the one
    # requested if the data changed while the job waited in the queue).
    fingerprint: str
    suffix: str = ".pdf"
    meta: dict = field(default_factory=dict)


_renderers: dict[str, Callable] = {}


def register(kind: str):
    def decorator(function):
        _renderers[kind] = function
        return function

    return decorator


def get_renderer(kind: str) -> Callable:
    if kind not in _renderers:
        # A worker process may not have imported the app modules that register yet.
        autodiscover_modules("tasks")
    try:
        return _renderers[kind]
    except KeyError:
        raise LookupError(f"No renderer is registered for jobs of kind {kind!r}.") from None
