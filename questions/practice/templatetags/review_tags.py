from django import template

from questions.practice.reviews import MAX_ADD, due_count

register = template.Library()


@register.simple_tag(takes_context=True)
def review_due_count(context):
    """How many questions are due for the signed-in reader: one COUNT per page."""
    request = context.get("request")
    return due_count(request.user) if request is not None else 0


@register.simple_tag
def review_add_limit():
    """The most questions one "add to my reviews" takes, for the list pages' button."""
    return MAX_ADD
