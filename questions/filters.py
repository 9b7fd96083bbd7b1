import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_filters.filters import QuerySetRequestMixin

from . import content_memo, listing
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


class _FrameworkField(django_filters.fields.ModelChoiceField):
    """A framework choice that looks the frameworks the memo holds up there, not in SQL."""

    known = None  # {slug: framework}, set per form where the memo gives them

    def to_python(self, value):
        if self.known and isinstance(value, str) and value in self.known:
            return self.known[value]
        return super().to_python(value)


class _FrameworkFilter(django_filters.ModelChoiceFilter):
    field_class = _FrameworkField


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
    framework = _FrameworkFilter(
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
        self._known_frameworks = None
        if topic is None:
            memo = content_memo.for_request(self.request)
            if memo is not None:
                # What readers may choose, from the memo: no EXISTS built per request.
                visible = sorted(_visible_frameworks(memo).values())
                self.filters["framework"].queryset = Framework.objects.filter(pk__in=visible)
                self._known_frameworks = _known(memo, visible)
        else:
            # A topic's page offers the frameworks its questions are about (and keeps
            # the one a shared link asks for, so the link still reads as it says).
            framework = self.filters["framework"]
            # A NUL byte is the form's error to report; no database may be asked about it.
            asked = (data or {}).get("framework", "").replace("\x00", "")
            memo = content_memo.for_request(self.request)
            if memo is not None:
                pks = _topic_frameworks(memo, topic, asked)
                framework.queryset = Framework.objects.filter(pk__in=pks)
                self._known_frameworks = _known(memo, pks)
                return
            user = self.request.user if self.request else None
            questions = Question.objects.visible_to(user) if user else Question.objects.published()
            in_topic = questions.filter(topic=topic, framework=OuterRef("pk"))
            framework.queryset = frameworks_for(self.request).filter(
                Q(Exists(in_topic)) | Q(slug=asked)
            )

    @classmethod
    def _shared_form_class(cls, build):
        # Per class, not inherited: a subclass's filters make another form.
        if "_form_class" not in cls.__dict__:
            cls._form_class = build()
        return cls._form_class

    def get_form_class(self):
        """The form class, built once per process: django-filter builds one per request.

        Its choices (frameworks, a subclass's topics) are those of the first filter
        set; `form` gives each form the choices of its own (a topic's, a visitor's).
        """
        return self._shared_form_class(super().get_form_class)

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            form.signed_in = bool(self.request and self.request.user.is_authenticated)
            for name, filter_ in self.filters.items():
                if isinstance(filter_, QuerySetRequestMixin):
                    form.fields[name].queryset = filter_.get_queryset(self.request)
            form.fields["framework"].known = self._known_frameworks
        return self._form

    def filter_queryset(self, queryset):
        # The search goes last: it counts and caps its matches among the questions
        # the other filters leave.
        values = self.form.cleaned_data
        for name in sorted(values, key=lambda name: name == "q"):
            queryset = self.filters[name].filter(queryset, values[name])
        return queryset

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

    @property
    def search_words(self) -> str:
        """The valid search words, or "" (a template asks once per item)."""
        return self.active.get("q", "")

    def params(self, *, exclude=()) -> QueryDict:
        """The valid filters, to carry from a list to its pages and questions.

        Templates build links on it: `{% querystring filter.params page=2 %}`.
        """
        params = QueryDict(mutable=True)
        for name, value in self.active.items():
            if name not in exclude:
                params[name] = getattr(value, "slug", value)
        return params


def _topic_frameworks(memo, topic, asked):
    """The pks of the framework choices of `topic` for readers, from what the memo keeps."""
    visible = _visible_frameworks(memo)

    def in_topic():
        questions = Question.objects.published().filter(topic=topic, framework=OuterRef("pk"))
        return list(Framework.objects.filter(Exists(questions)).values_list("pk", flat=True))

    pks = {*memo.get_timed(("topic-frameworks", topic.pk), in_topic)}
    if asked in visible:
        pks.add(visible[asked])
    return sorted(pks)


def _known(memo, pks):
    """The frameworks of `pks` that a list shows, by slug, as the memo keeps them."""
    frameworks = listing.memo_frameworks(memo)
    return {framework.slug: framework for pk in pks if (framework := frameworks.get(pk))}


def _visible_frameworks(memo):
    """The frameworks with published questions, as {slug: pk}, from the memo."""
    return memo.get_timed(
        "visible-frameworks", lambda: dict(Framework.objects.visible().values_list("slug", "pk"))
    )


class NoFilters:
    """Stands in for a `QuestionFilter` on a request that gives none of its filters.

    It filters nothing, as such a filter set would, without building one: the
    question page needs a list's filters only to carry them on to previous/next.
    """

    is_bound = False
    errors = {}

    @property
    def active(self):
        return {}

    search_words = ""

    def params(self, *, exclude=()) -> QueryDict:
        return QueryDict(mutable=True)


def filters_for(request, queryset, **kwargs):
    """The `QuestionFilter` of `request` on `queryset`, or `NoFilters` when it gives none."""
    if not any(name in request.GET for name in QuestionFilter.base_filters):
        return NoFilters()
    return QuestionFilter(request.GET, queryset=queryset, request=request, **kwargs)
