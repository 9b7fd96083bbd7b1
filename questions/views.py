from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView

from .filters import QuestionFilter
from .models import Framework, Question, QuestionAlias, Topic, can_preview
from .pagecache.views import CacheForAnonymousMixin
from .practice.forms import NoteForm
from .practice.progress import progress_by_difficulty, with_reader_state


class PreviewAwareMixin:
    """Editors may see drafts; what they see must never be stored by a cache."""

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if can_preview(request.user):
            add_never_cache_headers(response)
        return response


class HomeView(CacheForAnonymousMixin, PreviewAwareMixin, ListView):
    template_name = "questions/home.html"
    context_object_name = "topics"

    def get_queryset(self):
        return Topic.objects.visible_to(self.request.user).with_difficulty_counts()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            frameworks=Framework.objects.visible_to(self.request.user),
            filter=QuestionFilter(queryset=Question.objects.none(), request=self.request),
            **kwargs,
        )


class QuestionListView(CacheForAnonymousMixin, PreviewAwareMixin, ListView):
    """All visible questions, filtered by framework, difficulty and text, paginated."""

    template_name = "questions/question_list.html"
    context_object_name = "questions"
    paginate_by = settings.QUESTIONS_PER_PAGE

    def base_queryset(self):
        user = self.request.user
        return with_reader_state(Question.objects.visible_to(user).for_listing(), user)

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

    def paginate_queryset(self, queryset, page_size):
        """A page past the end of a list that has pages leads to its last page.

        A page that never existed (0, -1, text, or any page of an empty list but
        the first) is still a 404.
        """
        try:
            return super().paginate_queryset(queryset, page_size)
        except Http404:
            number = self.request.GET.get(self.page_kwarg, "")
            paginator = self.get_paginator(queryset, page_size)
            if not number.isdigit() or not paginator.count or int(number) <= paginator.num_pages:
                raise
            self.last_page = paginator.num_pages
            page = paginator.page(self.last_page)
            return paginator, page, page.object_list, page.has_other_pages()

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
        self.topic = get_object_or_404(Topic.objects.visible_to(request.user), slug=kwargs["slug"])
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
        return with_reader_state(Question.objects.visible_to(user).for_detail(), user, note=True)

    def get_context_data(self, **kwargs):
        question = self.object
        siblings = QuestionFilter(
            self.request.GET,
            queryset=Question.objects.visible_to(self.request.user).filter(topic=question.topic),
            request=self.request,
        )
        neighbours = siblings.qs.only("slug", "title", "difficulty_rank")
        return super().get_context_data(
            previous_question=neighbours.before(question).first(),
            next_question=neighbours.after(question).first(),
            filter=siblings,
            note_form=NoteForm(initial={"text": question.reader_note}),
            **kwargs,
        )
