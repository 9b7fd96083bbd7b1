import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

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
