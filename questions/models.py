from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from markdownx.models import MarkdownxField

# The vocabularies and visibility rules live in their own modules; they are
# named here too, as `questions.models` is where callers look for them.
from .choices import DIFFICULTY_RANK, Difficulty, ReviewState, State, Status
from .derived import save_derived_with
from .frameworks import Framework, FrameworkVersion
from .markdown import MAX_MARKDOWN_LENGTH, render_markdown
from .querysets import (  # noqa: F401
    LISTING_FIELDS,
    PREVIEW_PERMISSION,
    PUBLISH_PERMISSION,
    QuestionQuerySet,
    TopicQuerySet,
    can_preview,
    published_q,
)
from .search.models import SearchDocument, SearchIndex  # noqa: F401  (registered with the app here)


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Topic(TimestampedModel):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, help_text=_("Part of the topic's URL.")
    )
    description = MarkdownxField(
        _("description"),
        blank=True,
        max_length=MAX_MARKDOWN_LENGTH,
        help_text=_("Markdown, shown at the top of the topic page."),
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
        save_derived_with(kwargs, "description", "description_html")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("questions:topic_detail", kwargs={"slug": self.slug})


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
        max_length=MAX_MARKDOWN_LENGTH,
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

    def save(self, *args, index_search=True, **kwargs):
        # index_search=False: the caller indexes once, after the answers too.
        self.difficulty_rank = DIFFICULTY_RANK[self.difficulty]
        self.body_html = render_markdown(self.body)
        if self.status == Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()
        save_derived_with(kwargs, "body", "body_html")
        save_derived_with(kwargs, "difficulty", "difficulty_rank")
        save_derived_with(kwargs, "status", "publish_at")
        update_fields = kwargs.get("update_fields")
        if not index_search or (
            update_fields is not None and not {"title", "body"} & {*update_fields}
        ):
            return super().save(*args, **kwargs)
        with transaction.atomic():
            super().save(*args, **kwargs)
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
        _("answer"),
        max_length=MAX_MARKDOWN_LENGTH,
        help_text=_("Markdown. Code in fenced blocks is highlighted."),
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

    def save(self, *args, index_search=True, **kwargs):
        self.body_html = render_markdown(self.body)
        save_derived_with(kwargs, "body", "body_html")
        if not index_search:
            return super().save(*args, **kwargs)
        with transaction.atomic():
            super().save(*args, **kwargs)
            SearchDocument.objects.index(self.question)

    def get_absolute_url(self):
        return f"{self.question.get_absolute_url()}#answer-{self.pk}"

    def delete(self, *args, index_search=True, **kwargs):
        if not index_search:
            return super().delete(*args, **kwargs)
        with transaction.atomic():
            deleted = super().delete(*args, **kwargs)
            SearchDocument.objects.index(self.question)
        return deleted


class QuestionAlias(models.Model):
    """A former slug of a question (merged or renamed) that now leads to it.

    `/questions/<slug>/` for an alias redirects to the question while readers may
    see it; the alias never shows anything of its own.
    """

    slug = models.SlugField(_("former slug"), max_length=200, unique=True)
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("question")
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("former slug")
        verbose_name_plural = _("former slugs")

    def __str__(self):
        return self.slug
