import pytest

from tests import factories


@pytest.fixture(autouse=True)
def _db_for_all(db):
    """Every test here talks to a real database; the groups come from the migration."""


@pytest.fixture
def reader():
    return factories.make_reader("reader")


@pytest.fixture
def editor():
    return factories.make_editor("editor")


@pytest.fixture
def publisher():
    return factories.make_publisher("publisher")


@pytest.fixture
def superuser():
    return factories.make_user("admin", is_superuser=True)


@pytest.fixture
def topic():
    return factories.make_topic("Routing and URLs", slug="routing")


@pytest.fixture
def django_framework():
    return factories.make_framework("django", name="Django")


@pytest.fixture
def flask_framework():
    return factories.make_framework("flask", name="Flask")
