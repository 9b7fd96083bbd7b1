from django import template

from questions.practice.models import ProgressState

register = template.Library()

# The keys practice.js binds to the progress buttons, in the order the page's help lists them.
PROGRESS_KEYS = {ProgressState.KNOWN: "k", ProgressState.LEARNING: "l"}


@register.filter
def clock(seconds):
    """Seconds as minutes:seconds, e.g. 125 -> "2:05"."""
    minutes, seconds = divmod(abs(int(seconds)), 60)
    return f"{minutes}:{seconds:02d}"


@register.simple_tag
def progress_buttons():
    """(state, label, key) for each progress state; the key is "" where none is bound."""
    return [(state.value, state.label, PROGRESS_KEYS.get(state, "")) for state in ProgressState]


@register.simple_tag
def progress_keys():
    """(key, label) for each progress shortcut, for a page's list of keys."""
    return [(key, state.label) for state, key in PROGRESS_KEYS.items()]


@register.filter
def progress_label(state):
    """A reader's progress state as its label; "" for a new question, which has no badge."""
    return "" if not state or state == ProgressState.NEW else ProgressState(state).label
