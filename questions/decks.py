"""Decks to take away: a question list as an Anki package (.apkg) or an Anki-ready CSV.

Both take the filters of the question list (framework, difficulty, q), a topic, and
for signed-in readers one of their own lists. They hold published questions only,
editors' downloads included: a deck leaves the site, and a draft must never leave
with it. Each note's GUID comes from the question's primary key, so importing a
newer download updates the notes instead of adding copies.
"""

import csv
import io
import itertools
import sqlite3
import time
import zipfile
from dataclasses import dataclass
from html import escape

import django_filters
import genanki
from django.contrib.auth.views import redirect_to_login
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpResponse
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from pygments.formatters import HtmlFormatter

from .markdown import EXTENSION_CONFIGS
from .models import Answer, Question
from .practice.filters import PracticeFilter
from .practice.models import ProgressState
from .practice.progress import BOOKMARKED, filter_by_progress
from .practice.reviews import due_cards
from .templatetags.question_tags import inline_code

# Enough for any one topic or framework; the whole bank takes a few filters.
DECK_LIMIT = 2000

# Fixed for good: Anki recognises the note type and the deck of a later download
# by these ids, and the notes by their GUIDs, which hash this namespace and the pk.
GUID_NAMESPACE = "pyinterview"
MODEL_ID = 1_739_204_611
DECK_ID = 1_739_204_612
DECK_NAME = "Python interview questions"
FILENAME_STEM = "python-interview-questions"

FIELDS = ["Question", "Answer", "Topic", "Framework", "Difficulty", "Link"]

# The renderer's class for code blocks; the light and dark styles of the site's
# static/css/pygments.css, the dark one for Anki's night mode.
CODE_CLASS = "." + EXTENSION_CONFIGS["codehilite"]["css_class"]
CARD_CSS = "\n".join(
    [
        ".card { font-family: system-ui, sans-serif; font-size: 18px; line-height: 1.5;"
        " text-align: left; max-width: 40em; margin: 0 auto; }",
        ".meta { color: #5f6368; font-size: 14px; }",
        f"{CODE_CLASS} {{ border-radius: 6px; padding: 0 .75em; overflow-x: auto; }}",
        f"{CODE_CLASS} pre {{ margin: 0; padding: .5em 0; }}",
        HtmlFormatter(style="xcode").get_style_defs(CODE_CLASS),
        HtmlFormatter(style="github-dark").get_style_defs(
            [f".nightMode {CODE_CLASS}", f".night_mode {CODE_CLASS}"]
        ),
    ]
)
NOTE_MODEL = genanki.Model(
    MODEL_ID,
    "Python interview question",
    fields=[{"name": name} for name in FIELDS],
    templates=[
        {
            "name": "Question → answer",
            "qfmt": (
                '<div class="question">{{Question}}</div>'
                '<p class="meta">{{Topic}} · {{Framework}} · {{Difficulty}}</p>'
            ),
            "afmt": (
                '{{FrontSide}}<hr id="answer"><div class="answer">{{Answer}}</div>'
                '<p class="meta"><a href="{{Link}}">{{Link}}</a></p>'
            ),
        }
    ],
    css=CARD_CSS,
)


def _bookmarked(questions, user):
    return filter_by_progress(questions, user, BOOKMARKED)


def _learning(questions, user):
    return filter_by_progress(questions, user, ProgressState.LEARNING)


def _due(questions, user):
    return questions.filter(Exists(due_cards(user).filter(question=OuterRef("pk"))))


# list=: the signed-in reader's own lists.
READER_LISTS = {"bookmarks": _bookmarked, "learning": _learning, "due": _due}


class DeckFilter(PracticeFilter):
    """The list filters, a topic, and (signed in) one of the reader's own lists."""

    list = django_filters.ChoiceFilter(
        label=gettext_lazy("List"),
        choices=[(name, name) for name in READER_LISTS],
        method="filter_list",
    )

    class Meta(PracticeFilter.Meta):
        fields = [*PracticeFilter.Meta.fields, "list"]

    def filter_list(self, queryset, name, value):
        return READER_LISTS[value](queryset, self.request.user)

    def filename(self, extension):
        """`python-interview-questions-routing-django-advanced.apkg`, from the filters."""
        parts = [FILENAME_STEM]
        for name in ("topic", "framework", "difficulty", "list"):
            if value := self.active.get(name):
                parts.append(getattr(value, "slug", value))
        if self.active.get("q"):
            parts.append("search")
        return f"{'-'.join(parts)}.{extension}"


def deck_questions():
    """Published questions with all that a note shows, in a fixed number of queries."""
    # The rendered HTML goes into the deck, never the Markdown it came from.
    answers = Answer.objects.only("question", "position", "body_html")
    return (
        Question.objects.published()
        .defer("body")
        .select_related("topic", "framework")
        .prefetch_related(Prefetch("answers", answers))
    )


@dataclass(frozen=True)
class DeckNote:
    """One question as a note: its fields as Anki HTML, its GUID and its tags."""

    guid: str
    question: str
    answer: str
    topic: str
    framework: str
    difficulty: str
    link: str
    tags: tuple[str, ...]

    @classmethod
    def for_question(cls, question, request):
        return cls(
            guid=genanki.guid_for(GUID_NAMESPACE, question.pk),
            question=inline_code(question.title) + question.body_html,
            answer="<hr>".join(answer.body_html for answer in question.answers.all()),
            topic=escape(question.topic.name),
            framework=escape(question.framework.name),
            difficulty=escape(question.get_difficulty_display()),
            link=escape(request.build_absolute_uri(question.get_absolute_url())),
            # Anki tags cannot hold spaces; "::" nests them in Anki's tag browser.
            tags=(
                f"topic::{question.topic.slug}",
                f"framework::{question.framework.slug}",
                f"difficulty::{question.difficulty}",
            ),
        )

    @property
    def fields(self):
        return [
            self.question,
            self.answer,
            self.topic,
            self.framework,
            self.difficulty,
            self.link,
        ]


def apkg_bytes(notes) -> bytes:
    """An Anki package of `notes`: a zip holding the SQLite collection `collection.anki2`."""
    deck = genanki.Deck(DECK_ID, DECK_NAME)
    for note in notes:
        deck.add_note(
            genanki.Note(model=NOTE_MODEL, fields=note.fields, tags=note.tags, guid=note.guid)
        )
    # The collection is built in memory and zipped as genanki's write_to_file
    # does: write_to_file leaves its temporary SQLite file behind on every call.
    connection = sqlite3.connect(":memory:")
    try:
        timestamp = time.time()
        genanki.Package(deck).write_to_db(
            connection.cursor(), timestamp, itertools.count(int(timestamp * 1000))
        )
        connection.commit()
        collection = connection.serialize()
    finally:
        connection.close()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("collection.anki2", collection)
        archive.writestr("media", "{}")
    return buffer.getvalue()


CSV_COLUMNS = ["guid", *(name.lower() for name in FIELDS), "tags"]
CSV_HEADER = [
    "#separator:Comma",
    "#html:true",
    f"#guid column:{CSV_COLUMNS.index('guid') + 1}",
    f"#tags column:{CSV_COLUMNS.index('tags') + 1}",
    "#if matches:update current",
]


def csv_text(notes) -> str:
    """Notes as CSV with Anki's header lines; Anki maps the other columns in order."""
    buffer = io.StringIO()
    for line in CSV_HEADER:
        buffer.write(line + "\n")
    # Every field quoted: Anki skips any line that starts with "#", and a GUID may.
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    for note in notes:
        writer.writerow([note.guid, *note.fields, " ".join(note.tags)])
    return buffer.getvalue()


@method_decorator(never_cache, name="dispatch")
class DeckView(View):
    """Download the questions of a filtered list; subclasses choose the format."""

    extension = None
    content_type = None

    def get(self, request):
        if request.GET.get("list") and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        filterset = DeckFilter(request.GET, queryset=deck_questions(), request=request)
        if not filterset.is_valid():
            return bad_request(_("These filters were not understood:"), *filter_errors(filterset))
        questions = filterset.qs
        count = questions.count()
        if count > DECK_LIMIT:
            return bad_request(
                _(
                    "%(count)d questions match these filters; a deck holds at most %(limit)d. "
                    "Narrow the filters (a topic, a framework or a difficulty) and download again."
                )
                % {"count": count, "limit": DECK_LIMIT}
            )
        notes = [DeckNote.for_question(question, request) for question in questions]
        return HttpResponse(
            self.render(notes),
            content_type=self.content_type,
            headers={
                "Content-Disposition": content_disposition_header(
                    True, filterset.filename(self.extension)
                )
            },
        )

    def render(self, notes):
        raise NotImplementedError


class ApkgDeckView(DeckView):
    extension = "apkg"
    content_type = "application/apkg"

    def render(self, notes):
        return apkg_bytes(notes)


class CsvDeckView(DeckView):
    extension = "csv"
    content_type = "text/csv; charset=utf-8"

    def render(self, notes):
        return csv_text(notes)


def filter_errors(filterset):
    """Each error of the filters, after the label of the filter it is about."""
    fields = filterset.form.fields
    for name, errors in filterset.errors.items():
        for error in errors:
            yield f"{fields[name].label}: {error}" if name in fields else error


def bad_request(*lines):
    return HttpResponse(
        "\n".join(str(line) for line in lines) + "\n",
        status=400,
        content_type="text/plain; charset=utf-8",
    )
