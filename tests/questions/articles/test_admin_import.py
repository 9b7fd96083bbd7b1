"""The admin's import page and export download, through real HTTP requests."""

import html
import json
import re
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from questions.bank import FORMAT, export_bank
from questions.models import Question, Status
from tests.factories import make_framework, make_question, make_user

ARTICLES = Path(__file__).parent
IMPORT_URL = "/admin/questions/question/import/"
EXPORT_URL = "/admin/questions/question/export/"
CHANGELIST_URL = "/admin/questions/question/"


def upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (ARTICLES / name).read_bytes(), content_type="text/plain")


def new_topic(name: str) -> dict:
    """The topic picker's choice of a new topic with this name."""
    return {"topic": "new", "new_topic": name}


def confirmation_data(response) -> dict:
    """What the browser posts back from the preview's confirm form."""
    page = response.content.decode()
    form = re.search(r'<form method="post" enctype="multipart/form-data">(.*?)</form>', page, re.S)
    assert form, "the preview has no confirm form"
    data = {
        name: html.unescape(value)
        for name, value in re.findall(
            r'<input type="hidden" name="(\w+)"(?: value="([^"]*)")?', form.group(1)
        )
    }
    text = re.search(
        r'<textarea name="text"[^>]*hidden[^>]*>\n(.*?)</textarea>', form.group(1), re.S
    )
    # Browsers send a textarea's line breaks as CRLF.
    data["text"] = html.unescape(text.group(1)).replace("\n", "\r\n")
    data["confirm"] = "Import"
    return data


def test_editor_uploads_previews_and_confirms(client, editor):
    client.force_login(editor)
    page = client.get(IMPORT_URL)
    assert page.status_code == 200
    assert b'name="file"' in page.content and b'name="publish"' not in page.content

    preview = client.post(IMPORT_URL, {"file": upload("numbered.txt")})
    assert preview.status_code == 200
    assert not Question.objects.exists()
    content = preview.content.decode()
    assert "Dry run: nothing was written." in content
    assert "Getting started (new topic): 3 created, 0 updated, 0 unchanged" in content
    assert content.count('<tr class="import-created">') == 8
    assert "<summary>How do blueprints help organise a larger Flask app?</summary>" in content
    # Answers are shown rendered: a table, highlighted code, no raw Markdown fences.
    assert "<td>Bad Request</td>" in content and '<div class="highlight">' in content
    assert 'value="Import 8 questions"' in content

    response = client.post(IMPORT_URL, confirmation_data(preview))
    assert response.status_code == 302 and response["Location"] == CHANGELIST_URL
    questions = Question.objects.all()
    assert questions.count() == 8
    assert {(q.status, q.author_id) for q in questions} == {(Status.DRAFT, editor.pk)}
    assert {a.author_id for q in questions for a in q.answers.all()} == {editor.pk}
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages[-1] == "Total: 8 questions: 8 created, 0 updated, 0 unchanged"

    # The confirm form parses the text again, so the same post a second time is a no-op.
    again = client.post(
        IMPORT_URL, confirmation_data(client.post(IMPORT_URL, {"file": upload("numbered.txt")}))
    )
    assert again.status_code == 302 and Question.objects.count() == 8


def test_the_confirmation_imports_what_the_server_parses_not_what_the_client_claims(client, editor):
    client.force_login(editor)
    preview = client.post(
        IMPORT_URL, {"text": "Q: What is WSGI?\nA gateway.\n", **new_topic("Servers")}
    )
    data = confirmation_data(preview)
    data["text"] = "Q: What is ASGI?\r\nAn async gateway.\r\n"
    client.post(IMPORT_URL, data)
    assert list(Question.objects.values_list("title", "topic__name")) == [
        ("What is ASGI?", "Servers")
    ]


def test_the_publish_box_is_ignored_for_editors(client, editor):
    client.force_login(editor)
    preview = client.post(IMPORT_URL, {"file": upload("q-prefixed.txt"), "publish": "on"})
    data = confirmation_data(preview)
    assert "publish" not in data
    data["publish"] = "True"
    client.post(IMPORT_URL, data)
    assert Question.objects.count() == 6
    assert not Question.objects.exclude(status=Status.DRAFT).exists()


def test_publishers_may_publish_on_import(client, publisher):
    make_framework("django", name="Django")
    client.force_login(publisher)
    assert b'name="publish"' in client.get(IMPORT_URL).content
    preview = client.post(
        IMPORT_URL,
        {"file": upload("q-prefixed.txt"), "publish": "on", "framework": "django"},
    )
    assert "Created and updated questions are published." in preview.content.decode()
    client.post(IMPORT_URL, confirmation_data(preview))
    assert Question.objects.published().count() == 6
    assert set(Question.objects.values_list("framework__slug", flat=True)) == {"django"}


def test_a_publishers_import_without_publish_leaves_live_answers_alone(client, publisher):
    """Not ticking "publish" means what readers see stays as it is: pending changes."""
    from questions.models import Topic

    topic = Topic.objects.create(name="Flask basics", slug="flask-basics")
    live = make_question(
        "What is Flask?", topic=topic, framework=make_framework("flask"), answers=["Reviewed."]
    )
    client.force_login(publisher)
    article = "Flask basics\n\n1. What is Flask?\nA micro framework, changed by the file.\n"
    preview = client.post(IMPORT_URL, {"text": article})

    client.post(IMPORT_URL, confirmation_data(preview))

    live.refresh_from_db()
    assert live.answers.get().body == "Reviewed."
    assert live.pending_revision.data["answers"][0]["body"] == (
        "A micro framework, changed by the file."
    )
    page = client.get(live.get_absolute_url()).content.decode()
    assert "Reviewed." in page and "changed by the file" not in page


def test_pasted_text_with_options(client, editor):
    make_framework("flask", name="Flask")
    client.force_login(editor)
    text = (ARTICLES / "pasted-web.txt").read_text()
    preview = client.post(
        IMPORT_URL,
        {"text": text, **new_topic("Web security"), "framework": "flask", "difficulty": "advanced"},
    )
    assert preview.content.decode().count('<tr class="import-created">') == 7
    client.post(IMPORT_URL, confirmation_data(preview))
    assert set(Question.objects.values_list("topic__name", "framework__slug", "difficulty")) == {
        ("Web security", "flask", "advanced")
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Upload a file or paste the article&#x27;s text."),
        ({"text": "   "}, "Upload a file or paste the article&#x27;s text."),
        ({"text": "Just a note.\nNothing asked."}, "No question was recognised"),
        ({"file": b"%PDF-1.5 binary"}, "The file is a PDF document, not text."),
        ({"file": b"1. Caf\xe9?\nYes"}, "is not UTF-8 or UTF-16"),
        ({"file": b""}, "The submitted file is empty."),
        (
            {"file": b"1. Why?\nNo.", "text": "Q: Why?\nNo."},
            "Upload a file or paste the text, not both.",
        ),
        ({"text": "Q: Why?\nNo.", "framework": "nope"}, "Select a valid choice."),
        ({"text": "Q: Why?\nNo.", "difficulty": "expert"}, "Select a valid choice."),
        ({"text": "Q: Why?\nBecause."}, "Nothing in the article names a topic"),
    ],
)
def test_bad_input_is_a_form_error_and_writes_nothing(client, editor, data, message):
    make_question("Already here?")
    before = export_bank()
    client.force_login(editor)
    for action in ({}, {"confirm": "Import"}):
        post = {**data, **action}
        if "file" in post:
            post["file"] = SimpleUploadedFile("article.txt", post["file"])
        response = client.post(IMPORT_URL, post)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert export_bank() == before


def test_answers_in_the_preview_are_sanitised(client, editor):
    client.force_login(editor)
    preview = client.post(
        IMPORT_URL,
        {
            "text": "Q: What does this do?\n<script>alert(1)</script> "
            '<a href="javascript:alert(2)">link</a> and [this](javascript:alert(3)) done.\n',
            **new_topic("Security"),
        },
    )
    content = preview.content.decode()
    assert "<script>alert(1)" not in content
    answer = re.search(r'<div class="import-answer">(.*?)</div>', content, re.S).group(1)
    # The reader may take the HTML link apart before the sanitiser sees it: either way,
    # no script and no javascript: link reaches the page.
    assert "<script" not in answer and "javascript:" not in answer
    assert answer.strip().endswith('<a rel="nofollow noopener noreferrer">this</a> done.</p>')


def test_readers_and_visitors_are_refused(client, reader):
    for url in (IMPORT_URL, EXPORT_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    client.force_login(reader)
    response = client.post(IMPORT_URL, {"text": "Q: Why?\nNo.", "topic": "T"})
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert client.get(EXPORT_URL).status_code == 302
    assert not Question.objects.exists()


def test_staff_without_question_permissions_get_403(client):
    client.force_login(make_user("clerk", is_staff=True))
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"text": "Q: Why?\nNo.", "topic": "T"}).status_code == 403
    assert client.get(EXPORT_URL).status_code == 403
    assert not Question.objects.exists()


def test_editor_downloads_the_export(client, editor):
    make_question("What is a view?", answers=["A callable."])
    client.force_login(editor)
    response = client.get(EXPORT_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="question-bank-\d{8}-\d{6}\.json"', response["Content-Disposition"]
    )
    document = json.loads(response.content)
    assert document == export_bank()
    assert document["format"] == FORMAT
    assert [q["title"] for q in document["questions"]] == ["What is a view?"]
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_question_list_links_to_import_and_export(client, editor, reader):
    client.force_login(editor)
    content = client.get(CHANGELIST_URL).content.decode()
    assert f'href="{IMPORT_URL}">Import questions</a>' in content
    assert f'href="{EXPORT_URL}" download>Export bank</a>' in content
