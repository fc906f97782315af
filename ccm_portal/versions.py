"""Version tokens, and what a process keeps under them.

A version token names the state of some data: every change of that data replaces the token
(a new random value, never reused) in the shared cache, so every process sees at its next read
that what it kept under the old token is stale, with nothing to clear by hand. The token is
replaced at once and again when the changing transaction commits: a reader that read the old
rows between the two kept them under a token that is already gone.

`local_value` keeps a value in the process under a token. Within one request each token is
read from the cache once (`read`): the memo lives from Django's request_started to its
request_finished, in the request's own thread, and a `replace` in the request empties it.
Outside a request (a job, a command) every read goes to the cache.

ccm_portal/pagecache.py names the tokens of the public pages (a meeting's areas, every
meeting's row); other modules name their own with `token` and `replace_token`.
"""

import pickle
import threading
import uuid

from asgiref.local import Local
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction

PREFIX = "ccm:page"


def _new_token() -> str:
    return uuid.uuid4().hex


# The tokens this request has read (None outside a request).
_request = Local()


def _open_memo(**kwargs) -> None:
    _request.tokens = {}


def _close_memo(**kwargs) -> None:
    _request.tokens = None


request_started.connect(_open_memo, dispatch_uid="versions:open-memo")
request_finished.connect(_close_memo, dispatch_uid="versions:close-memo")


def _memo() -> dict | None:
    return getattr(_request, "tokens", None)


def _set_new(keys: list[str]) -> None:
    if _memo() is not None:
        _request.tokens = {}
    cache.set_many({key: _new_token() for key in keys}, None)


def replace(keys: list[str]) -> None:
    """New tokens for these cache keys, now and once the transaction commits."""
    _set_new(keys)
    transaction.on_commit(lambda: _set_new(keys))


def read(keys: list[str]) -> str:
    """The current tokens of these cache keys, joined, in one cache round trip at most."""
    memo = _memo()
    found = {key: memo[key] for key in keys if key in memo} if memo else {}
    wanted = [key for key in keys if key not in found]
    if wanted:
        found.update(cache.get_many(wanted))
        missing = [key for key in wanted if key not in found]
        if missing:
            # add() keeps a token another process set meanwhile; read back what won.
            for key in missing:
                cache.add(key, _new_token(), None)
            found.update(cache.get_many(missing))
        if memo is not None:
            memo.update({key: found[key] for key in wanted if key in found})
    return ".".join(str(found.get(key, "")) for key in keys)


def token_key(name: str) -> str:
    return f"{PREFIX}:version:{name}"


def token(name: str) -> str:
    """The current token of `name` (see replace_token)."""
    return read([token_key(name)])


def replace_token(name: str) -> None:
    """Make whatever is kept under `name`'s token stale, in every process."""
    replace([token_key(name)])


def local_value(version: str, name: str, compute):
    """`compute()`, kept in this process under a version token (which a change replaces, never reuses)."""
    key = f"{name}:{version}"
    with _local_values_lock:
        if key in _local_values:
            return _local_values[key]
    value = compute()
    with _local_values_lock:
        _local_values[key] = value
        while len(_local_values) > 256:
            _local_values.pop(next(iter(_local_values)))
    return value


_local_values: dict = {}
_local_values_lock = threading.Lock()


def local_copy(version: str, name: str, compute):
    """local_value for a row (or None): kept pickled, and each caller gets its own copy, so that
    nothing one request does to it reaches another."""
    return pickle.loads(local_value(version, name, lambda: pickle.dumps(compute())))  # noqa: S301 (our own pickle)
