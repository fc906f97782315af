"""The private storage on an S3-compatible object store (django-storages), when configured.

`s3_storage_settings()` in ccm_portal/settings/base.py turns the DJANGO_STORAGE_S3_* environment
variables into the "private" alias of settings.STORAGES (production.py uses it). Objects are private (ACL
"private", no public URL is ever handed out): the portal streams every download through
its own views after the permission check, as on the local file system (README, "More than
one machine", says why). Names keep the file system's rule: a name in use gets a suffix
(file_overwrite off), so a generated name is never silently replaced.

`PrivateS3Storage` answers an unreachable store with StorageUnavailable within a few
seconds (short connect and read timeouts, two attempts), which pages turn into a clear
message or a 503, never a 500.
"""

import contextlib

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3Storage

from ccm_portal.storage import StorageUnavailable

CONNECT_TIMEOUT = 3
READ_TIMEOUT = 10


def _client_error_is_unavailable(error: ClientError) -> bool:
    """A 404 is an answer ("no such file"); auth failures, throttling and 5xx mean the store is not usable."""
    return error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") != 404


@contextlib.contextmanager
def _translated(action: str):
    try:
        yield
    except BotoCoreError as exc:  # connection refused, timeouts, no credentials
        raise StorageUnavailable(f"object store unreachable while trying to {action}: {type(exc).__name__}") from exc
    except ClientError as exc:
        if _client_error_is_unavailable(exc):
            code = exc.response.get("Error", {}).get("Code", "error")
            raise StorageUnavailable(f"object store refused to {action}: {code}") from exc
        raise


class PrivateS3Storage(S3Storage):
    """S3Storage with short timeouts whose failures to reach the store raise StorageUnavailable."""

    def __init__(self, **settings):
        settings.setdefault(
            "client_config",
            Config(
                connect_timeout=CONNECT_TIMEOUT,
                read_timeout=READ_TIMEOUT,
                retries={"max_attempts": 2, "mode": "standard"},
                signature_version=settings.get("signature_version") or "s3v4",
                s3={"addressing_style": settings.get("addressing_style") or "auto"},
            ),
        )
        super().__init__(**settings)

    def check_reachable(self) -> None:
        with _translated("reach the bucket"):
            self.connection.meta.client.head_bucket(Bucket=self.bucket_name)

    def _open(self, name, mode="rb"):
        with _translated("open a file"):
            return super()._open(name, mode)

    def _save(self, name, content):
        with _translated("save a file"):
            return super()._save(name, content)

    def delete(self, name):
        with _translated("delete a file"):
            return super().delete(name)

    def exists(self, name):
        with _translated("look up a file"):
            return super().exists(name)

    def listdir(self, name):
        with _translated("list files"):
            return super().listdir(name)

    def size(self, name):
        with _translated("read a file's size"):
            return super().size(name)
