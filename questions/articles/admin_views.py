"""The admin's "Import questions" page and "Export bank" download, for editors.

Importing takes two steps. The first posts a file or pasted text and shows
what would happen (a dry run of the real import). The second posts the
article's text back from a hidden field, and the server parses it again and
checks every permission again: nothing the browser sends about the parsed
questions is trusted, so what is imported is exactly what the text says.

The preview tells what was found (questions, answers, topics), what was left
out and how much of the text that is, which questions have no answers, and
warns when the numbering runs past the questions found or less than half of
the text would be kept (that warning first). An article that names no topic
needs one picked: an existing topic, or "New topic..." and its name. A bad post
is shown again with its errors and a 400 status, and writes nothing.
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

from .decoding import decode_article_with_encoding
from .importer import (
    MAX_ARTICLE_BYTES,
    MAX_ARTICLE_MB,
    MAX_TOPIC_LENGTH,
    ArticleError,
    parse_article,
    too_large,
)
from .preview import article_facts
from .service import ImportRefused, Outcome, import_articles, needs_topic

NEW_TOPIC = "new"

TOPIC_NEEDED_HERE = _(
    "Nothing in the article names a topic (it has no title and no section headings): pick "
    "an existing topic for its questions, or \u201cNew topic\u2026\u201d and type its name."
)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("A .txt or .md file, UTF-8, UTF-16 or Windows-1252, at most %(size)s MB.")
        % {"size": MAX_ARTICLE_MB},
    )
    text = forms.CharField(
        label=_("Or paste the article"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 90}),
    )
    topic = forms.ChoiceField(
        label=_("Topic"),
        required=False,
        help_text=_(
            "Put every question in this topic. Left on the first choice: the topics the "
            "article's section headings (or its title) name."
        ),
    )
    new_topic = forms.CharField(
        label=_("New topic\u2019s name"),
        required=False,
        max_length=MAX_TOPIC_LENGTH,
        help_text=_("With \u201cNew topic\u2026\u201d: the name of the topic to create."),
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
        help_text=_(
            "Publish the new and updated questions instead of saving them as drafts "
            "(not those without answers: they stay drafts)."
        ),
    )
    include_unanswered = forms.BooleanField(
        label=_("Also import questions without answers, as drafts"),
        required=False,
        help_text=_(
            "They are saved as drafts with no answer, for an editor to write one; they are "
            "never published on import."
        ),
    )

    def __init__(self, *args, can_publish: bool, unanswered: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_publish:
            del self.fields["publish"]
        topics = [(str(pk), name) for pk, name in Topic.objects.values_list("pk", "name")]
        self.fields["topic"].choices = [
            ("", _("The topics the article names")),
            *([(_("Existing topics"), topics)] if topics else []),
            (NEW_TOPIC, _("New topic\u2026")),
        ]
        self._count_unanswered(unanswered)
        self.source = self.encoding = self.article = self.topic_name = None

    def _count_unanswered(self, count: int) -> None:
        field = self.fields["include_unanswered"]
        if count == 1:
            field.label = _("Also import the question without an answer, as a draft")
        elif count:
            field.label = _("Also import the %(count)s questions without answers, as drafts") % {
                "count": count
            }

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
            self.source, encoding = decode_article_with_encoding(data)
            self.article = parse_article(self.source)
        except ArticleError as error:
            raise ValidationError(str(error)) from None
        self.encoding = encoding if upload else None
        self._count_unanswered(len(self.article.skipped))
        self._clean_topic(cleaned_data)
        return cleaned_data

    def _clean_topic(self, cleaned_data) -> None:
        """The topic the editor picked, as a name in `topic_name` (None: the article's own)."""
        choice, name = cleaned_data.get("topic"), cleaned_data.get("new_topic", "").strip()
        self.topic_name = None
        if "topic" in self.errors or "new_topic" in self.errors:
            return
        if name and choice not in ("", NEW_TOPIC):
            self.add_error(
                "new_topic",
                _("Pick an existing topic or name a new one, not both."),
            )
        elif choice == NEW_TOPIC or name:
            if not name:
                self.add_error("new_topic", _("Type the new topic\u2019s name."))
            # A name typed with the choice left alone means a new topic all the same.
            cleaned_data["topic"], self.topic_name = NEW_TOPIC, name or None
        elif choice:
            self.topic_name = Topic.objects.filter(pk=choice).values_list("name", flat=True).first()
            if self.topic_name is None:
                self.add_error("topic", _("That topic no longer exists: pick another."))
        elif needs_topic([self.article]):
            self.add_error("topic", TOPIC_NEEDED_HERE)

    def import_options(self, *, can_publish: bool) -> dict:
        framework = self.cleaned_data["framework"]
        return {
            "topic_name": self.topic_name,
            "include_unanswered": self.cleaned_data.get("include_unanswered", False),
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

    def facts(self):
        """The preview's facts about the article read (None before one is)."""
        if self.article is None:
            return None
        return article_facts(
            self.article,
            encoding=self.encoding,
            topic_name=self.topic_name,
            include_unanswered=bool(self.cleaned_data.get("include_unanswered")),
        )


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
            return self.refuse(form)
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
            return self.refuse(form)
        if not confirmed:
            confirmation = form.confirmation()
            return self.render(
                # Below the preview, to change the text or the choices and preview again.
                ImportForm(
                    initial=confirmation.initial,
                    can_publish=can_publish,
                    unanswered=len(form.article.skipped),
                ),
                report=report,
                confirm_form=confirmation,
                article=form.article,
                facts=form.facts(),
            )
        for line in report.summary():
            messages.success(request, line)
        return redirect(reverse("admin:questions_question_changelist"))

    def refuse(self, form):
        """The form again with its errors (400), and what the article holds if it was read."""
        if form.article is not None and form.files.get("file"):
            # A browser cannot fill in a file field: show the file's text in the text box,
            # so that picking a topic does not mean choosing the file again.
            data = form.data.copy()
            data["text"] = form.source
            form.data, form.files = data, {}
        return self.render(form, status=400, facts=form.facts())

    def render(self, form, *, status=200, **context):
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
                "new_topic_value": NEW_TOPIC,
                **context,
            },
            status=status,
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
