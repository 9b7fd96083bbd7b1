"""The timed mock interview, kept in the visitor's session as plain JSON."""

import secrets
import time
from dataclasses import asdict, dataclass, field

from django.contrib import auth
from django.utils.translation import gettext_lazy as _

# How long an interview may be; the setup form's limits and help texts say these.
MOCK_MAX_QUESTIONS = 20
MOCK_MAX_MINUTES = 10

# An anonymous visitor's session exists for the interview alone, and anyone can start
# one with each request: it lasts an hour after the interview was last saved (so longer
# than any one question allows), not a signed-in session's two weeks, and
# `manage.py clearsessions` deletes it soon after it is left.
ANONYMOUS_SESSION_SECONDS = 60 * 60


class Result:
    KNEW = "knew"
    MISSED = "missed"
    SKIPPED = "skipped"
    UNAVAILABLE = "unavailable"
    LABELS = {
        KNEW: _("I knew it"),
        MISSED: _("I did not"),
        SKIPPED: _("Skipped"),
        UNAVAILABLE: _("No longer available"),
    }
    # The answer buttons: each result, the button's label (a button says "Skip" where the
    # summary says "Skipped") and the key practice.js binds to it.
    BUTTONS = (
        (KNEW, LABELS[KNEW], "k"),
        (MISSED, LABELS[MISSED], "l"),
        (SKIPPED, _("Skip"), "s"),
    )
    # What a candidate may answer; UNAVAILABLE is set by us when a question is unpublished.
    CHOICES = tuple(result for result, _label, _key in BUTTONS)


@dataclass
class MockInterview:
    """One mock interview: its questions, the time allowed for each, and the answers so far.

    Kept in the session as plain JSON, so anonymous visitors have one too. Times are
    measured on the server from when a question was first shown, so they hold without
    JavaScript and cannot be set by the browser.
    """

    question_ids: list[int]
    seconds_per_question: int
    filters: str = ""
    token: str = field(default_factory=lambda: secrets.token_urlsafe(8))
    started: list[float | None] = field(default_factory=list)
    results: list[str | None] = field(default_factory=list)
    seconds: list[int | None] = field(default_factory=list)

    SESSION_KEY = "mock_interview"

    def __post_init__(self):
        size = len(self.question_ids)
        self.started = self.started or [None] * size
        self.results = self.results or [None] * size
        self.seconds = self.seconds or [None] * size

    @classmethod
    def load(cls, session):
        """The interview in `session`, or None if there is none or it is not well formed."""
        data = session.get(cls.SESSION_KEY)
        try:
            interview = cls(**data)
            size = len(interview.question_ids)
            well_formed = (
                size > 0
                and all(isinstance(pk, int) for pk in interview.question_ids)
                and isinstance(interview.seconds_per_question, int)
                and len(interview.started)
                == len(interview.results)
                == len(interview.seconds)
                == size
                and all(isinstance(t, int | float | None) for t in interview.started)
            )
        except TypeError:
            return None
        return interview if well_formed else None

    def save(self, session):
        session[self.SESSION_KEY] = asdict(self)
        if auth.SESSION_KEY not in session:
            session.set_expiry(ANONYMOUS_SESSION_SECONDS)

    def __len__(self):
        return len(self.question_ids)

    @property
    def current(self):
        """The 0-based index of the question to answer next; `len(self)` once finished."""
        return next((i for i, result in enumerate(self.results) if result is None), len(self))

    @property
    def finished(self):
        return self.current == len(self)

    def show(self, index, now=None):
        """Start the clock of question `index` the first time it is shown."""
        if self.started[index] is None:
            self.started[index] = now or time.time()

    def remaining(self, index, now=None):
        """Seconds left for question `index`, once shown (negative when over time)."""
        return self.seconds_per_question - int((now or time.time()) - self.started[index])

    def answer(self, index, result, now=None):
        """Record the candidate's result and the time taken since the question was shown."""
        self.results[index] = result
        self.seconds[index] = max(0, int((now or time.time()) - self.started[index]))

    def drop(self, index):
        """Leave out a question that was unpublished during the interview."""
        self.results[index] = Result.UNAVAILABLE

    @property
    def knew_count(self):
        return self.results.count(Result.KNEW)

    @property
    def total_seconds(self):
        return sum(seconds or 0 for seconds in self.seconds)

    def summary(self, questions_by_id):
        """One row per question: the question (None once unpublished), result and time."""
        return [
            {
                "number": index + 1,
                "question": questions_by_id.get(pk),
                "result": self.results[index],
                "result_label": Result.LABELS.get(self.results[index], ""),
                "seconds": self.seconds[index],
                "overtime": (self.seconds[index] or 0) - self.seconds_per_question,
            }
            for index, pk in enumerate(self.question_ids)
        ]


def restore_session_age(sender, request, user, **kwargs):
    """Give a visitor who signs in during an interview the usual session age back.

    Logging in keeps the session's data, the short anonymous expiry with it.
    """
    if MockInterview.SESSION_KEY in request.session:
        request.session.set_expiry(None)
