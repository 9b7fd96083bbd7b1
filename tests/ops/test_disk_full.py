"""A full disk: writes are refused with a page that says so, and nothing is half-written.

In-process, SQLite's `max_page_count` makes the database file full: any write
that needs a new page fails with SQLITE_FULL, as on a full disk. With root, a
real tmpfs of a few megabytes is filled under a gunicorn server.
"""

import contextlib

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client

from accounts.models import User
from accounts.roles import READERS
from questions.models import Topic
from questions.revisions.models import Revision
from tests import factories

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's page limit stands in for a full disk"
)

CANNOT_SAVE = "The site cannot save right now"
PASSWORD = "correct-horse-battery-9"


@contextlib.contextmanager
def full_database():
    """Let the database file grow no more, then lift the limit."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA max_page_count")
        (limit,) = cursor.fetchone()
        # No free pages left to reuse: a write that needs a page must grow the file.
        cursor.execute("VACUUM")
        cursor.execute("PRAGMA page_count")
        (pages,) = cursor.fetchone()
        cursor.execute(f"PRAGMA max_page_count = {pages}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA max_page_count = {limit}")


@pytest.fixture
def roles(transactional_db):
    factories.make_roles()


@pytest.fixture
def publisher_client(roles, publisher):
    client = Client(raise_request_exception=False)
    client.force_login(publisher)
    return client


def test_an_admin_save_on_a_full_database_is_refused_whole(publisher_client):
    revisions = Revision.objects.count()

    with full_database():
        response = publisher_client.post(
            "/admin/questions/topic/add/",
            {
                "name": "Storage",
                "slug": "storage",
                "position": "1",
                "review_interval_months": "12",
                # Longer than a page: storing it needs new pages, whatever room is left.
                "description": "Disks fill up. " * 2_000,
            },
        )

    assert response.status_code == 503
    assert CANNOT_SAVE in response.content.decode()
    assert response["Retry-After"]
    assert not Topic.objects.filter(slug="storage").exists()
    assert Revision.objects.count() == revisions


def test_sign_ups_on_a_full_database_are_whole_or_refused(transactional_db):
    """Sign up until the database refuses: each account is complete, or not there at all."""
    # A transactional test starts from empty tables, without the migration's groups.
    Group.objects.get_or_create(name=READERS)
    statuses = []

    with full_database():
        for number in range(200):
            # A new visitor each time: logging out would write too.
            response = Client(raise_request_exception=False).post(
                "/accounts/signup/",
                {
                    "username": f"candidate{number}",
                    "email": f"candidate{number}@example.com",
                    "password1": PASSWORD,
                    "password2": PASSWORD,
                },
            )
            statuses.append(response.status_code)
            if response.status_code != 302:
                break

    assert statuses[-1] == 503, (len(statuses), response.content.decode()[:3000])
    assert CANNOT_SAVE in response.content.decode()
    refused = f"candidate{len(statuses) - 1}"
    assert not User.objects.filter(username=refused).exists()
    accepted = User.objects.filter(username__startswith="candidate")
    assert accepted.count() == len(statuses) - 1
    assert all(user.groups.filter(name=READERS).exists() for user in accepted)
