from django import template

from questions.models import Question
from questions.search import parse_query, snippet, suggest

register = template.Library()


@register.filter
def search_snippet(question, query):
    """A passage of the question's details or answers with the words `query` finds marked.

    Reads the text that `Question.objects.search()` annotated, so a page of
    results costs no query per question.
    """
    sources = (getattr(question, "search_body", ""), getattr(question, "search_answers", ""))
    return snippet(sources, parse_query(query))


@register.simple_tag
def search_suggestion(query):
    """The search `query` with its unknown words corrected from published questions, or ""."""
    return suggest(query, Question.objects.published())
