from functools import lru_cache

from django import template

from questions.models import Question
from questions.search import parse_query, snippet, suggest
from questions.search.matches import MAX_MATCHES

register = template.Library()


@register.filter
def search_snippet(question, query):
    """A passage of the question's details or answers with the words `query` finds marked.

    Reads the text that `with_search_text()` fetched for the page, so a page of
    results costs no query per question.
    """
    sources = getattr(question, "search_text", None)
    return snippet(sources, _terms(query)) if sources else ""


# The terms of the few searches being drawn: one page asks for them once per
# result, and each remembers which words it finds.
@lru_cache(maxsize=8)
def _terms(query):
    return parse_query(query)


@register.filter
def search_capped(count):
    """Whether a list's `count` of matches is the search's cap: the list says "1,000+"."""
    return isinstance(count, int) and count > MAX_MATCHES


@register.simple_tag
def search_suggestion(query):
    """The search `query` with its unknown words corrected from published questions, or ""."""
    return suggest(query, Question.objects.published())
