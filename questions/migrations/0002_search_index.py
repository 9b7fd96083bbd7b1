"""The full-text index of questions: one pair of models, built per database.

`SearchDocument` is a plain table on every database; `SearchIndex` is what the
database makes of it. SQLite gets an external-content FTS5 table that triggers
keep in step with the documents. PostgreSQL gets a stored tsvector on the
documents, weighted A for the title, B for the body and C for the answers,
with a GIN index, and a view that exposes it under the index's name.
"""

import django.db.models.deletion
from django.db import migrations, models

from questions.search import html_to_text

SQLITE_INDEX = [
    """
    CREATE VIRTUAL TABLE questions_searchindex USING fts5(
        question_id UNINDEXED, title, body, answers,
        content = 'questions_searchdocument', content_rowid = 'question_id',
        tokenize = 'unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER questions_searchdocument_insert AFTER INSERT ON questions_searchdocument
    BEGIN
        INSERT INTO questions_searchindex (rowid, question_id, title, body, answers)
        VALUES (new.question_id, new.question_id, new.title, new.body, new.answers);
    END
    """,
    """
    CREATE TRIGGER questions_searchdocument_delete AFTER DELETE ON questions_searchdocument
    BEGIN
        INSERT INTO questions_searchindex
            (questions_searchindex, rowid, question_id, title, body, answers)
        VALUES ('delete', old.question_id, old.question_id, old.title, old.body, old.answers);
    END
    """,
    """
    CREATE TRIGGER questions_searchdocument_update AFTER UPDATE ON questions_searchdocument
    BEGIN
        INSERT INTO questions_searchindex
            (questions_searchindex, rowid, question_id, title, body, answers)
        VALUES ('delete', old.question_id, old.question_id, old.title, old.body, old.answers);
        INSERT INTO questions_searchindex (rowid, question_id, title, body, answers)
        VALUES (new.question_id, new.question_id, new.title, new.body, new.answers);
    END
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER questions_searchdocument_insert",
    "DROP TRIGGER questions_searchdocument_delete",
    "DROP TRIGGER questions_searchdocument_update",
    "DROP TABLE questions_searchindex",
]

# PostgreSQL's parser reads tags, entities, hosts, paths, versions and
# hyphenated words as tokens of their own, and skips whatever follows a literal
# "<script>". Blanking the characters that start them leaves the words that
# FTS5's unicode61 tokenizer sees, so both databases match the same questions.
POSTGRESQL_INDEX = [
    """
    ALTER TABLE questions_searchdocument ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', translate(title, '<>&.:/@-+', '         ')), 'A')
        || setweight(to_tsvector('simple', translate(body, '<>&.:/@-+', '         ')), 'B')
        || setweight(to_tsvector('simple', translate(answers, '<>&.:/@-+', '         ')), 'C')
    ) STORED
    """,
    """
    CREATE INDEX questions_searchdocument_vector
    ON questions_searchdocument USING gin (search_vector)
    """,
    """
    CREATE VIEW questions_searchindex AS
    SELECT question_id, title, body, answers, search_vector FROM questions_searchdocument
    """,
]
POSTGRESQL_DROP = [
    "DROP VIEW questions_searchindex",
    "ALTER TABLE questions_searchdocument DROP COLUMN search_vector",
]


def create_index(apps, schema_editor):
    statements = {"sqlite": SQLITE_INDEX, "postgresql": POSTGRESQL_INDEX}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def index_existing_questions(apps, schema_editor):
    Question = apps.get_model("questions", "Question")
    Answer = apps.get_model("questions", "Answer")
    SearchDocument = apps.get_model("questions", "SearchDocument")
    answers = models.Prefetch("answers", Answer.objects.order_by("position", "id"))
    documents = [
        SearchDocument(
            question=question,
            title=question.title,
            body=html_to_text(question.body_html),
            answers="\n".join(html_to_text(answer.body_html) for answer in question.answers.all()),
        )
        for question in Question.objects.prefetch_related(answers)
    ]
    SearchDocument.objects.bulk_create(documents, batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("questions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "question",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="questions.question",
                        verbose_name="question",
                    ),
                ),
                ("title", models.TextField(verbose_name="title")),
                ("body", models.TextField(blank=True, verbose_name="details")),
                ("answers", models.TextField(blank=True, verbose_name="answers")),
            ],
            options={
                "verbose_name": "search document",
                "verbose_name_plural": "search documents",
                "ordering": ["question"],
            },
        ),
        migrations.CreateModel(
            name="SearchIndex",
            fields=[
                (
                    "question",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_index",
                        serialize=False,
                        to="questions.question",
                        verbose_name="question",
                    ),
                ),
                ("title", models.TextField(verbose_name="title")),
                ("body", models.TextField(verbose_name="details")),
                ("answers", models.TextField(verbose_name="answers")),
            ],
            options={
                "verbose_name": "search index entry",
                "verbose_name_plural": "search index",
                "db_table": "questions_searchindex",
                "ordering": ["question"],
                "managed": False,
            },
        ),
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(index_existing_questions, migrations.RunPython.noop),
    ]
