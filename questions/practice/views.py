"""Practise one random question at a time, or take a timed mock interview.

Both draw only from published questions and work without JavaScript: answers are
revealed with <details>, "next" is a link, and the mock interview's clock runs on the
server. Pages are random or per-visitor, so no cache may keep them.
"""

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from questions.models import Question

from .filters import PracticeFilter
from .forms import MockInterviewForm
from .mock import MockInterview, Result
from .reviews import record_mock_answer
from .sampling import pick_question, random_ids


@method_decorator(never_cache, name="dispatch")
class PracticeView(TemplateView):
    """One random question from the filters, avoiding the ones seen in the last few turns."""

    template_name = "practice/practice.html"

    def get_context_data(self, **kwargs):
        request = self.request
        filterset = PracticeFilter(request.GET, request=request)
        pick = pick_question(
            candidates=filterset.qs,
            user=request.user,
            seen=request.GET.get("seen", ""),
            requested=request.GET.get("question", ""),
        )
        return super().get_context_data(
            filter=filterset, pick=pick, question=pick.question, **kwargs
        )


@method_decorator(never_cache, name="dispatch")
class MockSetupView(View):
    """Choose the questions and the time; starting replaces any interview in progress."""

    template_name = "practice/mock_setup.html"

    def get(self, request):
        return self.render(MockInterviewForm(), PracticeFilter(request.GET, request=request))

    def post(self, request):
        form = MockInterviewForm(request.POST)
        filterset = PracticeFilter(request.POST, request=request)
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
            filters=filterset.params().urlencode(),
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
        pk = interview.question_ids[index]
        question = Question.objects.published().for_detail().filter(pk=pk).first()
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
            "buttons": Result.BUTTONS,
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
        # A signed-in reader's "I knew it" / "I did not" feeds their review schedule.
        record_mock_answer(
            user=request.user, question_id=interview.question_ids[index], result=result
        )
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
        return super().get_context_data(
            interview=interview,
            rows=interview.summary(questions),
            filters=QueryDict(interview.filters),
            **kwargs,
        )
