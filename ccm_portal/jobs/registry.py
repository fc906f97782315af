"""Apps register the function that renders each kind of job.

A renderer is called as `renderer(job, progress)` and returns a `Rendered`.
`progress(percent, note)` records how far it got; the job page shows it.
Apps register in their `AppConfig.ready()`, so every process that loads the apps (web,
worker, shell) knows every renderer before the first job runs.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


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
    try:
        return _renderers[kind]
    except KeyError:
        raise LookupError(f"No renderer is registered for jobs of kind {kind!r}.") from None
