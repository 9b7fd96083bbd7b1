"""Staff-only replacements for django-markdownx's preview and upload endpoints.

markdownx's own views answer anyone, store SVG and GIF files as uploaded, and
fail with a 500 on a missing field. These keep its URL names and JSON contract
(so the admin widget works unchanged) but answer only staff who may edit
content, preview through our sanitising renderer, and store only raster images
that Pillow has decoded and written afresh.
"""

import io
import uuid
import warnings

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import View
from PIL import Image, UnidentifiedImageError

from questions.markdown import MAX_MARKDOWN_LENGTH, render_markdown

MAX_PREVIEW_LENGTH = MAX_MARKDOWN_LENGTH
MAX_IMAGE_SIDE = 2000
MAX_IMAGE_PIXELS = 40_000_000
# What Pillow must find inside the file, whatever its name or declared type says.
RASTER_FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "png", "WEBP": "png"}


class EditorOnlyMixin(LoginRequiredMixin, UserPassesTestMixin):
    """Anonymous visitors are sent to log in; signed-in non-editors get a 403."""

    http_method_names = ["post", "options"]

    def test_func(self):
        user = self.request.user
        return (
            user.is_active
            and user.is_staff
            and (
                user.has_perm("questions.change_question")
                or user.has_perm("questions.change_topic")
            )
        )


class MarkdownifyView(EditorOnlyMixin, View):
    def post(self, request):
        content = request.POST.get("content")
        if content is None:
            return HttpResponse(
                _("Missing “content”."), status=400, content_type="text/plain; charset=utf-8"
            )
        if len(content) > MAX_PREVIEW_LENGTH:
            return HttpResponse(
                _("Too long to preview."), status=413, content_type="text/plain; charset=utf-8"
            )
        return HttpResponse(render_markdown(content))


class ImageUploadError(Exception):
    pass


class ImageUploadView(EditorOnlyMixin, View):
    def post(self, request):
        upload = request.FILES.get("image")
        try:
            if upload is None:
                raise ImageUploadError(_("No image was uploaded."))
            if upload.size > settings.MARKDOWNX_UPLOAD_MAX_SIZE:
                raise ImageUploadError(
                    _("The image is larger than %(limit)s MB.")
                    % {"limit": settings.MARKDOWNX_UPLOAD_MAX_SIZE // (1024 * 1024)}
                )
            data, extension = reencode_image(upload)
        except ImageUploadError as error:
            return JsonResponse({"image": [str(error)]}, status=400)
        path = default_storage.save(
            f"{settings.MARKDOWNX_MEDIA_PATH}{uuid.uuid4()}.{extension}", ContentFile(data)
        )
        return JsonResponse({"image_code": f"![]({default_storage.url(path)})"})


def reencode_image(upload) -> tuple[bytes, str]:
    """Decode an uploaded image and write it afresh, dropping anything but pixels."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as probe:
                image_format = probe.format
                if image_format not in RASTER_FORMATS:
                    raise ImageUploadError(_("Upload a PNG, JPEG, GIF or WebP image."))
                if probe.width * probe.height > MAX_IMAGE_PIXELS:
                    raise ImageUploadError(_("The image has too many pixels."))
                probe.verify()
            upload.seek(0)
            with Image.open(upload) as image:
                image.seek(0)
                image.load()
                image.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
                extension = RASTER_FORMATS[image_format]
                output = io.BytesIO()
                if extension == "jpg":
                    image.convert("RGB").save(output, "JPEG", quality=85)
                else:
                    image.convert("RGBA").save(output, "PNG", optimize=True)
    except ImageUploadError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageUploadError(_("The file is not an image we can read.")) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ImageUploadError(_("The image is damaged or incomplete.")) from None
    return output.getvalue(), extension
