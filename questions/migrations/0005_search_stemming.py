"""English stems in the full-text index, and a vocabulary for "did you mean".

SQLite: the FTS5 table is made again with the `porter` tokenizer over
`unicode61`, refilled from the documents (FTS5's 'rebuild'), and gets an
`fts5vocab` table that lists its terms question by question. PostgreSQL: the
stored tsvector is computed with `questions_english`, a copy of the `english`
configuration whose stemmer keeps stop words (as FTS5 does, so "what is" still
finds something), and PostgreSQL recomputes it for every row.

The documents are derived again too: their code blocks now keep their lines.
"""

from django.db import migrations, models

from questions.search import html_to_text

TRIGGERS = [
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
DROP_TRIGGERS = [
    "DROP TRIGGER questions_searchdocument_insert",
    "DROP TRIGGER questions_searchdocument_delete",
    "DROP TRIGGER questions_searchdocument_update",
]


def sqlite_index(tokenize):
    return [
        f"""
        CREATE VIRTUAL TABLE questions_searchindex USING fts5(
            question_id UNINDEXED, title, body, answers,
            content = 'questions_searchdocument', content_rowid = 'question_id',
            tokenize = '{tokenize}'
        )
        """,
        *TRIGGERS,
        "INSERT INTO questions_searchindex (questions_searchindex) VALUES ('rebuild')",
    ]


SQLITE_FORWARD = [
    *DROP_TRIGGERS,
    "DROP TABLE questions_searchindex",
    *sqlite_index("porter unicode61 remove_diacritics 2"),
    # One row per term and place: `doc` is the question, so suggestions can be
    # drawn from published questions only.
    "CREATE VIRTUAL TABLE questions_searchvocab USING fts5vocab(questions_searchindex, instance)",
]
SQLITE_BACKWARD = [
    "DROP TABLE questions_searchvocab",
    *DROP_TRIGGERS,
    "DROP TABLE questions_searchindex",
    *sqlite_index("unicode61 remove_diacritics 2"),
]


def postgresql_vector(config):
    # As in migration 0002: blank the characters that start PostgreSQL's special
    # tokens, so both databases see the same words.
    columns = {"title": "A", "body": "B", "answers": "C"}
    parts = " || ".join(
        f"setweight(to_tsvector('{config}', translate({column}, '<>&.:/@-+', '         ')),"
        f" '{label}')"
        for column, label in columns.items()
    )
    return [
        "DROP VIEW questions_searchindex",
        "ALTER TABLE questions_searchdocument DROP COLUMN search_vector",
        f"""
        ALTER TABLE questions_searchdocument ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS ({parts}) STORED
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


POSTGRESQL_FORWARD = [
    """
    CREATE TEXT SEARCH DICTIONARY questions_english_stem
    (TEMPLATE = snowball, LANGUAGE = english)
    """,
    "CREATE TEXT SEARCH CONFIGURATION questions_english (COPY = english)",
    """
    ALTER TEXT SEARCH CONFIGURATION questions_english
    ALTER MAPPING REPLACE english_stem WITH questions_english_stem
    """,
    *postgresql_vector("questions_english"),
]
POSTGRESQL_BACKWARD = [
    *postgresql_vector("simple"),
    "DROP TEXT SEARCH CONFIGURATION questions_english",
    "DROP TEXT SEARCH DICTIONARY questions_english_stem",
]


def run(statements):
    def operation(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


def derive_documents_again(apps, schema_editor):
    Question = apps.get_model("questions", "Question")
    Answer = apps.get_model("questions", "Answer")
    SearchDocument = apps.get_model("questions", "SearchDocument")
    answers = models.Prefetch("answers", Answer.objects.order_by("position", "id"))
    questions = Question.objects.filter(search_document__isnull=False).prefetch_related(answers)
    documents = [
        SearchDocument(
            question=question,
            title=question.title,
            body=html_to_text(question.body_html),
            answers="\n".join(html_to_text(answer.body_html) for answer in question.answers.all()),
        )
        for question in questions
    ]
    SearchDocument.objects.bulk_update(documents, ["title", "body", "answers"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0004_editorial_workflow"),
    ]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        ),
        # Fenced code is plain text to the older index too: nothing to undo.
        migrations.RunPython(derive_documents_again, migrations.RunPython.noop),
    ]
