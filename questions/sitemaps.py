from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from .models import Question, Topic


class LatestUpdateSitemap(Sitemap):
    """Dates each URL by `updated_at`; the index asks the database for the newest one.

    Django's default reads every item to find it, which is a scan of the whole bank
    in Python on each request for the index.
    """

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class QuestionSitemap(LatestUpdateSitemap):
    """Published questions only; the sitemap is public, like the pages it lists."""

    changefreq = "monthly"
    # Django renders some 5,000 URLs a second; small pages keep each response quick.
    limit = 1000

    def items(self):
        return Question.objects.published().only("slug", "updated_at").order_by("pk")


class TopicSitemap(LatestUpdateSitemap):
    """Topics with at least one published question, as on the home page."""

    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Topic.objects.visible().only("slug", "updated_at").order_by("position", "pk")


SITEMAPS = {"topics": TopicSitemap, "questions": QuestionSitemap}
