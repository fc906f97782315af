"""Where finished renders are kept: private storage, generated names, atomic writes."""

import contextlib
import os
import tempfile
import uuid

from ccm_portal.storage import private_storage

RENDERS_DIR = "renders"


def write_atomically(content: bytes, *, suffix: str) -> str:
    """Write `content` under a new generated name and return that name.

    The bytes go to a temporary file in the same directory, are flushed to disk and
    only then renamed into place, so a reader never sees a partial file: either
    the name does not exist yet or it holds the complete render.
    """
    name = f"{RENDERS_DIR}/{uuid.uuid4().hex}{suffix}"
    final_path = private_storage().path(name)
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
            private_storage().delete(name)
