"""Admin pages of the editorial workflow: history, compare, revert, review, recover.

Mounted under each model admin's URLs (see `question_revision_urls`). Every view
checks the model admin's permissions itself; writes go through `questions.services`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_naive, make_aware
from django.utils.translation import gettext as _

from questions import services
from questions.models import Framework, FrameworkVersion, Question, Topic
from questions.reports.models import open_reports_for

from .diff import compare
from .models import Kind, Revision
from .pending import snapshot_from_forms
from .snapshot import QUESTION_FIELDS, question_data, topic_data

MAX_COMMENT_LENGTH = 2000


def question_revision_urls(model_admin) -> list:
    wrap = model_admin.admin_site.admin_view
    views = QuestionWorkflowViews(model_admin)
    return [
        path("recover/", wrap(views.recover), name="questions_question_recover"),
        path(
            "<path:object_id>/revisions/", wrap(views.history), name="questions_question_revisions"
        ),
        path(
            "<path:object_id>/revisions/compare/",
            wrap(views.compare),
            name="questions_question_compare",
        ),
        path(
            "<path:object_id>/revisions/<int:revision_id>/revert/",
            wrap(views.revert),
            name="questions_question_revert",
        ),
        path("<path:object_id>/review/", wrap(views.review), name="questions_question_review"),
    ]


def topic_revision_urls(model_admin) -> list:
    wrap = model_admin.admin_site.admin_view
    views = TopicWorkflowViews(model_admin)
    return [
        path("<path:object_id>/revisions/", wrap(views.history), name="questions_topic_revisions"),
        path("<path:object_id>/approve/", wrap(views.approve), name="questions_topic_approve"),
    ]


def names_for(*snapshots) -> dict:
    """Display names for the ids snapshots hold: three queries whatever their number."""
    topics, frameworks, versions = set(), set(), set()
    for data in snapshots:
        topics.add(data.get("topic"))
        frameworks.add(data.get("framework"))
        versions.update(data.get("checked_versions", ()))
    names = {
        ("topic", pk): name
        for pk, name in Topic.objects.filter(pk__in=topics).values_list("pk", "name")
    }
    names |= {
        ("framework", pk): name
        for pk, name in Framework.objects.filter(pk__in=frameworks).values_list("pk", "name")
    }
    names |= {
        ("version", version.pk): str(version)
        for version in FrameworkVersion.objects.filter(pk__in=versions).select_related("framework")
    }
    return names


class WorkflowViews:
    kind = Kind.QUESTION

    def __init__(self, model_admin):
        self.model_admin = model_admin
        self.opts = model_admin.model._meta

    def get_object(self, request, object_id, *, change=False):
        obj = self.model_admin.model._default_manager.filter(pk=_pk(object_id)).first()
        if obj is None:
            raise Http404
        allowed = (
            self.model_admin.has_change_permission(request, obj)
            if change
            else self.model_admin.has_view_permission(request, obj)
        )
        if not allowed:
            raise PermissionDenied
        return obj

    def context(self, request, obj, **kwargs):
        return {
            **self.model_admin.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "has_view_permission": True,
            **kwargs,
        }

    def current_data(self, obj) -> dict:
        return question_data(obj) if self.kind == Kind.QUESTION else topic_data(obj)

    def history(self, request, object_id):
        obj = self.get_object(request, object_id)
        revisions = list(Revision.objects.of(obj).select_related("user"))
        context = self.context(
            request,
            obj,
            title=_("History of “%(name)s”") % {"name": obj},
            revisions=revisions,
            can_revert=self.kind == Kind.QUESTION
            and self.model_admin.has_change_permission(request, obj),
        )
        return TemplateResponse(request, "admin/questions/revisions.html", context)


class QuestionWorkflowViews(WorkflowViews):
    def compare(self, request, object_id):
        question = self.get_object(request, object_id)
        revisions = Revision.objects.of(question)
        try:
            older = revisions.get(pk=int(request.GET.get("from", "")))
            newer = revisions.get(pk=int(request.GET.get("to", "")))
        except (ValueError, Revision.DoesNotExist):
            return HttpResponseBadRequest(_("Choose two revisions of this question to compare."))
        if (older.created_at, older.pk) > (newer.created_at, newer.pk):
            older, newer = newer, older
        context = self.context(
            request,
            question,
            title=_("Compare revisions of “%(name)s”") % {"name": question},
            older=older,
            newer=newer,
            changes=compare(older.data, newer.data, names_for(older.data, newer.data)),
        )
        return TemplateResponse(request, "admin/questions/compare.html", context)

    def revert(self, request, object_id, revision_id):
        question = self.get_object(request, object_id, change=True)
        revision = get_object_or_404(Revision.objects.of(question), pk=revision_id)
        if request.method == "POST":
            try:
                result = services.revert(question=question, revision=revision, user=request.user)
            except ValidationError as error:
                # Such as a slug another question took since, or a topic deleted since.
                reason = " ".join(error.messages)
                messages.error(request, _("Not reverted: %(reason)s") % {"reason": reason})
                return HttpResponseRedirect(
                    reverse("admin:questions_question_revisions", args=[question.pk])
                )
            if result.action == "pending":
                message = _("Reverted as pending changes: a publisher approves them.")
            else:
                message = _("Reverted: the question now has that revision's content.")
            messages.success(request, message)
            return HttpResponseRedirect(_change_url(question))
        current = question.pending_revision.data if question.pending_revision_id else None
        current = current or question_data(question)
        context = self.context(
            request,
            question,
            title=_("Revert “%(name)s”?") % {"name": question},
            revision=revision,
            changes=compare(current, revision.data, names_for(current, revision.data)),
            goes_to_review=services.goes_to_review(question, request.user),
        )
        return TemplateResponse(request, "admin/questions/revert_confirm.html", context)

    def review(self, request, object_id):
        if request.method != "POST":
            return HttpResponseRedirect(_change_url_for(object_id))
        question = self.get_object(request, object_id, change=True)
        action = request.POST.get("action")
        comment = request.POST.get("comment", "")[:MAX_COMMENT_LENGTH]
        try:
            if action == "submit":
                services.submit_for_review(question=question, user=request.user, note=comment)
                messages.success(request, _("Submitted for review."))
            elif action == "approve":
                publish_at = _date(request.POST.get("publish_at", ""))
                revision = services.approve(
                    question=question, user=request.user, publish_at=publish_at, comment=comment
                )
                messages.success(request, revision.get_action_display() + ".")
            elif action == "request_changes":
                services.request_changes(question=question, user=request.user, comment=comment)
                messages.success(request, _("Changes requested: the author sees your comment."))
            else:
                return HttpResponseBadRequest(_("Unknown review action."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(_change_url(question))

    def recover(self, request):
        if not request.user.has_perm("questions.publish_question"):
            raise PermissionDenied
        if request.method == "POST":
            try:
                revision = Revision.objects.deleted().get(pk=int(request.POST.get("revision", "")))
                question = services.recover(revision=revision, user=request.user)
            except (ValueError, Revision.DoesNotExist):
                return HttpResponseBadRequest(_("Choose a deleted question to recover."))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return HttpResponseRedirect(request.path)
            messages.success(request, _("Recovered as a draft."))
            return HttpResponseRedirect(_change_url(question))
        deleted = Revision.objects.deleted().select_related("user")
        context = self.context(request, None, title=_("Recover deleted questions"), deleted=deleted)
        return TemplateResponse(request, "admin/questions/recover.html", context)


class TopicWorkflowViews(WorkflowViews):
    kind = Kind.TOPIC

    def approve(self, request, object_id):
        topic = self.get_object(request, object_id, change=True)
        if request.method == "POST":
            try:
                services.approve_topic(topic=topic, user=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The topic's changes are live."))
        return HttpResponseRedirect(reverse("admin:questions_topic_change", args=[topic.pk]))


def change_form_context(request, question, adminform, formsets=()) -> dict:
    """What the question's change form shows about review, pending changes and reports."""
    if question is None:
        return {}
    can_publish = services.may_publish(request.user)
    context = {"can_publish": can_publish, "live_url": question.get_absolute_url()}
    if question.pending_revision_id:
        pending = question.pending_revision
        context["pending"] = pending
        if can_publish:
            live = question_data(Question.objects.get(pk=question.pk))
            context["pending_changes"] = compare(live, pending.data, names_for(live, pending.data))
    form = adminform.form if adminform is not None else None
    if form is not None and any(
        error.code == "stale" for error in form.non_field_errors().as_data()
    ):
        context["stale_changes"] = _stale_changes(question, form, formsets)
    if request.user.has_perm("reports.view_report"):
        context["open_reports"] = list(open_reports_for(question))
    return context


def _stale_changes(question, form, formsets):
    """What is saved now against what this person typed (their text stays in the form)."""
    saved = Question.objects.get(pk=question.pk)
    current = saved.pending_revision.data if saved.pending_revision_id else question_data(saved)
    typed = {**current}
    for name in (*QUESTION_FIELDS, "topic", "framework"):
        if name in form.cleaned_data:
            value = form.cleaned_data[name]
            typed[name] = value.pk if hasattr(value, "pk") else value
    if formsets and all(formset.is_valid() for formset in formsets):
        typed["answers"] = snapshot_from_forms(form, formsets)["answers"]
    return compare(current, typed, names_for(current, typed))


def _pk(object_id):
    try:
        return int(object_id)
    except ValueError:
        raise Http404 from None


def _date(value: str):
    if not value.strip():
        return None
    parsed = parse_datetime(value.strip())
    if parsed is None:
        raise ValidationError(_("Give the publish date as YYYY-MM-DD HH:MM."))
    return make_aware(parsed) if is_naive(parsed) else parsed


def _change_url(question):
    return reverse("admin:questions_question_change", args=[question.pk])


def _change_url_for(object_id):
    return reverse("admin:questions_question_change", args=[_pk(object_id)])
