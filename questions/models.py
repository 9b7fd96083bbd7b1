from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, F, Func, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField

from .markdown import render_markdown
from .pagecache.generation import bump_content_generation
from .search import search_questions
from .search.models import SearchDocument, SearchIndex  # noqa: F401  (registered with the app here)


class Difficulty(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


# The scale is ordered; the rank is stored so lists can sort by it with an index.
DIFFICULTY_RANK = {Difficulty.BEGINNER: 1, Difficulty.INTERMEDIATE: 2, Difficulty.ADVANCED: 3}


class Status(models.TextChoices):
    """What readers see: a draft never, a published question once its date has come."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ReviewState(models.TextChoices):
    """Where the editable version (a draft, or a published question's pending changes) is."""

    EDITING = "editing", _("Being edited")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")


class State(models.TextChoices):
    """The one label editors see, from status, date, review state and pending changes."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    PENDING = "pending", _("Published, changes pending")


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


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class TopicQuerySet(models.QuerySet):
    def visible(self):
        """Topics with at least one published question."""
        return self.filter(Exists(Question.objects.published().filter(topic=OuterRef("pk"))))

    def visible_to(self, user):
        return self.all() if can_preview(user) else self.visible()

    def with_difficulty_counts(self):
        """Annotate `<difficulty>_count` and `question_count` with published questions."""
        # Counts per topic (and level), each one stretch of the list index read
        # alone: joining every question and counting with filters costs far more.
        published = Question.objects.published().filter(topic=OuterRef("pk"))
        counts = {
            f"{level}_count": _count(published.filter(difficulty_rank=rank))
            for level, rank in DIFFICULTY_RANK.items()
        }
        return self.annotate(question_count=_count(published), **counts)


class Topic(TimestampedModel):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, help_text=_("Part of the topic's URL.")
    )
    description = MarkdownxField(
        _("description"), blank=True, help_text=_("Markdown, shown at the top of the topic page.")
    )
    description_html = models.TextField(editable=False, blank=True)
    position = models.PositiveIntegerField(
        _("position"), default=0, help_text=_("Topics are listed by position, lowest first.")
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("review every (months)"),
        default=12,
        help_text=_("A question of this topic falls due for review this long after its last."),
    )
    pending_revision = models.ForeignKey(
        "revisions.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("An editor's changes to a visible topic, waiting for a publisher."),
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.description_html = render_markdown(self.description)
        _add_rendered_field(kwargs, "description", "description_html")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("questions:topic_detail", kwargs={"slug": self.slug})


class FrameworkQuerySet(models.QuerySet):
    def visible(self):
        """Frameworks with at least one published question."""
        return self.filter(Exists(Question.objects.published().filter(framework=OuterRef("pk"))))

    def visible_to(self, user):
        return self.all() if can_preview(user) else self.visible()


class Framework(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("Used in filter URLs: /questions/?framework=<slug>."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('questions:question_list')}?framework={self.slug}"


class FrameworkVersion(models.Model):
    """A release of a framework that questions can be checked against (Django 5.2, Flask 3.1)."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="versions", verbose_name=_("framework")
    )
    version = models.CharField(
        _("version"),
        max_length=20,
        help_text=_(
            "Numbers and dots, such as 5.2 or 3.13. Adding a newer version than a "
            "question was checked against makes that question due for review."
        ),
    )
    # The version as a sortable number (5.2.1 -> 5_002_001), set on save.
    sort_key = models.PositiveBigIntegerField(editable=False, default=0)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["framework__position", "framework__name", "-sort_key"]
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "version"], name="framework_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(version__regex=r"^[0-9]+(\.[0-9]+){0,2}$"),
                name="framework_version_format",
            ),
        ]

    def __str__(self):
        return f"{self.framework.name} {self.version}"

    def save(self, *args, **kwargs):
        self.sort_key = version_sort_key(self.version)
        _add_rendered_field(kwargs, "version", "sort_key")
        super().save(*args, **kwargs)


def version_sort_key(version: str) -> int:
    """`"5.2"` -> 5_002_000: versions compare as these numbers do."""
    parts = [int(part) for part in version.split(".")][:3]
    parts += [0] * (3 - len(parts))
    return parts[0] * 1_000_000 + min(parts[1], 999) * 1000 + min(parts[2], 999)


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
            models.Prefetch("topic", Topic.objects.only("name", "slug")),
            models.Prefetch("framework", Framework.objects.only("name", "slug")),
        )

    def for_detail(self):
        """With what a question's page or card shows: topic, framework, answers, versions."""
        return self.select_related("topic", "framework").prefetch_related(
            "answers",
            models.Prefetch(
                "checked_versions", FrameworkVersion.objects.select_related("framework")
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


class Question(TimestampedModel):
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="questions", verbose_name=_("topic")
    )
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="questions", verbose_name=_("framework")
    )
    difficulty = models.CharField(
        _("difficulty"), max_length=12, choices=Difficulty.choices, default=Difficulty.BEGINNER
    )
    difficulty_rank = models.PositiveSmallIntegerField(editable=False, default=1)
    title = models.CharField(
        _("question"), max_length=300, help_text=_("The question as an interviewer asks it.")
    )
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, help_text=_("Part of the question's URL.")
    )
    body = MarkdownxField(
        _("details"),
        blank=True,
        help_text=_("Optional Markdown: context or code the candidate is asked about."),
    )
    body_html = models.TextField(editable=False, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Readers see a question once it is published and its publish date has come."),
    )
    publish_at = models.DateTimeField(
        _("publish date"),
        null=True,
        blank=True,
        help_text=_("A future date schedules the question. Empty: now, when published."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authored_questions",
        verbose_name=_("author"),
    )
    # The editorial side: never read by the public pages.
    review_state = models.CharField(
        _("review state"),
        max_length=20,
        choices=ReviewState.choices,
        default=ReviewState.EDITING,
        editable=False,
    )
    pending_revision = models.ForeignKey(
        "revisions.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("Changes to a published question, waiting for a publisher."),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    review_comment = models.TextField(_("review comment"), blank=True, editable=False)
    checked_versions = models.ManyToManyField(
        FrameworkVersion,
        blank=True,
        related_name="questions",
        verbose_name=_("checked against"),
        help_text=_("The framework versions the answers were checked against."),
    )
    last_reviewed_at = models.DateTimeField(
        _("last reviewed"), null=True, blank=True, editable=False
    )
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("last reviewed by"),
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["difficulty_rank", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        permissions = [("publish_question", _("Can publish, unpublish and schedule questions"))]
        # Readers' lists filter on status and publish date and sort by (difficulty_rank, id):
        # each list index has its equality columns first, then the sort order, then
        # the columns the filter still checks, so a page, its count and the skip to
        # the last page read the index alone, never the wide rows. No index starts
        # with (status, publish_at): without ANALYZE statistics SQLite would take
        # that equality and range for the most selective path and sort the whole list.
        indexes = [
            models.Index(
                fields=["topic", "status", "difficulty_rank", "id", "publish_at"],
                name="question_topic_list",
            ),
            models.Index(
                fields=["topic", "status", "framework", "difficulty_rank", "id", "publish_at"],
                name="question_topic_framework_list",
            ),
            models.Index(
                fields=["status", "difficulty_rank", "id", "publish_at"], name="question_list"
            ),
            models.Index(
                fields=["framework", "status", "difficulty_rank", "id", "publish_at"],
                name="question_framework_list",
            ),
            # The review queue and the editors' start page.
            models.Index(fields=["review_state", "submitted_at"], name="question_review_queue"),
            # Editors' topic pages, drafts included.
            models.Index(fields=["topic", "difficulty_rank", "id"], name="question_topic_order"),
            # The feed (newest first) and the next scheduled question.
            models.Index(
                fields=["publish_at"],
                condition=Q(status=Status.PUBLISHED),
                name="question_published",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(difficulty__in=Difficulty.values), name="question_difficulty_valid"
            ),
            models.CheckConstraint(
                condition=Q(
                    *(
                        Q(difficulty=level, difficulty_rank=rank)
                        for level, rank in DIFFICULTY_RANK.items()
                    ),
                    _connector=Q.OR,
                ),
                name="question_difficulty_rank_matches",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="question_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=Status.DRAFT) | Q(publish_at__isnull=False),
                name="question_published_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.difficulty_rank = DIFFICULTY_RANK[self.difficulty]
        self.body_html = render_markdown(self.body)
        if self.status == Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()
        _add_rendered_field(kwargs, "body", "body_html")
        _add_rendered_field(kwargs, "difficulty", "difficulty_rank")
        _add_rendered_field(kwargs, "status", "publish_at")
        update_fields = kwargs.get("update_fields")
        with transaction.atomic():
            super().save(*args, **kwargs)
            if update_fields is None or {"title", "body"} & set(update_fields):
                SearchDocument.objects.index(self)

    def get_absolute_url(self):
        return reverse("questions:question_detail", kwargs={"slug": self.slug})

    def clean(self):
        # Forms check the constraints before save() runs: "published, no date"
        # must already mean "now" then, or the admin refuses what the help text allows.
        if self.status == Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()

    def is_published(self) -> bool:
        """Mirror of `QuestionQuerySet.published()` for one loaded question."""
        return (
            self.status == Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    is_published.boolean = True

    @property
    def is_scheduled(self) -> bool:
        return self.status == Status.PUBLISHED and not self.is_published()

    @property
    def state(self) -> State:
        """The editorial state, as the admin lists and filters it."""
        if self.status == Status.PUBLISHED:
            if self.pending_revision_id is not None:
                return State.PENDING
            return State.PUBLISHED if self.is_published() else State.SCHEDULED
        if self.review_state == ReviewState.IN_REVIEW:
            return State.IN_REVIEW
        if self.review_state == ReviewState.CHANGES_REQUESTED:
            return State.CHANGES_REQUESTED
        return State.DRAFT

    @property
    def state_label(self):
        return self.state.label


class Answer(TimestampedModel):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    body = MarkdownxField(
        _("answer"), help_text=_("Markdown. Code in fenced blocks is highlighted.")
    )
    body_html = models.TextField(editable=False, blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Answers are shown by position, lowest first.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authored_answers",
        verbose_name=_("author"),
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return _("Answer %(position)s to “%(question)s”") % {
            "position": self.position,
            "question": self.question.title,
        }

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        _add_rendered_field(kwargs, "body", "body_html")
        with transaction.atomic():
            super().save(*args, **kwargs)
            SearchDocument.objects.index(self.question)

    def get_absolute_url(self):
        return f"{self.question.get_absolute_url()}#answer-{self.pk}"

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            deleted = super().delete(*args, **kwargs)
            SearchDocument.objects.index(self.question)
        return deleted


def _count(queryset):
    """The number of rows in `queryset`, as a subquery to annotate other rows with."""
    # COUNT as a plain function, not an aggregate: Django adds no GROUP BY.
    counted = queryset.order_by().annotate(total=Func(F("pk"), function="COUNT"))
    return Subquery(counted.values("total"), output_field=models.IntegerField())


def _add_rendered_field(save_kwargs, source, derived):
    """Keep a derived column in `update_fields` whenever its source is saved."""
    update_fields = save_kwargs.get("update_fields")
    if update_fields is not None and source in update_fields:
        save_kwargs["update_fields"] = {*update_fields, derived}
