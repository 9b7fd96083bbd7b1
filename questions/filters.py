import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from .models import DIFFICULTY_RANK, Difficulty, Framework, Question
from .practice.progress import PROGRESS_FILTER_CHOICES, filter_by_progress

MAX_SEARCH_LENGTH = 200


class SearchInput(forms.TextInput):
    """A search box that never echoes more than the longest search we accept.

    An overlong `q` is refused with a form error; putting all of it back into
    the page would only turn a hostile URL into a huge response.
    """

    input_type = "search"

    def format_value(self, value):
        value = super().format_value(value)
        return value[:MAX_SEARCH_LENGTH] if value else value


class QuestionFilterForm(forms.Form):
    """Refuses the per-reader `progress` filter to anonymous visitors, with a message."""

    signed_in = False

    def clean_progress(self):
        value = self.cleaned_data["progress"]
        if value and not self.signed_in:
            raise forms.ValidationError(_("log in to filter by your own progress."))
        return value


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
        widget=SearchInput(attrs={"placeholder": _("Search questions")}),
    )
    framework = django_filters.ModelChoiceFilter(
        label=_("Framework"),
        queryset=frameworks_for,
        to_field_name="slug",
        empty_label=_("Any framework"),
    )
    difficulty = django_filters.ChoiceFilter(
        label=_("Difficulty"),
        choices=Difficulty.choices,
        method="filter_difficulty",
        empty_label=_("Any difficulty"),
    )
    progress = django_filters.ChoiceFilter(
        label=_("Your progress"),
        choices=PROGRESS_FILTER_CHOICES,
        method="filter_progress",
        empty_label=_("Any progress"),
    )

    class Meta:
        model = Question
        form = QuestionFilterForm
        fields = ["q", "framework", "difficulty", "progress"]

    def __init__(self, data=None, *args, topic=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        if topic is not None:
            # A topic's page offers the frameworks its questions are about (and keeps
            # the one a shared link asks for, so the link still reads as it says).
            framework = self.filters["framework"]
            # A NUL byte is the form's error to report; no database may be asked about it.
            asked = (data or {}).get("framework", "").replace("\x00", "")
            user = self.request.user if self.request else None
            questions = Question.objects.visible_to(user) if user else Question.objects.published()
            in_topic = questions.filter(topic=topic, framework=OuterRef("pk"))
            framework.queryset = frameworks_for(self.request).filter(
                Q(Exists(in_topic)) | Q(slug=asked)
            )

    @property
    def form(self):
        if not hasattr(self, "_form"):
            super().form.signed_in = bool(self.request and self.request.user.is_authenticated)
        return self._form

    def filter_difficulty(self, queryset, name, value):
        # The rank, not the name: it is the list indexes' sort column, so a page
        # filtered by difficulty is one contiguous stretch of the index.
        return queryset.filter(difficulty_rank=DIFFICULTY_RANK[value])

    def filter_text(self, queryset, name, value):
        return queryset.search(value)

    def filter_progress(self, queryset, name, value):
        return filter_by_progress(queryset, self.request.user, value)

    @property
    def active(self):
        """The filters that were given and valid, by name."""
        if not self.is_bound or not hasattr(self.form, "cleaned_data"):
            return {}
        return {name: value for name, value in self.form.cleaned_data.items() if value}

    def params(self, *, exclude=()) -> QueryDict:
        """The valid filters, to carry from a list to its pages and questions.

        Templates build links on it: `{% querystring filter.params page=2 %}`.
        """
        params = QueryDict(mutable=True)
        for name, value in self.active.items():
            if name not in exclude:
                params[name] = getattr(value, "slug", value)
        return params
