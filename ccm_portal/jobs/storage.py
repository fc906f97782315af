"""Where finished renders are kept: private storage, generated names, atomic writes."""

import contextlib
import os
import tempfile
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject

RENDERS_DIR = "renders"


class JobStorage(LazyObject):
    """Never served from a public URL: a view streams a file after checking who asks."""

    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


job_storage = JobStorage()


def get_job_storage():
    """The storage for the model field: a callable, so migrations do not record a machine's path."""
    return job_storage


def write_atomically(content: bytes, *, suffix: str) -> str:
    """Write `content` under a new generated name and return that name.

    The bytes go to a temporary file in the same directory, are flushed to disk and
    only then renamed into place, so a reader never sees a partial file: either
    the name does not exist yet or it holds the complete render.
    """
    name = f"{RENDERS_DIR}/{uuid.uuid4().hex}{suffix}"
    final_path = job_storage.path(name)
    directory = os.path.dirname(final_path)
    os.makedirs(directory, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".part-", suffix=suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, final_path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return name


def delete_quietly(name: str) -> None:
    if name:
        with contextlib.suppress(OSError):
            job_storage.delete(name)
