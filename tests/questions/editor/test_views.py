"""The markdownx preview and upload endpoints: sanitised previews, only real raster images."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from questions.markdown import render_markdown

MARKDOWNIFY = "/markdownx/markdownify/"
UPLOAD = "/markdownx/upload/"


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def png_bytes(size=(8, 6), *, comment=None):
    """A real PNG drawn by Pillow, optionally carrying a text chunk."""
    image = Image.new("RGB", size, (200, 30, 30))
    image.putpixel((1, 1), (0, 0, 255))
    info = PngImagePlugin.PngInfo()
    if comment:
        info.add_text("Comment", comment)
    output = io.BytesIO()
    image.save(output, "PNG", pnginfo=info)
    return output.getvalue()


def stored_uploads(media_root):
    folder = media_root / "markdownx"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_markdownify_refuses_get(editor_client):
    assert editor_client.get(MARKDOWNIFY).status_code == 405


def test_markdownify_without_content_is_400(editor_client):
    response = editor_client.post(MARKDOWNIFY, {})
    assert response.status_code == 400
    assert "content" in response.content.decode()


def test_markdownify_sanitises_hostile_content(editor_client):
    source = (
        "**Hi** <script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3))"
    )

    response = editor_client.post(MARKDOWNIFY, {"content": source})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>Hi</strong>" in html
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html
    assert html == render_markdown(source)


def test_upload_accepts_a_real_png_and_stores_it_reencoded(editor_client, media_root):
    original = png_bytes(comment="<script>alert(1)</script>")
    upload = SimpleUploadedFile("diagram.png", original, content_type="image/png")

    response = editor_client.post(UPLOAD, {"image": upload})

    assert response.status_code == 200
    image_code = response.json()["image_code"]
    [stored] = stored_uploads(media_root)
    assert image_code == f"![](/media/markdownx/{stored.name})"
    data = stored.read_bytes()
    assert data != original
    assert b"<script>" not in data
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        assert image.format == "PNG"
        assert image.size == (8, 6)
        assert image.getpixel((1, 1))[:3] == (0, 0, 255)


def test_upload_accepts_a_jpeg(editor_client, media_root):
    output = io.BytesIO()
    Image.new("RGB", (4, 4), (10, 200, 10)).save(output, "JPEG")
    upload = SimpleUploadedFile("photo.jpg", output.getvalue(), content_type="image/jpeg")

    response = editor_client.post(UPLOAD, {"image": upload})

    assert response.status_code == 200
    [stored] = stored_uploads(media_root)
    with Image.open(stored) as image:
        assert image.format == "JPEG"


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
HTML_AS_GIF = b"GIF89a<html><body><script>alert(document.cookie)</script></body></html>"


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("drawing.svg", SVG, "image/svg+xml"),
        ("drawing.png", SVG, "image/png"),
        ("page.gif", HTML_AS_GIF, "image/gif"),
        ("page.gif", b"<html><script>alert(1)</script></html>", "image/gif"),
        ("truncated.png", png_bytes((64, 64))[:60], "image/png"),
        ("empty.png", b"", "image/png"),
        ("notes.txt", b"just text", "text/plain"),
    ],
    ids=["svg", "svg-as-png", "gif-header-html", "html-as-gif", "truncated-png", "empty", "text"],
)
def test_upload_refuses_anything_but_a_real_raster_image(
    editor_client, media_root, name, content, content_type
):
    upload = SimpleUploadedFile(name, content, content_type=content_type)

    response = editor_client.post(UPLOAD, {"image": upload})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    messages = json.loads(response.content)["image"]
    assert messages and all(isinstance(message, str) and message for message in messages)
    assert stored_uploads(media_root) == []


def test_upload_without_the_image_field_is_400(editor_client, media_root):
    response = editor_client.post(UPLOAD, {"other": "value"})

    assert response.status_code == 400
    assert response.json()["image"] == ["No image was uploaded."]
    assert stored_uploads(media_root) == []


def test_upload_larger_than_the_limit_is_400(editor_client, media_root, settings):
    settings.MARKDOWNX_UPLOAD_MAX_SIZE = 10
    upload = SimpleUploadedFile("big.png", png_bytes((64, 64)), content_type="image/png")

    response = editor_client.post(UPLOAD, {"image": upload})

    assert response.status_code == 400
    assert stored_uploads(media_root) == []


def test_upload_refuses_get(editor_client):
    assert editor_client.get(UPLOAD).status_code == 405
