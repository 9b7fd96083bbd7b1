from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import Question

FEED_SIZE = 30


class LatestQuestionsFeed(Feed):
    """The newest published questions; answers stay out so the feed spoils no self-test."""

    feed_type = Atom1Feed
    title = _("PyInterview: new interview questions")
    subtitle = _("Newly published interview questions for Python web developers.")
    link = reverse_lazy("questions:home")
    feed_url = reverse_lazy("questions:feed")

    def items(self):
        return (
            Question.objects.published()
            .select_related("topic", "framework")
            .order_by("-publish_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, question):
        return question.title.replace("`", "")

    def item_description(self, question):
        return format_html(
            "<p>{} · {} · {}</p>{}",
            question.get_difficulty_display(),
            question.framework.name,
            question.topic.name,
            # Stored by render_markdown(): sanitised when the question was saved.
            mark_safe(question.body_html),
        )

    def item_pubdate(self, question):
        return question.publish_at

    def item_updateddate(self, question):
        return question.updated_at

    def item_categories(self, question):
        return [question.topic.name, question.framework.name, question.get_difficulty_display()]
