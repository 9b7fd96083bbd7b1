import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from questions.listing import render_filters, render_item, render_stored
from questions.models import Difficulty

register = template.Library()

_CODE_SPAN = re.compile(r"`([^`]+)`")


@register.filter
def inline_code(text):
    """Show `backticked` words of a question title as code; everything else is escaped."""
    return mark_safe(_CODE_SPAN.sub(r"<code>\1</code>", escape(text)))


@register.filter
def plain_title(text):
    """A title without Markdown backticks, for <title> and meta tags."""
    return text.replace("`", "")


@register.filter
def difficulty_counts(topic):
    """(level, count) for each difficulty, read from `Topic.objects.with_difficulty_counts()`."""
    return [(level, getattr(topic, f"{level}_count")) for level in Difficulty]


@register.simple_tag(takes_context=True)
def question_item(context, question):
    """`question`'s link and details in a list, from the content memo where it may be."""
    return render_item(context, question)


@register.simple_tag(takes_context=True)
def question_filters(context, action):
    """The list's filter form (includes/question_filters.html), kept where it may be."""
    return render_filters(context, action)


@register.simple_tag(takes_context=True)
def stored_include(context, template_name, *key):
    """Include `template_name`, kept per content generation under `key` for readers.

    For templates that show content alone (a question's answers), never anything
    that depends on who looks.
    """
    return render_stored(context, template_name, key)
