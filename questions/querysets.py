"""Who may see what, and the named queries the views, feeds and admin share.

`published_q()` is the one definition of "readers may see this question". The
querysets reach the other models through the app registry, as relations do by
name, so this module does not import `models.py` (which imports it).
"""

from django.apps import apps
from django.db import models, transaction
from django.db.models import Exists, F, Func, OuterRef, Q, Subquery
from django.utils import timezone

from .choices import DIFFICULTY_RANK, ReviewState, State, Status
from .pagecache.generation import bump_content_generation
from .search import search_questions


def _model(name):
    return apps.get_model("questions", name)


def _published_questions(**filters):
    return _model("Question").objects.published().filter(**filters)


LISTING_FIELDS = [
    *("slug", "title", "difficulty", "difficulty_rank", "status", "publish_at"),
    *("topic", "framework"),
    # For the state badge editors see in lists.
    *("review_state", "pending_revision"),
]

PREVIEW_PERMISSION = "questions.view_question"
PUBLISH_PERMISSION = "questions.publish_question"


def published_q(prefix: str = "") -> Q:
    """The one definition of "readers may see this question".

    `prefix` reaches a question through a relation (`"questions__"` from a topic),
    so counts and existence checks share the rule with `Question.objects.published()`.
    """
    return Q(**{f"{prefix}status": Status.PUBLISHED, f"{prefix}publish_at__lte": timezone.now()})


def can_preview(user) -> bool:
    """Whether `user` may see drafts and scheduled questions on the public pages."""
    return user.has_perm(PREVIEW_PERMISSION)


class TopicQuerySet(models.QuerySet):
    def visible(self):
        """Topics with at least one published question."""
        return self.filter(Exists(_published_questions(topic=OuterRef("pk"))))

    def visible_to(self, user):
        return self.all() if can_preview(user) else self.visible()

    def with_difficulty_counts(self):
        """Annotate `<difficulty>_count` and `question_count` with published questions."""
        # Counts per topic (and level), each one stretch of the list index read
        # alone: joining every question and counting with filters costs far more.
        published = _published_questions(topic=OuterRef("pk"))
        counts = {
            f"{level}_count": _count(published.filter(difficulty_rank=rank))
            for level, rank in DIFFICULTY_RANK.items()
        }
        return self.annotate(question_count=_count(published), **counts)


class FrameworkQuerySet(models.QuerySet):
    def visible(self):
        """Frameworks with at least one published question."""
        return self.filter(Exists(_published_questions(framework=OuterRef("pk"))))

    def visible_to(self, user):
        return self.all() if can_preview(user) else self.visible()


class QuestionQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published, with a publish date that has come."""
        return self.filter(published_q())

    def scheduled(self):
        """Published, but with a publish date still to come."""
        return self.filter(status=Status.PUBLISHED, publish_at__gt=timezone.now())

    def visible_to(self, user):
        """Everything for editors (to preview drafts), the published questions otherwise."""
        return self.all() if can_preview(user) else self.published()

    def in_state(self, state: str):
        """The questions whose `Question.state` is `state` (one of `State`)."""
        published = Q(status=Status.PUBLISHED)
        pending = Q(pending_revision__isnull=False)
        now = timezone.now()
        conditions = {
            State.DRAFT: Q(status=Status.DRAFT, review_state=ReviewState.EDITING),
            State.IN_REVIEW: Q(status=Status.DRAFT, review_state=ReviewState.IN_REVIEW),
            State.CHANGES_REQUESTED: Q(
                status=Status.DRAFT, review_state=ReviewState.CHANGES_REQUESTED
            ),
            State.SCHEDULED: published & ~pending & Q(publish_at__gt=now),
            State.PUBLISHED: published & ~pending & Q(publish_at__lte=now),
            State.PENDING: published & pending,
        }
        return self.filter(conditions[state])

    def awaiting_review(self):
        """Drafts and pending changes submitted for review, oldest first."""
        return self.filter(review_state=ReviewState.IN_REVIEW).order_by("submitted_at", "pk")

    def for_listing(self):
        """With what a list shows of each question: never the wide Markdown and HTML.

        Topics and frameworks come in two small queries, not joins: SQLite would
        join every row it skips on the way to a deep page.
        """
        return self.only(*LISTING_FIELDS).prefetch_related(
            models.Prefetch("topic", _model("Topic").objects.only("name", "slug")),
            models.Prefetch("framework", _model("Framework").objects.only("name", "slug")),
        )

    def for_detail(self):
        """With what a question's page or card shows: topic, framework, answers, versions."""
        return self.select_related("topic", "framework").prefetch_related(
            "answers",
            models.Prefetch(
                "checked_versions", _model("FrameworkVersion").objects.select_related("framework")
            ),
        )

    def search(self, text: str):
        """Questions whose title, body or answers hold every word of `text`, best first.

        See `questions.search.backends.search_questions`.
        """
        return search_questions(self, text)

    def after(self, question):
        """Questions that come after `question` in list order."""
        rank, pk = question.difficulty_rank, question.pk
        # Explicit, as in before(): a search orders its matches by relevance.
        return self.filter(
            Q(difficulty_rank__gt=rank) | Q(difficulty_rank=rank, pk__gt=pk)
        ).order_by("difficulty_rank", "pk")

    def before(self, question):
        rank, pk = question.difficulty_rank, question.pk
        return self.filter(
            Q(difficulty_rank__lt=rank) | Q(difficulty_rank=rank, pk__lt=pk)
        ).order_by("-difficulty_rank", "-pk")

    @transaction.atomic
    def publish(self, *, now=None):
        """Publish the selected questions; a future publish date is kept (scheduled)."""
        now = now or timezone.now()
        self.filter(publish_at__isnull=True).update(publish_at=now)
        count = self.update(status=Status.PUBLISHED, updated_at=now)
        # update() sends no signal, so tell the page cache; it acts after the commit.
        bump_content_generation()
        return count

    def unpublish(self, *, now=None):
        count = self.update(status=Status.DRAFT, updated_at=now or timezone.now())
        bump_content_generation()
        return count


def _count(queryset):
    """The number of rows in `queryset`, as a subquery to annotate other rows with."""
    # COUNT as a plain function, not an aggregate: Django adds no GROUP BY.
    counted = queryset.order_by().annotate(total=Func(F("pk"), function="COUNT"))
    return Subquery(counted.values("total"), output_field=models.IntegerField())
