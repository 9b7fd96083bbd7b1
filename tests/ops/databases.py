"""Read and write a database by its URL, outside Django: what a backup must hold."""

import contextlib
import sqlite3

import dj_database_url


def is_sqlite(url):
    return url.startswith("sqlite:")


@contextlib.contextmanager
def connect(url):
    """A DB-API connection to the database at `url`, and its parameter marker."""
    if is_sqlite(url):
        connection = sqlite3.connect(dj_database_url.parse(url)["NAME"], timeout=20)
        marker = "?"
    else:
        import psycopg

        connection = psycopg.connect(url)
        marker = "%s"
    try:
        yield connection, marker
    finally:
        connection.close()


def table_names(connection, url):
    if is_sqlite(url):
        query = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
    else:
        query = (
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
            "AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
    return [name for (name,) in connection.execute(query).fetchall()]


def every_row(url):
    """Every table's rows, each table's sorted, as comparable text."""
    with connect(url) as (connection, _):
        return {
            table: sorted(
                repr(tuple(bytes(v) if isinstance(v, memoryview) else v for v in row))
                for row in connection.execute(f'SELECT * FROM "{table}"').fetchall()
            )
            for table in table_names(connection, url)
        }


def count(url, query):
    with connect(url) as (connection, _):
        return connection.execute(query).fetchone()[0]
