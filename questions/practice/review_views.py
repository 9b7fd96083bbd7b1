"""The reader's spaced-repetition reviews: add questions to them, review what is due.

Plain POST forms, so everything works without JavaScript; practice.js only adds the
keys (Space reveals the answer, 1-4 rate it). Only published questions are added or
shown, and every read and write is scoped to `request.user`.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest
from django.core.validators import slug_re
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.cache import never_cache

from accounts.views import safe_next_url
from questions.filters import QuestionFilter
from questions.models import Question, Topic

from .models import ReviewRating
from .reviews import (
    MAX_ADD,
    add_to_reviews,
    due_cards,
    next_due,
    rating_choices,
    record_review,
    visible_cards,
)


class ReviewLoginMixin(LoginRequiredMixin):
    def handle_no_permission(self):
        messages.info(self.request, _("Log in or sign up to keep spaced-repetition reviews."))
        return redirect_to_login(safe_next_url(self.request, default=self.request.path))


def _question_id(value) -> int:
    """A posted question id, or a 400: never a number the database cannot hold."""
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        raise BadRequest("question must be a question's id")
    return int(value)


def _stamp(card) -> str:
    """What the review form sends back, so a second submit of the same card is ignored."""
    return card.last_review.isoformat() if card.last_review else "new"


@method_decorator(never_cache, name="dispatch")
class ReviewView(ReviewLoginMixin, View):
    """The next due question, its answer on demand, and the four ratings."""

    template_name = "practice/review.html"

    def get(self, request):
        user = request.user
        due = due_cards(user)
        card = due.first()
        question = None
        if card is not None:
            questions = Question.objects.published().for_detail()
            question = questions.filter(pk=card.question_id).first()
            # Unpublished since the line above: nothing to show this time.
            card = card if question else None
        context = {
            "card": card,
            "question": question,
            "stamp": _stamp(card) if card else "",
            "due_now": due.count() if card else 0,
            "next_due": (coming := None if card else next_due(user)),
            # timeuntil rounds down: "in 0 minutes" would read as "due now".
            "next_due_soon": bool(coming and coming - timezone.now() < timedelta(minutes=1)),
            "total": visible_cards(user).count(),
            "ratings": rating_choices(card) if card else [],
        }
        return render(request, self.template_name, context)

    def post(self, request):
        try:
            rating = ReviewRating(int(request.POST.get("rating", "")))
        except ValueError as error:
            raise BadRequest("rating must be 1, 2, 3 or 4") from error
        question_id = _question_id(request.POST.get("question", ""))
        card = get_object_or_404(visible_cards(request.user), question_id=question_id)
        if request.POST.get("stamp") != _stamp(card):
            messages.info(request, _("That question was already reviewed."))
            return redirect("questions:review")
        record_review(user=request.user, question=question_id, rating=rating)
        return redirect("questions:review")


class AddToReviewsView(ReviewLoginMixin, View):
    """Add one question, a topic's questions or a filtered list to the reader's reviews.

    Sent `question` (a pk), or the list's filters (with `topic`, a slug, on a topic
    page). Only published questions are ever added, at most `MAX_ADD` at once.
    """

    http_method_names = ["post"]

    def post(self, request):
        data = request.POST
        if "question" in data:
            pk = _question_id(data["question"])
            question = get_object_or_404(Question.objects.published(), pk=pk)
            questions = Question.objects.filter(pk=question.pk)
            default = question.get_absolute_url()
        else:
            questions, default = self.filtered(data)
        result = add_to_reviews(user=request.user, questions=questions)
        if result.too_many:
            messages.error(
                request,
                _(
                    "That is more than %(max)d questions: nothing was added. "
                    "Narrow the filters to %(max)d or fewer and add them again."
                )
                % {"max": MAX_ADD},
            )
        elif result.added:
            message = ngettext(
                "Added %(count)d question to your reviews.",
                "Added %(count)d questions to your reviews.",
                result.added,
            ) % {"count": result.added}
            if result.already:
                message += " " + ngettext(
                    "%(count)d was already there.", "%(count)d were already there.", result.already
                ) % {"count": result.already}
            messages.success(request, message)
        elif result.already:
            messages.info(request, _("These questions are already in your reviews."))
        else:
            messages.info(request, _("No published question matches: nothing was added."))
        return redirect(safe_next_url(request, default=default))

    def filtered(self, data):
        """The published questions of the posted filters, and the list they came from."""
        questions = Question.objects.published()
        scope = {}
        if "topic" in data:
            if not slug_re.fullmatch(data["topic"]):
                raise BadRequest("topic must be a slug")
            topic = get_object_or_404(Topic.objects.visible(), slug=data["topic"])
            questions = questions.filter(topic=topic)
            scope["topic"] = topic
        filterset = QuestionFilter(data, queryset=questions, request=self.request, **scope)
        if not filterset.is_valid():
            raise BadRequest("invalid filters")
        default = scope["topic"].get_absolute_url() if scope else "questions:question_list"
        return filterset.qs, default
