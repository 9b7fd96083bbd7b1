from django import template

from questions.decks import DECK_LIMIT

register = template.Library()


@register.simple_tag
def deck_limit():
    """The most questions one download holds, for the lists to say so before a click."""
    return DECK_LIMIT
