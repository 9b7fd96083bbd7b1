"""The question list's publish and unpublish actions, each confirmed on a page of its own."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import State, Status


def _confirm(modeladmin, request, queryset, *, action, title, rows, button):
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "rows": rows,
        "action": action,
        "button": button,
        "queryset": queryset,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/questions/question/confirm_action.html", context)


@admin.action(description=_("Publish selected questions"), permissions=["publish"])
def publish_selected(modeladmin, request, queryset):
    questions = list(queryset.select_related("topic").prefetch_related("answers"))
    if request.POST.get("confirm") != "yes":
        rows = [
            {
                "question": question,
                "before": question.state_label,
                "after": _publish_outcome(question),
            }
            for question in questions
        ]
        return _confirm(
            modeladmin,
            request,
            queryset,
            action="publish_selected",
            title=_("Publish these questions?"),
            rows=rows,
            button=_("Yes, publish"),
        )
    count, refused = services.publish(questions=questions, user=request.user)
    if count:
        modeladmin.message_user(
            request,
            ngettext("%d question published.", "%d questions published.", count) % count,
            messages.SUCCESS,
        )
    if refused:
        titles = "; ".join(f"“{question.title}”" for question in refused)
        modeladmin.message_user(
            request,
            _("Not published, as they have no answer: %(titles)s") % {"titles": titles},
            messages.ERROR,
        )
    return None


def _publish_outcome(question):
    if question.state == State.PENDING:
        return _("Pending changes go live")
    if not any(answer.body.strip() for answer in question.answers.all()):
        return _("Refused: no answer")
    if question.state == State.PUBLISHED:
        return _("Unchanged (already published)")
    if question.publish_at and question.state == State.SCHEDULED:
        return _("Scheduled for %(date)s") % {"date": question.publish_at}
    return _("Published now")


@admin.action(description=_("Unpublish selected questions"), permissions=["publish"])
def unpublish_selected(modeladmin, request, queryset):
    questions = list(queryset.select_related("topic"))
    if request.POST.get("confirm") != "yes":
        rows = [
            {
                "question": question,
                "before": question.state_label,
                "after": _unpublish_outcome(question),
            }
            for question in questions
        ]
        return _confirm(
            modeladmin,
            request,
            queryset,
            action="unpublish_selected",
            title=_("Unpublish these questions?"),
            rows=rows,
            button=_("Yes, unpublish"),
        )
    count = services.unpublish(questions=questions, user=request.user)
    modeladmin.message_user(
        request,
        ngettext("%d question moved back to draft.", "%d questions moved back to draft.", count)
        % count,
        messages.SUCCESS,
    )
    return None


def _unpublish_outcome(question):
    if question.state == State.PENDING:
        return _("Draft holding its pending changes, in review: gone from the public site")
    if question.status == Status.PUBLISHED:
        return _("Draft: gone from the public site")
    return _("Unchanged (not published)")
