from django import template

register = template.Library()


@register.filter
def clock(seconds):
    """Seconds as minutes:seconds, e.g. 125 -> "2:05"."""
    minutes, seconds = divmod(abs(int(seconds)), 60)
    return f"{minutes}:{seconds:02d}"
