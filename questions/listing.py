"""A question's item in a list, rendered once per content generation.

The item (its link, title, difficulty, framework and topic) is the same for every
visitor who cannot preview drafts, so its HTML is kept in the content memo. Two
things are put in apart on each page: the list's query string (the filters that
links carry) and a signed-in reader's own progress and bookmark badges, which are
never stored with the item. Editors' lists are rendered afresh: they show drafts'
states.
"""

import copy
import secrets

from django.db.models import prefetch_related_objects
from django.urls import get_script_prefix
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from . import content_memo
from .models import Framework, Topic

FILTERS_TEMPLATE = "includes/question_filters.html"
ITEM_TEMPLATE = "includes/question_item.html"
MARKS_TEMPLATE = "includes/reader_marks.html"
# Stand-ins for the parts put in apart: random, so no content can contain them.
_QUERY_SLOT = SafeString(f"query-{secrets.token_hex(16)}")
_MARKS_SLOT = SafeString(f"marks-{secrets.token_hex(16)}")
_WORDS_SLOT = SafeString(f"words-{secrets.token_hex(16)}")


def render_item(context, question) -> str:
    """The item of `question` in the list being rendered with `context`."""
    engine = context.template.engine
    memo = content_memo.for_request(context.get("request"))
    if memo is None:
        return _render(engine, ITEM_TEMPLATE, context, question=question)
    key = ("list-item", question.pk, bool(context.get("show_topic")), get_language())
    parts = memo.get((*key, get_script_prefix()), lambda: _parts(engine, context, question))
    if parts is None:
        return _render(engine, ITEM_TEMPLATE, context, question=question)
    before_query, before_marks, rest = parts
    query = conditional_escape(context.get("item_query") or "")
    marks = _marks(engine, context, question, memo)
    return mark_safe(before_query + query + before_marks + marks + rest)


def _parts(engine, context, question):
    """The item's HTML cut where the query string and the badges go; None if it cannot be."""
    html = _render(
        engine,
        ITEM_TEMPLATE,
        context,
        question=question,
        item_query=_QUERY_SLOT,
        marks_slot=_MARKS_SLOT,
        can_preview=False,
    )
    if html.count(_QUERY_SLOT) != 1 or html.count(_MARKS_SLOT) != 1:
        return None
    before_query, _, rest = html.partition(_QUERY_SLOT)
    before_marks, _, rest = rest.partition(_MARKS_SLOT)
    if _MARKS_SLOT in before_query:
        return None
    return str(before_query), str(before_marks), str(rest)


def _marks(engine, context, question, memo):
    user = context.get("user")
    if user is not None and user.is_authenticated:
        return _render(engine, MARKS_TEMPLATE, context, question=question)
    # Anonymous visitors have no progress: their badges are the same on every item.
    return memo.get(
        ("anonymous-marks", get_language()),
        lambda: _render(engine, MARKS_TEMPLATE, context, question=question),
    )


def render_filters(context, action) -> str:
    """The list's filter form, from the content memo where it may be.

    Kept only for what a shared link asks for (no form error), so what is kept
    is bounded by the choices: search words are put in apart, as the query
    string is in an item.
    """
    engine = context.template.engine
    request = context.get("request")
    filterset = context["filter"]
    memo = content_memo.for_request(request)
    if memo is None or filterset.errors:
        return _render(engine, FILTERS_TEMPLATE, context, action=action)
    user = context.get("user")
    words = request.GET.get("q")
    key = (
        *("filters", action, get_language(), get_script_prefix()),
        bool(user and user.is_authenticated),
        bool(request.GET),
        words is not None,
        *(request.GET.get(name) for name in ("framework", "difficulty", "progress")),
    )
    if words is None:
        # Timed: the framework choices are those with published questions.
        return memo.get_timed(
            key, lambda: _render(engine, FILTERS_TEMPLATE, context, action=action)
        )
    parts = memo.get_timed(key, lambda: _filters_parts(engine, context, action, filterset))
    if parts is None:
        return _render(engine, FILTERS_TEMPLATE, context, action=action)
    before, after = parts
    return mark_safe(before + conditional_escape(words) + after)


def _filters_parts(engine, context, action, filterset):
    """The filter form's HTML cut where the search words go; None if it cannot be."""
    shadow = copy.copy(filterset)
    shadow.data = filterset.data.copy()
    shadow.data["q"] = _WORDS_SLOT
    del shadow._form
    html = _render(engine, FILTERS_TEMPLATE, context, action=action, filter=shadow)
    if html.count(_WORDS_SLOT) != 1:
        return None
    before, _, after = html.partition(_WORDS_SLOT)
    return str(before), str(after)


def count_key(filterset, scope):
    """The content memo's key for how many questions a list holds; None if not to keep.

    Searches (ranked, capped) and a reader's own progress are left to the database.
    """
    active = filterset.active
    if "q" in active or "progress" in active:
        return None
    topic = scope.get("topic")
    return ("count", topic and topic.pk, *sorted(filterset.params().items()))


def with_topics_and_frameworks(memo, questions):
    """`questions` as a list, each with its topic and framework from the memo.

    Their names and slugs are all a list shows of them: there are few, and the
    memo holds them all instead of two queries per page.
    """
    topics = memo.get("listing-topics", lambda: _by_pk(Topic.objects.only("name", "slug")))
    frameworks = memo_frameworks(memo)
    questions = list(questions)
    for question in questions:
        topic, framework = topics.get(question.topic_id), frameworks.get(question.framework_id)
        if topic is None or framework is None:
            # Created after the memo was started, in this same generation: ask.
            prefetch_related_objects(questions, "topic", "framework")
            break
        question.topic, question.framework = topic, framework
    return questions


def memo_frameworks(memo):
    """Every framework, by pk, with the name and slug a list shows, from the memo."""
    return memo.get("listing-frameworks", lambda: _by_pk(Framework.objects.only("name", "slug")))


def _by_pk(rows):
    return {row.pk: row for row in rows}


def listed(memo, page):
    """A page of questions (a sliced queryset) for anonymous visitors, by primary key.

    Their items are stored (`render_item`), and a stored item needs no more of
    its question than that key: the rows are fetched, with their topics and
    frameworks, only when an item must be rendered, all of the page's at once.
    """
    rows = _PageRows(memo, page)
    return [Listed(pk, rows) for pk in page.values_list("pk", flat=True)]


class _PageRows:
    def __init__(self, memo, page):
        self.memo, self.page, self.rows = memo, page, None

    def get(self, pk):
        if self.rows is None:
            self.rows = _by_pk(with_topics_and_frameworks(self.memo, self.page))
        return self.rows.get(pk)


class Listed:
    """A question of a page, by its primary key; its row is fetched on first use.

    A row gone between the two queries (a write committed in between) has no
    attributes: its item renders empty for this one request, never an error.
    """

    __slots__ = ("_rows", "pk")

    def __init__(self, pk, rows):
        self.pk, self._rows = pk, rows

    def __getattr__(self, name):
        row = self._rows.get(self.pk)
        if row is None:
            raise AttributeError(name)
        return getattr(row, name)


def render_stored(context, name, key) -> str:
    """Include template `name`, kept in the content memo under `key` where it may be.

    Only for templates that show content alone, the same for everyone who cannot
    preview drafts; editors get it rendered afresh.
    """
    engine = context.template.engine
    memo = content_memo.for_request(context.get("request"))
    if memo is None:
        return _render(engine, name, context)
    key = ("include", name, *key, get_language(), get_script_prefix())
    return memo.get(key, lambda: _render(engine, name, context))


def _render(engine, name, context, **values) -> str:
    with context.push(**values):
        return engine.get_template(name).render(context)
