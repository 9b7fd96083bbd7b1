"""A small bank and the admin as editors and publishers drive it, through real form posts."""

import pytest
from django.core.cache import cache
from django.test import Client

from questions.models import Question
from questions.revisions.models import Revision
from tests import factories
from tests.pages import form_values

from .public import Live, live_from

CHANGELIST = "/admin/questions/question/"
RECOVER = "/admin/questions/question/recover/"


def change_url(question):
    return f"{CHANGELIST}{question.pk}/change/"


def review_url(question):
    return f"{CHANGELIST}{question.pk}/review/"


def history_url(question):
    return f"{CHANGELIST}{question.pk}/revisions/"


def revert_url(question, revision):
    return f"{CHANGELIST}{question.pk}/revisions/{revision.pk}/revert/"


def compare_url(question, older, newer):
    return f"{CHANGELIST}{question.pk}/revisions/compare/?from={older.pk}&to={newer.pk}"


class Admin:
    """One person in the admin: every step a browser would take, as form posts."""

    def __init__(self, user):
        self.user = user
        self.client = Client()
        self.client.force_login(user)

    def form(self, question) -> dict:
        """The change form of `question` as the browser would post it back, unchanged."""
        response = self.client.get(change_url(question))
        assert response.status_code == 200
        return form_values(response)

    def save(self, question, answers=None, **changes):
        """Open the change form, change fields (and answers' bodies by index), save."""
        values = self.form(question)
        values.update(changes)
        for index, body in (answers or {}).items():
            values[f"answers-{index}-body"] = body
        values["_save"] = "Save"
        return self.client.post(change_url(question), values)

    def review(self, question, action, **data):
        return self.client.post(review_url(question), {"action": action, **data})

    def submit(self, question, note=""):
        return self.review(question, "submit", comment=note)

    def approve(self, question, **data):
        return self.review(question, "approve", **data)

    def request_changes(self, question, comment="Please explain the GIL's release on I/O."):
        return self.review(question, "request_changes", comment=comment)

    def revert(self, question, revision):
        confirm = self.client.get(revert_url(question, revision))
        if confirm.status_code != 200:
            return confirm
        return self.client.post(revert_url(question, revision))

    def recover(self, revision):
        return self.client.post(RECOVER, {"revision": revision.pk})

    def action(self, name, questions, **extra):
        return self.client.post(
            CHANGELIST,
            {"action": name, "_selected_action": [q.pk for q in questions], **extra},
        )


def saved(response):
    """Assert an admin save went through (a redirect), showing the form's errors if not."""
    context = getattr(response, "context", None)
    errors = context and context.get("errors")
    assert response.status_code == 302, errors or response.status_code
    return response


def revisions_of(question):
    return list(Revision.objects.of(question).order_by("created_at", "pk"))


@pytest.fixture
def editor_admin(editor):
    return Admin(editor)


@pytest.fixture
def publisher_admin(publisher):
    return Admin(publisher)


@pytest.fixture
def concurrency(django_framework):
    return factories.make_topic(
        "Concurrency", slug="concurrency", description="Threads, processes and asyncio."
    )


@pytest.fixture
def gil(concurrency, django_framework):
    """A published question, as readers know it."""
    return factories.make_question(
        "Does the GIL make Python parallel?",
        slug="gil",
        topic=concurrency,
        framework=django_framework,
        body="Think of CPython threads.",
        answers=["No: one thread runs bytecode at a time.", "Use processes for CPU-bound work."],
    )


@pytest.fixture
def draft(concurrency, django_framework):
    return factories.make_draft(
        "What does asyncio gather do?",
        slug="gather",
        topic=concurrency,
        framework=django_framework,
        answers=["It awaits several awaitables together."],
    )


@pytest.fixture
def live(gil, draft, concurrency) -> Live:
    """What readers see at the start: the published question only."""
    state = Live(topics={concurrency.slug: concurrency.description})
    state.add(live_from(gil))
    return state


def reload(question) -> Question:
    return Question.objects.get(pk=question.pk)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Report rate limits count in the cache: each test starts with none sent."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def erin():
    """A second editor, who prepares what the person under test then acts on."""
    return Admin(factories.make_editor("erin"))


@pytest.fixture
def pat():
    """A second publisher, who sets the scene (live edits, deletions)."""
    return Admin(factories.make_publisher("pat"))
