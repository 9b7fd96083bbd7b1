"""The Markdown editor's preview looks like the public page: same highlighting, same styles."""

from django.contrib.staticfiles import finders

from questions.editor.widgets import MarkdownEditor
from tests.pages import attr, find_all, parse

STYLESHEETS = ["css/pygments.css", "css/admin-preview.css"]


def test_the_editor_brings_the_sites_highlighting_and_answer_styles():
    media = str(MarkdownEditor().media)

    assert "markdownx/js/markdownx" in media
    for path in STYLESHEETS:
        assert f"/static/{path}" in media
        assert finders.find(path), path


def test_the_preview_styles_follow_light_and_dark_like_the_public_page():
    with open(finders.find("css/admin-preview.css")) as stylesheet:
        css = stylesheet.read()

    assert ".markdownx-preview .highlight" in css
    assert "@media (prefers-color-scheme: dark)" in css


def test_the_question_form_loads_the_preview_stylesheets(client, editor):
    client.force_login(editor)

    page = parse(client.get("/admin/questions/question/add/"))

    linked = {attr(link, "href") for link in find_all(page, "link", attrs={"rel": "stylesheet"})}
    assert {f"/static/{path}" for path in STYLESHEETS} <= linked
