"""The storage of every private file: uploads, statements, translations, finished renders.

The backend is the `"private"` alias of settings.STORAGES, so a deployment switches it by
settings only: the local file system by default, an S3-compatible object store when
DJANGO_STORAGE_S3_BUCKET is set (ccm_portal/object_storage.py). Model fields name the
callable, never an instance: migrations then record this function, not a machine's path.
"""

import os

from django.core.files.storage import FileSystemStorage, storages
from django.shortcuts import render
from django.utils.translation import gettext

PRIVATE = "private"
# How long the "file store unavailable" page asks the browser to wait before trying again.
RETRY_AFTER_SECONDS = 30


class StorageUnavailable(OSError):
    """The file store cannot be reached (network, timeout, credentials): nothing was read or written."""


def store_down_message() -> str:
    """What an upload form says next to its file field when StorageUnavailable stopped the save (nothing saved)."""
    return gettext("The document store cannot be reached right now, so nothing was saved. Try again in a minute.")


def private_storage():
    """Files that are never served from a public URL; a view streams them after a permission check."""
    return storages[PRIVATE]


def check_reachable(storage=None) -> None:
    """Raise StorageUnavailable unless the storage answers now (for /readyz)."""
    storage = storage or private_storage()
    if hasattr(storage, "check_reachable"):
        storage.check_reachable()
        return
    if isinstance(storage, FileSystemStorage):
        # As the first save would: a fresh deployment has no directory yet and is ready all the same.
        try:
            os.makedirs(storage.location, exist_ok=True)
        except OSError as exc:
            raise StorageUnavailable("the private files' directory cannot be created") from exc
        if not os.access(storage.location, os.W_OK | os.X_OK):
            raise StorageUnavailable("the private files' directory is not writable")
        return
    storage.listdir("")


def unavailable_page(request):
    """503, not 500: the store is down, nothing was saved, try again shortly."""
    response = render(request, "errors/storage_unavailable.html", {"retry_after": RETRY_AFTER_SECONDS}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class StorageUnavailableMiddleware:
    """Any view whose upload or download meets an unreachable store answers the 503 page.

    Services save a file before the row that names it, inside their transaction, so the
    exception leaves neither the row nor a file behind. The upload forms (note verbale,
    participant photo, statement, language version, register file) catch StorageUnavailable
    themselves first and say store_down_message() next to the file field.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, StorageUnavailable):
            return unavailable_page(request)
        return None
