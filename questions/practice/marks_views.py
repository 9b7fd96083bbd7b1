"""A reader's bookmarks, progress states and private notes, and the profile that lists them.

The writes are plain POST forms that redirect back to a safe `next`, so one click works
without JavaScript. Only published questions can be marked, and every read and write is
scoped to `request.user`.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.views import safe_next_url
from questions.models import Question, published_q

from .charts import due_forecast, review_history
from .forms import NoteForm
from .models import Bookmark, Note, Progress, ProgressState
from .progress import PROGRESS_FILTER_CHOICES, reader_counts
from .reviews import record_progress, visible_cards


class ReaderMarkView(LoginRequiredMixin, View):
    """Base for the one-click writes on a published question."""

    http_method_names = ["post"]

    def handle_no_permission(self):
        messages.info(
            self.request,
            _("Log in or sign up to keep bookmarks, progress and notes."),
        )
        return redirect_to_login(safe_next_url(self.request))

    def post(self, request, pk):
        self.question = get_object_or_404(Question.objects.published(), pk=pk)
        return self.save(request.POST) or redirect(self.next_url())

    def next_url(self):
        return safe_next_url(self.request, default=self.question.get_absolute_url())

    def save(self, data):
        """Apply the change; return a response to send instead of the redirect, or None."""
        raise NotImplementedError


class BookmarkView(ReaderMarkView):
    def save(self, data):
        mine = {"user": self.request.user, "question": self.question}
        choice = data.get("bookmarked")
        if choice == "yes":
            Bookmark.objects.get_or_create(**mine)
            messages.success(self.request, _("Bookmarked."))
        elif choice == "no":
            Bookmark.objects.filter(**mine).delete()
            messages.success(self.request, _("Bookmark removed."))
        else:
            raise BadRequest("bookmarked must be yes or no")


class ProgressView(ReaderMarkView):
    def save(self, data):
        state = data.get("state")
        if state not in ProgressState.values:
            raise BadRequest("unknown progress state")
        mine = {"user": self.request.user, "question": self.question}
        if state == ProgressState.NEW:
            Progress.objects.filter(**mine).delete()
        else:
            Progress.objects.update_or_create(**mine, defaults={"state": state})
            # One notion of progress: the mark is a review on the same FSRS schedule.
            record_progress(user=self.request.user, question=self.question, state=state)
        messages.success(
            self.request, _("Marked as %(state)s.") % {"state": ProgressState(state).label.lower()}
        )


class NoteView(ReaderMarkView):
    """Save the reader's note; an empty note deletes it, an invalid one is shown again."""

    template_name = "practice/note_form.html"

    def save(self, data):
        form = NoteForm(data)
        if not form.is_valid():
            context = {"form": form, "question": self.question, "next": self.next_url()}
            return render(self.request, self.template_name, context, status=400)
        mine = {"user": self.request.user, "question": self.question}
        if text := form.cleaned_data["text"]:
            Note.objects.update_or_create(**mine, defaults={"text": text})
            messages.success(self.request, _("Note saved. Only you can see it."))
        else:
            Note.objects.filter(**mine).delete()
            messages.success(self.request, _("Note deleted."))


class ProfileView(LoginRequiredMixin, TemplateView):
    """The reader's counts, review charts, bookmarks and notes.

    Questions no longer published are left out, except from the reviews done.
    Bookmarks and notes are listed a page at a time, each with its own page number
    (`page`, `notes_page`), so the page stays small however many a reader keeps.
    """

    template_name = "practice/profile.html"
    # Each list's page parameter, and the heading its page links lead back to.
    page_parameters = {
        "bookmarks": ("page", "bookmarks-title"),
        "notes": ("notes_page", "notes-title"),
    }

    def get_context_data(self, **kwargs):
        user = self.request.user
        visible = published_q("question__")
        related = ("question__topic", "question__framework")
        counts = reader_counts(user)
        labels = dict(PROGRESS_FILTER_CHOICES)
        history, retention = review_history(user)
        pages = self.paginate(
            bookmarks=Bookmark.objects.filter(visible, user=user).select_related(*related),
            notes=Note.objects.filter(visible, user=user).select_related(*related),
        )
        return super().get_context_data(
            review_history=history,
            retention=retention,
            due_forecast=due_forecast(user),
            reviews_total=visible_cards(user).count(),
            # Each count links to the list filtered by that mark.
            counts=[(mark, labels[mark], count) for mark, count in counts.items()],
            learning=ProgressState.LEARNING if counts[ProgressState.LEARNING] else None,
            bookmarks=pages["bookmarks"],
            notes=pages["notes"],
            # Where a removed bookmark leads back to: the same pages, without query junk.
            current_url=self.request.path + self.query(pages),
            **kwargs,
        )

    def paginate(self, **querysets):
        """A page of each list, from its page parameter; a bad number gives a valid page."""
        per_page = settings.QUESTIONS_PER_PAGE
        pages = {
            name: Paginator(queryset, per_page).get_page(
                self.request.GET.get(self.page_parameters[name][0])
            )
            for name, queryset in querysets.items()
        }
        for name, page in pages.items():
            anchor = self.page_parameters[name][1]
            if page.has_previous():
                page.previous_url = self.query(pages, {name: page.previous_page_number()}, anchor)
            if page.has_next():
                page.next_url = self.query(pages, {name: page.next_page_number()}, anchor)
        return pages

    def query(self, pages, changes=None, anchor=""):
        """The query string of the current pages (page 1 left out) with `changes` applied."""
        numbers = {name: page.number for name, page in pages.items() if page.number > 1}
        numbers.update(changes or {})
        params = sorted((self.page_parameters[name][0], n) for name, n in numbers.items())
        query = f"?{urlencode(params)}" if params else ""
        return query + (f"#{anchor}" if anchor and query else "")
