"""The admin's "Import questions" page and "Export bank" download, for editors.

Importing takes two steps. The first posts a file or pasted text and shows
what would happen (a dry run of the real import). The second posts the
article's text back from a hidden field, and the server parses it again and
checks every permission again: nothing the browser sends about the parsed
questions is trusted, so what is imported is exactly what the text says.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views import View

from questions.bank import export_bank_json
from questions.markdown import render_markdown
from questions.models import PUBLISH_PERMISSION, Difficulty, Framework, Topic

from .importer import (
    MAX_ARTICLE_BYTES,
    MAX_ARTICLE_MB,
    MAX_TOPIC_LENGTH,
    ArticleError,
    decode_article,
    parse_article,
    too_large,
)
from .service import ImportRefused, Outcome, import_articles


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("A .txt or .md file, UTF-8 or UTF-16, at most %(size)s MB.")
        % {"size": MAX_ARTICLE_MB},
    )
    text = forms.CharField(
        label=_("Or paste the article"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 90}),
    )
    topic = forms.CharField(
        label=_("Topic"),
        required=False,
        max_length=MAX_TOPIC_LENGTH,
        widget=forms.TextInput(attrs={"list": "import-topics"}),
        help_text=_(
            "An existing topic's name, or a new one. Empty: the topics the article's section "
            "headings (or its title) name."
        ),
    )
    framework = forms.ModelChoiceField(
        label=_("Framework"),
        queryset=Framework.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Detect for each question"),
    )
    difficulty = forms.ChoiceField(
        label=_("Difficulty"),
        required=False,
        choices=[("", _("The section's level, else intermediate")), *Difficulty.choices],
    )
    publish = forms.BooleanField(
        label=_("Publish"),
        required=False,
        help_text=_("Publish the new and updated questions instead of saving them as drafts."),
    )

    def __init__(self, *args, can_publish: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_publish:
            del self.fields["publish"]

    def clean(self):
        cleaned_data = super().clean()
        upload, text = cleaned_data.get("file"), cleaned_data.get("text") or ""
        if upload and text.strip():
            raise ValidationError(_("Upload a file or paste the text, not both."))
        if upload:
            if upload.size > MAX_ARTICLE_BYTES:
                raise ValidationError(too_large(upload.size))
            data = upload.read()
        elif text.strip():
            data = text.encode("utf-8")
        elif self.errors:
            return cleaned_data
        else:
            raise ValidationError(_("Upload a file or paste the article's text."))
        try:
            self.source = decode_article(data)
            self.article = parse_article(self.source)
        except ArticleError as error:
            raise ValidationError(str(error)) from None
        return cleaned_data

    def import_options(self, *, can_publish: bool) -> dict:
        framework = self.cleaned_data["framework"]
        return {
            "topic_name": self.cleaned_data["topic"] or None,
            "framework": framework.slug if framework else None,
            "difficulty": self.cleaned_data["difficulty"] or None,
            # Checked again here, not only by leaving the field out of the form.
            "publish": can_publish and self.cleaned_data.get("publish", False),
        }

    def confirmation(self) -> "ConfirmImportForm":
        """The same choices as hidden fields, with the article as text to parse again."""
        initial = {name: self.cleaned_data.get(name) for name in self.fields if name != "file"}
        initial["text"] = self.source
        return ConfirmImportForm(initial=initial, can_publish="publish" in self.fields)


class ConfirmImportForm(ImportForm):
    """The preview's form: every field hidden, the article carried back as text."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["file"]
        for name, field in self.fields.items():
            field.widget = (
                forms.Textarea(attrs={"hidden": True}) if name == "text" else forms.HiddenInput()
            )


class ImportQuestionsView(View):
    model_admin = None
    template_name = "admin/questions/question/import.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.model_admin.has_add_permission(request):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def can_publish(self) -> bool:
        return self.request.user.has_perm(PUBLISH_PERMISSION)

    def get(self, request):
        return self.render(ImportForm(can_publish=self.can_publish()))

    def post(self, request):
        can_publish = self.can_publish()
        form = ImportForm(request.POST, request.FILES, can_publish=can_publish)
        if not form.is_valid():
            return self.render(form)
        confirmed = "confirm" in request.POST
        try:
            report = import_articles(
                articles=[form.article],
                author=request.user,
                dry_run=not confirmed,
                **form.import_options(can_publish=can_publish),
            )
        except ImportRefused as error:
            form.add_error(None, str(error))
            return self.render(form)
        if not confirmed:
            confirmation = form.confirmation()
            return self.render(
                # Below the preview, to change the text or the choices and preview again.
                ImportForm(initial=confirmation.initial, can_publish=can_publish),
                report=report,
                confirm_form=confirmation,
                article=form.article,
            )
        for line in report.summary():
            messages.success(request, line)
        return redirect(reverse("admin:questions_question_changelist"))

    def render(self, form, **context):
        report = context.get("report")
        rows = []
        if report:
            for result in report.results:
                # render_markdown sanitises: its output is the one thing marked safe.
                html = mark_safe(render_markdown(result.answer))
                rows.append({"result": result, "answer_html": html})
        return TemplateResponse(
            self.request,
            self.template_name,
            {
                **self.model_admin.admin_site.each_context(self.request),
                "opts": self.model_admin.opts,
                "title": _("Import questions"),
                "form": form,
                "rows": rows,
                "writes": report
                and sum(r.outcome in (Outcome.CREATED, Outcome.UPDATED) for r in report.results),
                "topics": Topic.objects.values_list("name", flat=True),
                **context,
            },
        )


class ExportBankView(View):
    model_admin = None

    def get(self, request):
        if not self.model_admin.has_view_permission(request):
            raise PermissionDenied
        response = HttpResponse(export_bank_json(), content_type="application/json; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="question-bank-{stamp}.json"'
        return response


def import_export_urls(model_admin) -> list:
    """URLs for the question admin: `admin:questions_question_import` and `..._export`."""
    wrap = model_admin.admin_site.admin_view
    prefix = f"{model_admin.opts.app_label}_{model_admin.opts.model_name}"
    return [
        path(
            "import/",
            wrap(ImportQuestionsView.as_view(model_admin=model_admin)),
            name=f"{prefix}_import",
        ),
        path(
            "export/",
            wrap(ExportBankView.as_view(model_admin=model_admin)),
            name=f"{prefix}_export",
        ),
    ]
