"""The text the full-text index reads: one document per question, drafts included.

The models belong to the `questions` app (their tables are `questions_*`); they
live here, beside the search code, because nothing else reads them.
"""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from ..pagecache.generation import bump_content_generation
from .text import html_to_text


class SearchDocumentQuerySet(models.QuerySet):
    def index(self, question):
        """Store the searchable text of `question` and its answers as they are now.

        Question and Answer call this when they are saved or an answer is deleted;
        publishing changes no text and needs no call. Writes that skip save(),
        such as `QuerySet.update()` of a title or `bulk_create()`, need
        `manage.py rebuild_search_index`.
        """
        # The model through the relation, not the manager: a prefetched manager
        # holds the caller's queryset (and its select_related) and would go stale.
        answers = question.answers.model.objects.filter(question=question).only("body_html")
        SearchDocument.for_question(question, answers).save()

    @transaction.atomic
    def rebuild(self, *, batch_size=500) -> int:
        """Index every question from scratch; return how many were indexed."""
        self.all().delete()
        question_model = self.model._meta.get_field("question").related_model
        answers = question_model.answers.rel.related_model.objects.only("question_id", "body_html")
        questions = question_model.objects.order_by("pk").prefetch_related(
            models.Prefetch("answers", answers)
        )
        batch = []
        count = 0
        for question in questions.iterator(chunk_size=batch_size):
            batch.append(SearchDocument.for_question(question, question.answers.all()))
            if len(batch) == batch_size:
                count += len(self.bulk_create(batch))
                batch = []
        # Searches keep their ranked ids per content generation: drop them.
        bump_content_generation()
        return count + len(self.bulk_create(batch))


class SearchDocument(models.Model):
    """The plain text of a question and its answers, as the full-text index reads it.

    Every question has one, drafts included: visibility is decided when searching,
    so publishing needs no re-indexing. Searches go through `SearchIndex`, which
    the database keeps in step with this table (see migration 0002). Change this
    table only with hand-written migrations: Django's SQLite schema editor
    rebuilds a table without the triggers that feed the index.
    """

    question = models.OneToOneField(
        "questions.Question",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
        verbose_name=_("question"),
    )
    title = models.TextField(_("title"))
    body = models.TextField(_("details"), blank=True)
    answers = models.TextField(_("answers"), blank=True)

    objects = SearchDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["question"]
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self):
        return self.title

    @classmethod
    def for_question(cls, question, answers):
        """An unsaved document for `question` with `answers` (in their order)."""
        return cls(
            question=question,
            title=question.title,
            body=html_to_text(question.body_html),
            answers="\n".join(html_to_text(answer.body_html) for answer in answers),
        )


class SearchIndex(models.Model):
    """The full-text index over `SearchDocument`, read-only, which searches join.

    The database builds it (migration 0002): an FTS5 table over the documents on
    SQLite, a view of the documents with their weighted tsvector on PostgreSQL.
    On SQLite the question is an unindexed column, not the FTS5 rowid, so the
    planner cannot probe the index question by question and always starts from
    the matches.
    """

    question = models.OneToOneField(
        "questions.Question",
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_constraint=False,
        related_name="search_index",
        verbose_name=_("question"),
    )
    title = models.TextField(_("title"))
    body = models.TextField(_("details"))
    answers = models.TextField(_("answers"))

    class Meta:
        managed = False
        db_table = "questions_searchindex"
        ordering = ["question"]
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index")

    def __str__(self):
        return self.title
