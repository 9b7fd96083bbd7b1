"""Practise one random question at a time, or take a timed mock interview.

Both draw only from published questions and work without JavaScript: answers are
revealed with <details>, "next" is a link, and the mock interview's clock runs on the
server. Pages are random or per-visitor, so no cache may keep them.
"""

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from questions.models import Question

from .filters import PracticeFilter
from .forms import MockInterviewForm
from .mock import MockInterview, Result
from .progress import with_reader_state
from .sampling import SEEN_LIMIT, parse_ids, random_ids


def practice_url(querystring, **params):
    """/practice/ with the filters of `querystring` and extra parameters."""
    extra = urlencode({name: value for name, value in params.items() if value})
    query = "&".join(part for part in (querystring, extra) if part)
    return f"{reverse('questions:practice')}{'?' if query else ''}{query}"


@method_decorator(never_cache, name="dispatch")
class PracticeView(TemplateView):
    """One random question from the filters, avoiding the ones seen in the last few turns."""

    template_name = "practice/practice.html"

    def get_context_data(self, **kwargs):
        request = self.request
        self.filterset = PracticeFilter(
            request.GET, queryset=Question.objects.published(), request=request
        )
        candidates = self.filterset.qs
        seen = parse_ids(request.GET.get("seen", ""))
        requested = parse_ids(request.GET.get("question", ""), limit=1)
        question = self.load(candidates, requested[0]) if requested else None
        starting_over = False
        if question is None:
            ids = random_ids(candidates.exclude(pk__in=seen), 1)
            if not ids and seen:
                # Every matching question was seen recently: go round again, but
                # never show the one just answered twice in a row if there is another.
                starting_over = True
                ids = random_ids(candidates.exclude(pk=seen[-1]), 1) or random_ids(candidates, 1)
                seen = []
            question = self.load(candidates, ids[0]) if ids else None
        querystring = self.filterset.querystring()
        context = {
            "filter": self.filterset,
            "filter_querystring": querystring,
            "question": question,
            "starting_over": starting_over,
            "mock_url": f"{reverse('questions:mock_setup')}?{querystring}".rstrip("?"),
        }
        if question:
            seen_after = ",".join(str(pk) for pk in [*seen, question.pk][-SEEN_LIMIT:])
            context["next_url"] = practice_url(querystring, seen=seen_after)
            context["current_url"] = practice_url(
                querystring, question=question.pk, seen=",".join(map(str, seen))
            )
        return super().get_context_data(**context, **kwargs)

    def load(self, candidates, pk):
        """The question with its answers and the reader's marks, if it is a candidate."""
        questions = candidates.filter(pk=pk).select_related("topic", "framework")
        questions = with_reader_state(questions, self.request.user)
        return questions.prefetch_related("answers").first()


@method_decorator(never_cache, name="dispatch")
class MockSetupView(View):
    """Choose the questions and the time; starting replaces any interview in progress."""

    template_name = "practice/mock_setup.html"

    def get(self, request):
        filterset = PracticeFilter(
            request.GET, queryset=Question.objects.published(), request=request
        )
        return self.render(MockInterviewForm(), filterset)

    def post(self, request):
        form = MockInterviewForm(request.POST)
        filterset = PracticeFilter(
            request.POST, queryset=Question.objects.published(), request=request
        )
        if not form.is_valid() or filterset.errors:
            return self.render(form, filterset, status=400)
        wanted = form.cleaned_data["questions"]
        ids = random_ids(filterset.qs, wanted)
        if not ids:
            form.add_error(None, _("No published question matches these filters."))
            return self.render(form, filterset, status=400)
        if len(ids) < wanted:
            messages.info(
                request,
                ngettext(
                    "Only %(count)d question matches: the interview has %(count)d.",
                    "Only %(count)d questions match: the interview has %(count)d.",
                    len(ids),
                )
                % {"count": len(ids)},
            )
        interview = MockInterview(
            question_ids=ids,
            seconds_per_question=form.cleaned_data["minutes"] * 60,
            filters=filterset.querystring(),
        )
        interview.save(request.session)
        return redirect("questions:mock_question", number=1)

    def render(self, form, filterset, status=200):
        interview = MockInterview.load(self.request.session)
        context = {
            "form": form,
            "filter": filterset,
            "interview": interview if interview and not interview.finished else None,
        }
        return render(self.request, self.template_name, context, status=status)


class MockInterviewMixin:
    """Load the visitor's interview; without one, send them to start a new one."""

    def dispatch(self, request, *args, **kwargs):
        self.interview = MockInterview.load(request.session)
        if self.interview is None:
            messages.info(request, _("You have no mock interview in progress. Start one here."))
            return redirect("questions:mock_setup")
        return super().dispatch(request, *args, **kwargs)

    def redirect_to_current(self):
        if self.interview.finished:
            return redirect("questions:mock_summary")
        return redirect("questions:mock_question", number=self.interview.current + 1)


@method_decorator(never_cache, name="dispatch")
class MockQuestionView(MockInterviewMixin, View):
    """Question `number` of the interview: shown once its turn has come, answered by POST."""

    template_name = "practice/mock_question.html"

    def get(self, request, number):
        interview = self.interview
        index = interview.current
        if interview.finished or number != index + 1:
            return self.redirect_to_current()
        question = (
            Question.objects.published()
            .select_related("topic", "framework")
            .prefetch_related("answers")
            .filter(pk=interview.question_ids[index])
            .first()
        )
        if question is None:
            interview.drop(index)
            interview.save(request.session)
            return self.redirect_to_current()
        interview.show(index)
        interview.save(request.session)
        context = {
            "interview": interview,
            "question": question,
            "number": number,
            "remaining": interview.remaining(index),
            "minutes": interview.seconds_per_question // 60,
        }
        return render(request, self.template_name, context)

    def post(self, request, number):
        interview = self.interview
        if request.POST.get("token") != interview.token:
            messages.warning(
                request, _("That answer was for an earlier interview; it was ignored.")
            )
            return self.redirect_to_current()
        result = request.POST.get("result")
        if result not in Result.CHOICES:
            raise BadRequest("unknown result")
        index = interview.current
        if interview.finished or number != index + 1 or interview.started[index] is None:
            messages.info(request, _("That question was already answered."))
            return self.redirect_to_current()
        interview.answer(index, result)
        interview.save(request.session)
        return self.redirect_to_current()


@method_decorator(never_cache, name="dispatch")
class MockSummaryView(MockInterviewMixin, TemplateView):
    template_name = "practice/mock_summary.html"

    def get(self, request, *args, **kwargs):
        if not self.interview.finished:
            return self.redirect_to_current()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        interview = self.interview
        questions = (
            Question.objects.published()
            .select_related("topic", "framework")
            .in_bulk(interview.question_ids)
        )
        setup_url = reverse("questions:mock_setup")
        return super().get_context_data(
            interview=interview,
            rows=interview.summary(questions),
            again_url=f"{setup_url}?{interview.filters}" if interview.filters else setup_url,
            **kwargs,
        )
