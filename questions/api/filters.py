import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import status
from rest_framework.exceptions import APIException

from ..filters import MAX_SEARCH_LENGTH
from ..models import DIFFICULTY_RANK, Difficulty, Framework, Question, Topic


class InvalidFilter(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_filter"


class QuestionFilter(django_filters.FilterSet):
    """The site's filters (questions.filters.QuestionFilter) for everyone alike.

    The choices are what readers may see: an editor's session never widens them,
    and per-reader filters (progress) have no place in a shared API.
    """

    topic = django_filters.ModelChoiceFilter(
        label=_("Topic slug"),
        # Callables: the visibility rule reads the clock, so it is applied per request.
        queryset=lambda request: Topic.objects.visible(),
        to_field_name="slug",
    )
    framework = django_filters.ModelChoiceFilter(
        label=_("Framework slug"),
        queryset=lambda request: Framework.objects.visible(),
        to_field_name="slug",
    )
    difficulty = django_filters.ChoiceFilter(
        label=_("Difficulty"), choices=Difficulty.choices, method="filter_difficulty"
    )
    q = django_filters.CharFilter(
        label=_("Search: questions holding every word, best match first"),
        method="filter_text",
        max_length=MAX_SEARCH_LENGTH,
    )

    class Meta:
        model = Question
        fields = ["topic", "framework", "difficulty", "q"]

    def filter_queryset(self, queryset):
        # The search goes last: it counts and caps its matches among the questions
        # the other filters leave.
        values = self.form.cleaned_data
        for name in sorted(values, key=lambda name: name == "q"):
            queryset = self.filters[name].filter(queryset, values[name])
        return queryset

    def filter_difficulty(self, queryset, name, value):
        return queryset.filter(difficulty_rank=DIFFICULTY_RANK[value])

    def filter_text(self, queryset, name, value):
        return queryset.search(value)


class FilterBackend(DjangoFilterBackend):
    """Refuse invalid filter values with a 400 that says which and why."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            errors = filterset.errors.get_json_data()
            fields = {name: [error["message"] for error in found] for name, found in errors.items()}
            summary = " ".join(f"{name}: {' '.join(messages)}" for name, messages in fields.items())
            raise InvalidFilter({"detail": f"Invalid filter values. {summary}", "errors": fields})
        return filterset.qs
