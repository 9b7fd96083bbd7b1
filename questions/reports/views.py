"""The "Report a problem" page of a published question.

The form lives on its own page rather than on the question page: its CSRF token
would make the question page different for every visitor, and the page cache
keeps one copy for all anonymous visitors. The question page only links here.
"""

import math

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import CreateView

from questions.models import Question

from . import ratelimit
from .forms import ReportForm
from .models import Report


@method_decorator(never_cache, name="dispatch")
class ReportCreateView(CreateView):
    form_class = ReportForm
    template_name = "reports/report_page.html"
    http_method_names = ["get", "post", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        self.question = get_object_or_404(Question.objects.published(), slug=kwargs["slug"])
        if ratelimit.is_limited(request):
            return rate_limited(request, self.question)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        user = self.request.user
        report = Report(question=self.question, reporter=user if user.is_authenticated else None)
        return {**super().get_form_kwargs(), "instance": report, "user": user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(question=self.question, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = None
        form = self.get_form()
        caught_a_bot = form.caught_a_bot()
        if not caught_a_bot and not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if request.session.session_key is None:
            # Start a session so that the limit per session counts this visitor
            # even when they change address.
            request.session.create()
        if not ratelimit.count_report(request):
            return rate_limited(request, self.question)
        # A bot is answered like a person, so it learns nothing from the trap.
        if not caught_a_bot:
            form.save()
        messages.success(request, _("Thanks, an editor will look at it."))
        return redirect(self.question)


def rate_limited(request, question):
    """Answer 429, with how long to wait, once the visitor has used up their reports."""
    seconds = ratelimit.seconds_until_reset()
    context = {
        "question": question,
        "minutes": math.ceil(seconds / 60),
        "reports_per_window": ratelimit.REPORTS_PER_WINDOW,
    }
    response = render(request, "reports/rate_limited.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response
