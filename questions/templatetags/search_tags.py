from django import template

from questions.models import Question
from questions.search import parse_query, snippet, suggest
from questions.search.matches import MAX_MATCHES

register = template.Library()


@register.filter
def search_snippet(question, query):
    """A passage of the question's details or answers with the words `query` finds marked.

    Reads the text that `Question.objects.search()` fetched for the page, so a
    page of results costs no query per question.
    """
    if not Question.search_document.is_cached(question):
        return ""
    document = question.search_document
    sources = (document.body, document.answers) if document else ()
    return snippet(sources, parse_query(query))


@register.filter
def search_capped(count):
    """Whether a list's `count` of matches is the search's cap: the list says "1,000+"."""
    return isinstance(count, int) and count > MAX_MATCHES


@register.simple_tag
def search_suggestion(query):
    """The search `query` with its unknown words corrected from published questions, or ""."""
    return suggest(query, Question.objects.published())
