"""One archive holds everything the portal cannot recreate: the database and the private files.

Layout of a backup (a .tar.gz, written with mode 0600: it holds every person's data):

    manifest.json      what is inside: created_at, the database vendor, row counts
                       per table and the sha256 and size of every file below
    database.dump      PostgreSQL: pg_dump --format=custom
    database.sqlite3   SQLite: a consistent copy made with sqlite3's backup API
    media/...          every file of the private storage (ccm_portal/storage.py), by its name

The files are read and written through the storage API only, so the same commands back up
a local directory and an S3 bucket.

`restore_backup` checks the manifest and every checksum before it changes anything,
refuses an archive of another database vendor, restores the database
(pg_restore --clean --if-exists in one transaction; on SQLite the backup API copies
the saved pages into the live database under its lock, so no half-written file is ever
in place), writes the files back through the storage, removes files the backup did not
have, and then counts rows and hashes files again and reports any difference.
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

from django.core.files import File
from django.db import connection
from django.utils import timezone

from ccm_portal.storage import private_storage

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
DUMP_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


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


def extracted_files(root: Path) -> dict[str, dict]:
    """{relative posix path: {"sha256", "size"}} for every regular file under a local directory `root`."""
    files = {}
    if not root.exists():
        return files
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        relative = path.relative_to(root).as_posix()
        files[relative] = {"sha256": sha256_of(path), "size": path.stat().st_size}
    return files


def stored_names(storage=None) -> list[str]:
    """The name of every file in the private storage, sorted, found by listing through the storage."""
    storage = storage or private_storage()
    names, pending = [], [""]
    while pending:
        directory = pending.pop()
        try:
            directories, files = storage.listdir(directory)
        except FileNotFoundError:  # a local storage whose directory does not exist yet
            continue
        prefix = f"{directory}/" if directory else ""
        names += [f"{prefix}{name}" for name in files]
        pending += [f"{prefix}{name}" for name in directories]
    return sorted(names)


def _copy_hashing(source, destination) -> dict:
    digest, size = hashlib.sha256(), 0
    for chunk in iter(lambda: source.read(CHUNK), b""):
        digest.update(chunk)
        size += len(chunk)
        if destination is not None:
            destination.write(chunk)
    return {"sha256": digest.hexdigest(), "size": size}


def stored_files(storage=None) -> dict[str, dict]:
    """{name: {"sha256", "size"}} for every file of the private storage, read through the storage."""
    storage = storage or private_storage()
    files = {}
    for name in stored_names(storage):
        with storage.open(name, "rb") as handle:
            files[name] = _copy_hashing(handle, None)
    return files


def _download_files(storage, target: Path) -> dict[str, dict]:
    """Copy every stored file under `target`, hashing what was copied: the archive holds exactly these bytes."""
    files = {}
    for name in stored_names(storage):
        local = target / _safe_relative(name)
        local.parent.mkdir(parents=True, exist_ok=True)
        try:
            with storage.open(name, "rb") as handle, open(local, "wb") as out:
                files[name] = _copy_hashing(handle, out)
        except FileNotFoundError:  # deleted since the listing (a replaced upload): not part of the backup
            local.unlink(missing_ok=True)
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
    storage = private_storage()
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
        media = Path(work) / MEDIA_DIR
        files = _download_files(storage, media)
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
                    archive.add(media / relative, arcname=f"{MEDIA_DIR}/{relative}", recursive=False)
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
    extracted = extracted_files(work / MEDIA_DIR)
    expected = manifest["files"]
    if set(extracted) != set(expected):
        missing = sorted(set(expected) - set(extracted))
        extra = sorted(set(extracted) - set(expected))
        raise BackupError(f"The archive's files differ from its manifest (missing {missing[:5]}, extra {extra[:5]}).")
    damaged = [name for name, meta in expected.items() if extracted[name]["sha256"] != meta["sha256"]]
    if damaged:
        raise BackupError(f"{len(damaged)} file(s) do not match their checksum, e.g. {damaged[0]}.")


def _restore_media(source: Path, storage, keep: set[str]) -> list[str]:
    """Save every backed-up file under its own name through the storage and remove the ones not backed up.

    Stored names are never reused for other content (generated names), so a file that is
    already there with the backed-up checksum is left alone; any other is replaced.
    """
    present = stored_files(storage)
    for name in sorted(keep):
        local = source / name
        if present.get(name, {}).get("sha256") == sha256_of(local):
            continue
        if name in present:
            storage.delete(name)
        with open(local, "rb") as handle:
            saved = storage.save(name, File(handle, name=name))
        if saved != name:
            raise BackupError(f"The storage saved {name} as {saved}; restore into an empty or matching storage.")
    removed = sorted(name for name in present if name not in keep)
    for name in removed:
        storage.delete(name)
    return removed


def restore_backup(archive_path: Path) -> RestoreReport:
    """Replace the database and the private files with the archive's, and check the result."""
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
    storage = private_storage()
    with tempfile.TemporaryDirectory(prefix="ccm-restore-") as work_name:
        work = Path(work_name)
        _unpack_and_verify(archive_path, work, manifest)
        dump = work / manifest["database"]["file"]
        if vendor == "postgresql":
            _restore_postgresql(dump)
        else:
            _restore_sqlite(dump)
        removed = _restore_media(work / MEDIA_DIR, storage, set(manifest["files"]))

    report = RestoreReport(removed_files=removed)
    counts = row_counts()
    for table, expected in manifest["row_counts"].items():
        found = counts.get(table)
        if found != expected:
            report.row_mismatches[table] = (expected, found)
    report.tables = len(manifest["row_counts"])
    report.rows = sum(manifest["row_counts"].values())
    now = stored_files(storage)
    report.files = len(manifest["files"])
    report.file_mismatches = sorted(
        name for name, meta in manifest["files"].items() if now.get(name, {}).get("sha256") != meta["sha256"]
    )
    return report
