import pytest
from django.core.cache import cache
from django.utils import timezone

from questions.reports.models import Report, ReportKind
from questions.revisions.models import Action, Kind, Revision
from tests.factories import make_question


@pytest.fixture(autouse=True)
def _empty_cache():
    """The rate limit counts in the cache: every test starts with no report sent."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def question(topic):
    return make_question("Does the GIL make Python parallel?", slug="gil", topic=topic)


def make_report(question, *, text="The answer is out of date.", **fields):
    fields.setdefault("kind", ReportKind.OUTDATED)
    return Report.objects.create(question=question, text=text, **fields)


def make_revision(question, *, action=Action.SAVED, created_at=None):
    return Revision.objects.create(
        kind=Kind.QUESTION,
        object_id=question.pk,
        object_repr=question.title,
        action=action,
        created_at=created_at or timezone.now(),
        data={"title": question.title},
    )
