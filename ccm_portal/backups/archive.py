"""One archive holds everything the portal cannot recreate: the database and PRIVATE_MEDIA_ROOT.

Layout of a backup (a .tar.gz, written with mode 0600: it holds every person's data):

    manifest.json      what is inside: created_at, the database vendor, row counts
                       per table and the sha256 and size of every file below
    database.dump      PostgreSQL: pg_dump --format=custom
    database.sqlite3   SQLite: a consistent copy made with sqlite3's backup API
    media/...          the files of PRIVATE_MEDIA_ROOT, by their relative path

`restore_backup` checks the manifest and every checksum before it changes anything,
refuses an archive of another database vendor, restores the database
(pg_restore --clean --if-exists in one transaction; on SQLite the backup API copies
the saved pages into the live database under its lock, so no half-written file is ever
in place), writes the files back, removes files the backup did not have, and then
counts rows and hashes files again and reports any difference.
"""

import contextlib
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
DUMP_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# Renders being written right now (ccm_portal/jobs/storage.py); never worth keeping.
SKIPPED_PREFIX = ".part-"


class BackupError(Exception):
    """The backup or restore cannot go ahead; the message says why and what to do."""


@dataclass
class RestoreReport:
    tables: int = 0
    rows: int = 0
    files: int = 0
    removed_files: list[str] = field(default_factory=list)
    row_mismatches: dict[str, tuple[int, int]] = field(default_factory=dict)
    file_mismatches: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.row_mismatches and not self.file_mismatches


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _vendor() -> str:
    vendor = connection.vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def row_counts() -> dict[str, int]:
    """Rows in every table of the configured database, by table name."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from the catalogue)
            counts[table] = cursor.fetchone()[0]
    return counts


def media_files(root: Path) -> dict[str, dict]:
    """{relative posix path: {"sha256", "size"}} for every regular file under `root`."""
    files = {}
    if not root.exists():
        return files
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file() or path.name.startswith(SKIPPED_PREFIX):
            continue
        relative = path.relative_to(root).as_posix()
        files[relative] = {"sha256": sha256_of(path), "size": path.stat().st_size}
    return files


# ---------------------------------------------------------------- PostgreSQL


def _pg_environment() -> tuple[list[str], dict]:
    """Connection arguments for pg_dump/pg_restore from the connection Django uses."""
    params = connection.settings_dict
    args = []
    if params.get("HOST"):
        args += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    if params.get("USER"):
        args += ["--username", str(params["USER"])]
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict) -> None:
    program = command[0]
    if shutil.which(program) is None:
        raise BackupError(f"{program} is not installed; on Debian/Ubuntu: apt-get install postgresql-client.")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{program} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


def _dump_postgresql(target: Path) -> None:
    args, env = _pg_environment()
    name = connection.settings_dict["NAME"]
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *args, "--file", str(target), name], env)


def _restore_postgresql(dump: Path) -> None:
    args, env = _pg_environment()
    name = connection.settings_dict["NAME"]
    # Our own connection holds no locks once closed; pg_restore drops and recreates every table.
    connection.close()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *args,
            "--dbname",
            name,
            str(dump),
        ],
        env,
    )


# ---------------------------------------------------------------- SQLite


def _live_sqlite():
    """The raw sqlite3 connection Django uses (also for an in-memory test database)."""
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("Run backups and restores outside a transaction.")
    return connection.connection


def _dump_sqlite(target: Path) -> None:
    destination = sqlite3.connect(target)
    try:
        _live_sqlite().backup(destination)
    finally:
        destination.close()


def _restore_sqlite(copy: Path) -> None:
    source = sqlite3.connect(copy)
    try:
        source.backup(_live_sqlite())
    finally:
        source.close()


# ---------------------------------------------------------------- backup


def default_archive_path(directory: Path | None = None) -> Path:
    directory = Path(directory or Path.cwd() / "backups")
    return directory / f"ccm-portal-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"


def create_backup(target: Path) -> dict:
    """Write the archive to `target` and return its manifest."""
    vendor = _vendor()
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.PRIVATE_MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="ccm-backup-") as work:
        dump = Path(work) / DUMP_NAMES[vendor]
        # Counted just before the dump: the row counts describe what the dump holds as long
        # as nobody writes in between; run backups when the portal is quiet, or compare
        # the counts the restore reports.
        counts = row_counts()
        if vendor == "postgresql":
            _dump_postgresql(dump)
        else:
            _dump_sqlite(dump)
        files = media_files(media_root)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "vendor": vendor,
            "database": {"file": dump.name, "sha256": sha256_of(dump), "size": dump.stat().st_size},
            "row_counts": counts,
            "files": files,
        }
        partial = target.with_name(f".{target.name}.part")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                payload = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode, info.mtime = len(payload), 0o600, int(timezone.now().timestamp())
                archive.addfile(info, io.BytesIO(payload))
                archive.add(dump, arcname=dump.name, recursive=False)
                for relative in files:
                    archive.add(media_root / relative, arcname=f"{MEDIA_DIR}/{relative}", recursive=False)
            os.replace(partial, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(partial)
            raise
    return manifest


# ---------------------------------------------------------------- restore


def _safe_relative(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"The archive holds an unsafe path: {name!r}.")
    return path.as_posix()


def read_manifest(archive_path: Path) -> dict:
    with tarfile.open(archive_path, mode="r:gz") as archive:
        try:
            member = archive.getmember(MANIFEST)
        except KeyError:
            raise BackupError("This is not a CCM Portal backup: it has no manifest.json.") from None
        manifest = json.load(archive.extractfile(member))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}; this portal reads format {FORMAT}.")
    return manifest


def _unpack_and_verify(archive_path: Path, work: Path, manifest: dict) -> None:
    """Extract into `work` and check every checksum; raises before anything is changed."""
    with tarfile.open(archive_path, mode="r:gz") as archive:
        for member in archive.getmembers():
            _safe_relative(member.name)
            if not (member.isfile() or member.isdir()):
                raise BackupError(f"The archive holds something other than a file: {member.name!r}.")
        archive.extractall(work, filter="data")
    database = manifest["database"]
    dump = work / _safe_relative(database["file"])
    if database["file"] != DUMP_NAMES[manifest["vendor"]] or not dump.is_file():
        raise BackupError("The archive's database dump is missing.")
    if sha256_of(dump) != database["sha256"]:
        raise BackupError("The database dump does not match its checksum: the archive is damaged.")
    extracted = media_files(work / MEDIA_DIR)
    expected = manifest["files"]
    if set(extracted) != set(expected):
        missing = sorted(set(expected) - set(extracted))
        extra = sorted(set(extracted) - set(expected))
        raise BackupError(f"The archive's files differ from its manifest (missing {missing[:5]}, extra {extra[:5]}).")
    damaged = [name for name, meta in expected.items() if extracted[name]["sha256"] != meta["sha256"]]
    if damaged:
        raise BackupError(f"{len(damaged)} file(s) do not match their checksum, e.g. {damaged[0]}.")


def _restore_media(source: Path, media_root: Path, keep: set[str]) -> list[str]:
    """Put every saved file in place (atomically, one by one) and remove the ones not saved."""
    media_root.mkdir(parents=True, exist_ok=True)
    for relative in sorted(keep):
        destination = media_root / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        temporary = destination.with_name(f"{SKIPPED_PREFIX}{destination.name}")
        shutil.copyfile(source / relative, temporary)
        os.replace(temporary, destination)
    removed = []
    for relative in media_files(media_root):
        if relative not in keep:
            (media_root / relative).unlink()
            removed.append(relative)
    return removed


def restore_backup(archive_path: Path) -> RestoreReport:
    """Replace the database and PRIVATE_MEDIA_ROOT with the archive's, and check the result."""
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"No such file: {archive_path}.")
    vendor = _vendor()
    manifest = read_manifest(archive_path)
    if manifest.get("vendor") != vendor:
        raise BackupError(
            f"This archive holds a {manifest.get('vendor')} database and the portal is configured for {vendor}; "
            "restore it into a portal configured like the one it came from."
        )
    media_root = Path(settings.PRIVATE_MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="ccm-restore-") as work_name:
        work = Path(work_name)
        _unpack_and_verify(archive_path, work, manifest)
        dump = work / manifest["database"]["file"]
        if vendor == "postgresql":
            _restore_postgresql(dump)
        else:
            _restore_sqlite(dump)
        removed = _restore_media(work / MEDIA_DIR, media_root, set(manifest["files"]))

    report = RestoreReport(removed_files=removed)
    counts = row_counts()
    for table, expected in manifest["row_counts"].items():
        found = counts.get(table)
        if found != expected:
            report.row_mismatches[table] = (expected, found)
    report.tables = len(manifest["row_counts"])
    report.rows = sum(manifest["row_counts"].values())
    now = media_files(media_root)
    report.files = len(manifest["files"])
    report.file_mismatches = sorted(
        name for name, meta in manifest["files"].items() if now.get(name, {}).get("sha256") != meta["sha256"]
    )
    return report
