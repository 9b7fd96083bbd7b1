from urllib.parse import urlencode

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Difficulty, Framework, Question

MAX_SEARCH_LENGTH = 200


def frameworks_for(request):
    """The framework choices a visitor may filter by."""
    if request is None:
        return Framework.objects.visible()
    return Framework.objects.visible_to(request.user)


class QuestionFilter(django_filters.FilterSet):
    """The filters of every question list; values live in the URL so lists can be shared.

    An invalid value (unknown framework, overlong search, NUL bytes) becomes a form
    error that the page shows, and that filter is left out instead of failing.
    """

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        max_length=MAX_SEARCH_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Search questions")}),
    )
    framework = django_filters.ModelChoiceFilter(
        label=_("Framework"),
        queryset=frameworks_for,
        to_field_name="slug",
        empty_label=_("Any framework"),
    )
    difficulty = django_filters.ChoiceFilter(
        label=_("Difficulty"), choices=Difficulty.choices, empty_label=_("Any difficulty")
    )

    class Meta:
        model = Question
        fields = ["q", "framework", "difficulty"]

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    @property
    def active(self):
        """The filters that were given and valid, by name."""
        if not self.is_bound or not hasattr(self.form, "cleaned_data"):
            return {}
        return {name: value for name, value in self.form.cleaned_data.items() if value}

    def querystring(self):
        """The valid filters as a query string, to carry them from a list to a question."""
        values = {
            name: value.slug if isinstance(value, Framework) else value
            for name, value in self.active.items()
        }
        return urlencode(values)
