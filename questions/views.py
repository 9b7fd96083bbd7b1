from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from . import content_memo, listing
from .filters import NoFilters, QuestionFilter, filters_for
from .models import (
    LISTING_FIELDS,
    Answer,
    Framework,
    FrameworkVersion,
    Question,
    QuestionAlias,
    Topic,
    can_preview,
)
from .pagecache.views import CacheForAnonymousMixin
from .practice.forms import NoteForm
from .practice.progress import progress_by_difficulty, with_reader_state
from .search import parse_query, with_search_text


class PreviewAwareMixin:
    """Editors may see drafts; what they see must never be stored by a cache."""

    def dispatch(self, request, *args, **kwargs):
        # The content generation is read before any content (see content_memo).
        content_memo.for_request(request)
        response = super().dispatch(request, *args, **kwargs)
        if can_preview(request.user):
            add_never_cache_headers(response)
        return response


class HomeView(CacheForAnonymousMixin, PreviewAwareMixin, ListView):
    template_name = "questions/home.html"
    context_object_name = "topics"

    def get_queryset(self):
        if content_memo.for_request(self.request) is not None:
            # The page shows the topics from the memo (get_context_data()).
            return Topic.objects.none()
        return self.topics()

    def topics(self):
        return Topic.objects.visible_to(self.request.user).with_difficulty_counts()

    def get_context_data(self, **kwargs):
        user = self.request.user
        memo = content_memo.for_request(self.request)
        if memo is None:
            return super().get_context_data(frameworks=Framework.objects.visible_to(user), **kwargs)
        # The same for everyone who cannot preview: kept until the content changes
        # or a scheduled question goes live (the counts change then).
        language = get_language()
        return super().get_context_data(
            frameworks=memo.get_timed(
                ("home-frameworks", language), lambda: list(Framework.objects.visible())
            ),
            topic_grid=memo.get_timed(
                ("home-topics", language, get_script_prefix()),
                lambda: render_to_string("includes/topic_grid.html", {"topics": self.topics()}),
            ),
            **kwargs,
        )


class QuestionListView(CacheForAnonymousMixin, PreviewAwareMixin, ListView):
    """All visible questions, filtered by framework, difficulty and text, paginated."""

    template_name = "questions/question_list.html"
    context_object_name = "questions"
    paginate_by = settings.QUESTIONS_PER_PAGE

    def base_queryset(self):
        user = self.request.user
        questions = Question.objects.visible_to(user)
        if content_memo.for_request(self.request) is None:
            questions = questions.for_listing()
        else:
            # Topics and frameworks come from the memo (paginate_queryset()).
            questions = questions.only(*LISTING_FIELDS)
        return with_reader_state(questions, user)

    def get_queryset(self):
        self.filterset = QuestionFilter(
            self.request.GET, queryset=self.base_queryset(), request=self.request, **self.scope()
        )
        return self.filterset.qs

    def scope(self) -> dict:
        """What narrows the filters' choices (a topic page offers its own frameworks)."""
        return {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter=self.filterset,
            can_preview=can_preview(self.request.user),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        # A filter form sends every field, the empty ones too: the URL to share is
        # the one without them.
        if any(not value for value in request.GET.values()):
            return HttpResponseRedirect(_without_empty(request))
        return super().get(request, *args, **kwargs)

    def get_paginator(self, queryset, *args, **kwargs):
        paginator = super().get_paginator(queryset, *args, **kwargs)
        memo = content_memo.for_request(self.request)
        if memo is not None and (key := listing.count_key(self.filterset, self.scope())):
            paginator.count = memo.get_timed(key, queryset.count)
        return paginator

    def paginate_queryset(self, queryset, page_size):
        """A page past the end of a list that has pages leads to its last page.

        A page that never existed (0, -1, text, or any page of an empty list but
        the first) is still a 404.
        """
        # A search's results: counted and sliced by their ranked ids.
        queryset = getattr(queryset, "ranked", queryset)
        try:
            paginator, page, questions, is_paginated = super().paginate_queryset(
                queryset, page_size
            )
        except Http404:
            number = self.request.GET.get(self.page_kwarg, "")
            paginator = self.get_paginator(queryset, page_size)
            if not number.isdigit() or not paginator.count or int(number) <= paginator.num_pages:
                raise
            self.last_page = paginator.num_pages
            page = paginator.page(self.last_page)
            return paginator, page, page.object_list, page.has_other_pages()
        if (memo := content_memo.for_request(self.request)) is None:
            pass
        elif self.request.user.is_authenticated or isinstance(questions, list):
            page.object_list = questions = listing.with_topics_and_frameworks(memo, questions)
        else:
            # Anonymous visitors' items are all stored: a page needs only its ids.
            page.object_list = questions = listing.listed(memo, questions)
        if parse_query(self.filterset.active.get("q", "")):
            page.object_list = questions = with_search_text(questions)
        return paginator, page, questions, is_paginated

    def render_to_response(self, context, **kwargs):
        if last := getattr(self, "last_page", None):
            return HttpResponseRedirect(_without_empty(self.request, page=last))
        return super().render_to_response(context, **kwargs)


def _without_empty(request, **changes) -> str:
    """This request's URL without its empty parameters, with `changes` made."""
    query = [(key, value) for key, value in request.GET.items() if value and key not in changes]
    query += list(changes.items())
    return f"{request.path}?{urlencode(query)}" if query else request.path


class TopicDetailView(QuestionListView):
    """A topic's description and its questions, with the same filters as the full list."""

    template_name = "questions/topic_detail.html"

    def get(self, request, *args, **kwargs):
        memo = content_memo.for_request(request)
        if memo is None:
            topics = Topic.objects.visible_to(request.user)
            self.topic = get_object_or_404(topics, slug=kwargs["slug"])
        else:
            visible = memo.get_timed(
                "visible-topics", lambda: {topic.slug: topic for topic in Topic.objects.visible()}
            )
            if (topic := visible.get(kwargs["slug"])) is None:
                raise Http404("No visible topic with this slug.")
            self.topic = topic
        return super().get(request, *args, **kwargs)

    def base_queryset(self):
        return super().base_queryset().filter(topic=self.topic)

    def scope(self) -> dict:
        return {"topic": self.topic}

    def get_context_data(self, **kwargs):
        user = self.request.user
        if user.is_authenticated:
            published = Question.objects.published().filter(topic=self.topic)
            kwargs["reader_progress"] = progress_by_difficulty(user, published)
        return super().get_context_data(topic=self.topic, **kwargs)


class QuestionDetailView(CacheForAnonymousMixin, PreviewAwareMixin, DetailView):
    """One question with its answers, and its neighbours in the list the reader came from.

    The filters of that list travel in the query string, so "next" stays within,
    say, the advanced Django questions of a topic.
    """

    context_object_name = "question"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A former slug (a merged or renamed question) leads to the question it became.
            alias = (
                QuestionAlias.objects.filter(
                    slug=kwargs["slug"], question__in=Question.objects.visible_to(request.user)
                )
                .select_related("question")
                .first()
            )
            if alias is None:
                raise
            query = request.META.get("QUERY_STRING", "")
            target = alias.question.get_absolute_url() + (f"?{query}" if query else "")
            return HttpResponsePermanentRedirect(target)

    def get_queryset(self):
        user = self.request.user
        questions = Question.objects.visible_to(user)
        if content_memo.for_request(self.request) is None:
            questions = questions.for_detail()
        # Otherwise its topic, framework, answers and checked versions come from
        # the memo (get_object()).
        return with_reader_state(questions, user, note=True)

    def get_object(self, queryset=None):
        memo = content_memo.for_request(self.request)
        if memo is None:
            return super().get_object(queryset)
        if self.request.user.is_authenticated:
            question = super().get_object(queryset)
        else:
            # The same row for every anonymous visitor (their marks are constants),
            # while it stays published; a slug that finds nothing is not kept.
            slug = self.kwargs["slug"]
            question = memo.get_timed(
                ("anonymous-question", slug),
                lambda: self.get_queryset().filter(slug=slug).first(),
                keep_none=False,
            )
            if question is None:
                raise Http404("No question readers may see with this slug.")
        if "answers" not in getattr(question, "_prefetched_objects_cache", {}):
            listing.with_topics_and_frameworks(memo, [question])
            answers, versions = memo.get(
                ("question-related", question.pk), lambda: _related(question)
            )
            _set_prefetched(question, "answers", answers)
            _set_prefetched(question, "checked_versions", versions)
        return question

    def get_context_data(self, **kwargs):
        question = self.object
        in_topic = Question.objects.visible_to(self.request.user).filter(topic=question.topic)
        siblings = filters_for(self.request, in_topic)
        memo = content_memo.for_request(self.request)
        if memo is not None and isinstance(siblings, NoFilters):
            # The same for every reader while the content (and what is live) stays.
            previous_question, next_question = memo.get_timed(
                ("neighbours", question.pk), lambda: _neighbours(in_topic, question)
            )
        else:
            qs = in_topic if isinstance(siblings, NoFilters) else siblings.qs
            previous_question, next_question = _neighbours(qs, question)
        return super().get_context_data(
            previous_question=previous_question,
            next_question=next_question,
            filter=siblings,
            note_form=NoteForm(initial={"text": question.reader_note}),
            **kwargs,
        )


def _neighbours(questions, question):
    """The questions before and after `question` in `questions`, in list order."""
    questions = questions.only("slug", "title", "difficulty_rank")
    return questions.before(question).first(), questions.after(question).first()


def _related(question):
    """What `for_detail()` prefetches for `question`, without ties to this request's copy."""
    answers = list(Answer.objects.filter(question_id=question.pk))
    versions = FrameworkVersion.objects.filter(questions=question.pk).select_related("framework")
    return answers, list(versions)


def _set_prefetched(instance, name, values):
    """Give `instance.<name>.all()` these rows, as prefetch_related() does."""
    rows = getattr(instance, name).get_queryset()
    rows._result_cache, rows._prefetch_done = list(values), True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = rows
