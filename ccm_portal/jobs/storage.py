"""Where finished renders are kept: private storage, generated names, whole writes only."""

import contextlib
import uuid

from django.core.files.base import ContentFile

from ccm_portal.storage import private_storage

RENDERS_DIR = "renders"


def write_atomically(content: bytes, *, suffix: str) -> str:
    """Write `content` under a new generated name through the storage API and return that name.

    Works the same on the local file system and on an object store: the name is new, so no
    reader knows it until the caller's single UPDATE points the job at it, and the previous
    copy stays untouched (the last good copy) until then. A write that fails is removed.
    """
    storage = private_storage()
    name = f"{RENDERS_DIR}/{uuid.uuid4().hex}{suffix}"
    try:
        saved = storage.save(name, ContentFile(content))
    except BaseException:
        delete_quietly(name)
        raise
    return saved


def delete_quietly(name: str) -> None:
    if name:
        with contextlib.suppress(Exception):
            private_storage().delete(name)
