"""Who may open what: every role against every page, admin screen and editor endpoint."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from questions.models import Question, Status
from tests.factories import make_draft, make_question, make_user

ROLES = ["anonymous", "reader", "editor", "publisher", "superuser"]

OK = "ok"
ADMIN_LOGIN = "admin login"
SITE_LOGIN = "site login"
FORBIDDEN = "forbidden"
NOT_FOUND = "not found"


@pytest.fixture(params=ROLES)
def role(request, client):
    """(role name, client logged in as that role)."""
    if request.param != "anonymous":
        client.force_login(request.getfixturevalue(request.param))
    return request.param, client


@pytest.fixture
def content(topic, django_framework):
    return {
        "question": make_question(topic=topic, framework=django_framework),
        "draft": make_draft(topic=topic, framework=django_framework),
    }


def outcome(response):
    if response.status_code == 200:
        return OK
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith("/admin/login/"):
            return ADMIN_LOGIN
        if location.startswith("/accounts/login/"):
            return SITE_LOGIN
        return f"redirect to {location}"
    return {403: FORBIDDEN, 404: NOT_FOUND}.get(response.status_code, response.status_code)


def admin_page(*, editor, publisher):
    """Outcomes of an admin page: people who are not staff are sent to the admin login."""
    return {
        "anonymous": ADMIN_LOGIN,
        "reader": ADMIN_LOGIN,
        "editor": editor,
        "publisher": publisher,
        "superuser": OK,
    }


EVERYONE = dict.fromkeys(ROLES, OK)
QUESTION_BANK = admin_page(editor=OK, publisher=OK)
SUPERUSER_ONLY = admin_page(editor=FORBIDDEN, publisher=FORBIDDEN)

# url -> outcome per role. {question} is a published question, {draft} a draft.
MATRIX = {
    "/": EVERYONE,
    "/questions/": EVERYONE,
    "/topics/routing/": EVERYONE,
    "/questions/{question}/": EVERYONE,
    "/questions/{draft}/": {
        "anonymous": NOT_FOUND,
        "reader": NOT_FOUND,
        "editor": OK,
        "publisher": OK,
        "superuser": OK,
    },
    "/accounts/login/": {
        "anonymous": OK,
        "reader": "redirect to /",
        "editor": "redirect to /",
        "publisher": "redirect to /",
        "superuser": "redirect to /",
    },
    # A reader's own pages: the signed-in see theirs, visitors are asked to log in.
    "/practice/review/": {**EVERYONE, "anonymous": SITE_LOGIN},
    "/accounts/email/": {**EVERYONE, "anonymous": SITE_LOGIN},
    "/accounts/delete/": {
        "anonymous": SITE_LOGIN,
        "reader": OK,
        "editor": FORBIDDEN,
        "publisher": FORBIDDEN,
        "superuser": FORBIDDEN,
    },
    "/api/v1/questions/": EVERYONE,
    "/api/v1/questions/{question}/": EVERYONE,
    # The API is the same for everyone: a draft is not there, even for editors.
    "/api/v1/questions/{draft}/": dict.fromkeys(ROLES, NOT_FOUND),
    "/questions/deck.csv": EVERYONE,
    "/admin/": QUESTION_BANK,
    "/admin/questions/question/": QUESTION_BANK,
    "/admin/questions/question/add/": QUESTION_BANK,
    "/admin/questions/question/{draft_pk}/change/": QUESTION_BANK,
    "/admin/questions/question/{draft_pk}/delete/": admin_page(editor=FORBIDDEN, publisher=OK),
    "/admin/questions/topic/": QUESTION_BANK,
    "/admin/questions/topic/add/": QUESTION_BANK,
    "/admin/questions/framework/add/": QUESTION_BANK,
    "/admin/accounts/user/": SUPERUSER_ONLY,
    "/admin/accounts/user/add/": SUPERUSER_ONLY,
    "/admin/accounts/user/{reader_pk}/change/": SUPERUSER_ONLY,
    "/admin/auth/group/": SUPERUSER_ONLY,
    "/admin/auth/group/add/": SUPERUSER_ONLY,
}


@pytest.mark.parametrize("url", MATRIX)
def test_page_access(role, content, reader, url):
    name, client = role
    path = url.format(
        question=content["question"].slug,
        draft=content["draft"].slug,
        draft_pk=content["draft"].pk,
        reader_pk=reader.pk,
    )

    assert outcome(client.get(path)) == MATRIX[url][name]


def test_admin_index_shows_editors_the_question_bank_but_not_users(client, editor, publisher):
    for user in [editor, publisher]:
        client.force_login(user)
        content = client.get("/admin/").content.decode()
        assert "/admin/questions/question/" in content
        assert "/admin/accounts/user/" not in content
        assert "/admin/auth/group/" not in content


def test_staff_without_a_group_has_no_admin_models(client):
    client.force_login(make_user("bare-staff", is_staff=True))
    content = client.get("/admin/").content.decode()
    assert "/admin/questions/question/" not in content
    assert client.get("/admin/questions/question/").status_code == 403


def test_publish_action(role, content):
    name, client = role
    draft = content["draft"]

    client.post(
        "/admin/questions/question/",
        {"action": "publish_selected", "_selected_action": [draft.pk], "confirm": "yes"},
    )

    draft.refresh_from_db()
    may_publish = name in {"publisher", "superuser"}
    assert draft.status == (Status.PUBLISHED if may_publish else Status.DRAFT)


def test_delete_action(role, content):
    name, client = role
    draft = content["draft"]

    client.post(
        "/admin/questions/question/",
        {"action": "delete_selected", "_selected_action": [draft.pk], "post": "yes", "index": 0},
    )

    may_delete = name in {"publisher", "superuser"}
    assert Question.objects.filter(pk=draft.pk).exists() is not may_delete


MARKDOWNX_OUTCOME = {
    "anonymous": SITE_LOGIN,
    "reader": FORBIDDEN,
    "editor": OK,
    "publisher": OK,
    "superuser": OK,
}


def test_markdownify_endpoint(role):
    name, client = role

    response = client.post("/markdownx/markdownify/", {"content": "**hi**"})

    assert outcome(response) == MARKDOWNX_OUTCOME[name]
    if name in {"editor", "publisher", "superuser"}:
        assert response.content == b"<p><strong>hi</strong></p>"
    else:
        assert b"<strong>hi</strong>" not in response.content


def test_upload_endpoint(role, settings, tmp_path):
    name, client = role
    settings.MEDIA_ROOT = tmp_path
    image = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(image, "PNG")

    response = client.post(
        "/markdownx/upload/",
        {"image": SimpleUploadedFile("x.png", image.getvalue(), content_type="image/png")},
    )

    assert outcome(response) == MARKDOWNX_OUTCOME[name]
    stored = list((tmp_path / "markdownx").glob("*")) if (tmp_path / "markdownx").exists() else []
    assert len(stored) == (1 if name in {"editor", "publisher", "superuser"} else 0)
