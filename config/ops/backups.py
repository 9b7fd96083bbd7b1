"""Backups of the whole database, taken while the site runs, and their restore.

SQLite through its online backup API (one consistent snapshot, writers are not
blocked in WAL mode), PostgreSQL through `pg_dump`'s custom format (one
snapshot too). A backup is written next to its destination under a temporary
name and renamed into place once complete, so a failure leaves nothing behind
that could pass for a backup.
"""

import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.db.backends.postgresql.client import DatabaseClient

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why."""


def engine_of(database):
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {engine}.")


def backup(database, destination: Path):
    """Write a consistent copy of `database` (a DATABASES entry) to `destination`."""
    destination = Path(destination)
    writer = _backup_sqlite if engine_of(database) == "sqlite" else _backup_postgresql
    with _written_atomically(destination) as partial:
        writer(database, partial)


def restore(database, source: Path):
    """Replace everything in `database` with the backup at `source`, all or nothing."""
    source = Path(source)
    kind = backup_kind(source)
    engine = engine_of(database)
    if kind != engine:
        raise BackupError(f"{source} is a {kind} backup; this site runs on {engine}.")
    if engine == "sqlite":
        _restore_sqlite(database, source)
    else:
        _restore_postgresql(database, source)


def backup_kind(path: Path):
    try:
        with open(path, "rb") as file:
            start = file.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise BackupError(f"Cannot read {path}: {error.strerror or error}.") from None
    if start == SQLITE_MAGIC:
        return "sqlite"
    if start.startswith(PGDUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is not a backup written by `manage.py backup`.")


@contextlib.contextmanager
def _written_atomically(destination: Path):
    """Yield a temporary path beside `destination`; rename it into place on success."""
    if destination.is_dir():
        raise BackupError(f"{destination} is a directory; give the backup file's name.")
    folder = destination.parent
    if not folder.is_dir():
        raise BackupError(f"Cannot write {destination}: the folder {folder} does not exist.")
    try:
        handle, name = tempfile.mkstemp(dir=folder, prefix=f".{destination.name}.", suffix=".part")
    except OSError as error:
        raise BackupError(f"Cannot write in {folder}: {error.strerror or error}.") from None
    os.close(handle)
    partial = Path(name)
    try:
        yield partial
        os.replace(partial, destination)
    except OSError as error:
        raise BackupError(f"Cannot write {destination}: {error.strerror or error}.") from None
    finally:
        partial.unlink(missing_ok=True)


def _sqlite_path(database):
    name = str(database["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return name


def _sqlite_uri(path, mode):
    return f"{Path(path).resolve().as_uri()}?mode={mode}"


def _backup_sqlite(database, partial: Path):
    timeout = database.get("OPTIONS", {}).get("timeout", 20)
    try:
        # Read-write though it only reads (a read-only connection to a WAL database fails
        # when no other one has its shared memory open); never creates a missing file.
        source = sqlite3.connect(
            _sqlite_uri(_sqlite_path(database), "rw"), uri=True, timeout=timeout
        )
        target = sqlite3.connect(partial)
        try:
            # One step (pages=-1): the copy is read in a single transaction, one snapshot.
            source.backup(target)
            # A single self-contained file, whatever journal the live database uses.
            target.execute("PRAGMA journal_mode=DELETE")
            _check_sqlite(target, partial)
        finally:
            target.close()
            source.close()
    except sqlite3.Error as error:
        raise BackupError(f"The SQLite backup failed: {error}.") from None


def _check_sqlite(connection, path):
    # The schema's CHECK constraints call REGEXP, which Django registers on its own
    # connections; quick_check evaluates them.
    connection.create_function("REGEXP", 2, _regexp, deterministic=True)
    (result,) = connection.execute("PRAGMA quick_check").fetchone()
    if result != "ok":
        raise BackupError(f"{path} is damaged: {result}.")
    if not connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
    ).fetchone():
        raise BackupError(f"{path} is not a backup of this site's database.")


def _regexp(pattern, value):
    if pattern is None or value is None:
        return None
    return bool(re.search(pattern, str(value)))


def _restore_sqlite(database, source: Path):
    timeout = database.get("OPTIONS", {}).get("timeout", 20)
    try:
        backup_file = sqlite3.connect(_sqlite_uri(source, "ro"), uri=True)
        live = sqlite3.connect(_sqlite_path(database), timeout=timeout)
        try:
            _check_sqlite(backup_file, source)
            # One step: readers see the old database or the restored one, never a mix.
            backup_file.backup(live)
        finally:
            live.close()
            backup_file.close()
    except sqlite3.Error as error:
        raise BackupError(f"The SQLite restore failed: {error}.") from None


def _postgresql_program(name):
    program = shutil.which(name)
    if program is None:
        raise BackupError(
            f"{name} was not found on PATH: install the PostgreSQL client tools "
            "(Debian: apt-get install postgresql-client), the same major version as the server."
        )
    return program


def _postgresql_connection(database):
    """Connection options for pg_dump and pg_restore, and the environment with the password."""
    _, extra_env = DatabaseClient.settings_to_cmd_args_env(database, [])
    options = [
        f"{flag}={database[key]}"
        for flag, key in (("--username", "USER"), ("--host", "HOST"), ("--port", "PORT"))
        if database.get(key)
    ]
    return options, {**os.environ, **(extra_env or {})}


def _run(command, env, what):
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{what} failed ({done.returncode}): {done.stderr.strip()}")


def _backup_postgresql(database, partial: Path):
    options, env = _postgresql_connection(database)
    program = _postgresql_program("pg_dump")
    command = [program, "--format=custom", f"--file={partial}", *options, database["NAME"]]
    _run(command, env, "pg_dump")


def _restore_postgresql(database, source: Path):
    options, env = _postgresql_connection(database)
    program = _postgresql_program("pg_restore")
    command = [
        program,
        *("--clean", "--if-exists", "--no-owner", "--no-privileges"),
        # All or nothing: the first error stops it and rolls every change back.
        *("--single-transaction", "--exit-on-error"),
        *options,
        f"--dbname={database['NAME']}",
        str(source),
    ]
    _run(command, env, "pg_restore")
