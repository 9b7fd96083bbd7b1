"""The question list's editorial filters: state, mine, and the review queue."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import ReviewState, State


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return State.choices

    def queryset(self, request, queryset):
        if self.value() in State.values:
            return queryset.in_state(self.value())
        return queryset


class MineFilter(admin.SimpleListFilter):
    title = _("author")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", _("Written or submitted by me"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(Q(author=request.user) | Q(submitted_by=request.user))
        return queryset


class ReviewQueueFilter(admin.SimpleListFilter):
    """What waits for a publisher, oldest first: drafts submitted and pending changes."""

    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("queue", _("Waiting for review")),
            ("changes_requested", _("Changes requested")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "queue":
            return queryset.awaiting_review()
        if self.value() == "changes_requested":
            return queryset.filter(review_state=ReviewState.CHANGES_REQUESTED)
        return queryset
