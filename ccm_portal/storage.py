"""The storage of every private file: uploads, statements, translations, finished renders.

The backend is the `"private"` alias of settings.STORAGES, so a deployment switches it by
settings only. Model fields name the callable, never an instance: migrations then record
this function, not a machine's path.
"""

from django.core.files.storage import storages

PRIVATE = "private"


def private_storage():
    """Files that are never served from a public URL; a view streams them after a permission check."""
    return storages[PRIVATE]
