"""The profile's review charts: counts per UTC day, drawn on the server as inline SVG.

The functions return plain numbers and bar geometry; `practice/bar_chart.html` draws
them with a text alternative (a summary as the SVG's title, and a table).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import ReviewLog, ReviewRating
from .reviews import visible_cards

HISTORY_DAYS = 30
FORECAST_DAYS = 14

# The SVG's own coordinates; it scales to the width of the page.
BAR_WIDTH = 10
BAR_GAP = 4
CHART_HEIGHT = 60


@dataclass
class Bar:
    day: date
    count: int
    x: int
    y: int
    height: int


@dataclass
class Chart:
    bars: list[Bar]
    total: int
    peak: int
    width: int
    height: int = CHART_HEIGHT
    bar_width: int = BAR_WIDTH


def bar_chart(counts: dict[date, int], days: list[date]) -> Chart:
    """Bars for `days`, scaled so the busiest day fills the height."""
    peak = max((counts.get(day, 0) for day in days), default=0)
    bars = []
    for index, day in enumerate(days):
        count = counts.get(day, 0)
        # A day with any review shows at least a sliver, so it never reads as none.
        height = round(CHART_HEIGHT * count / peak) if peak else 0
        height = max(height, 1) if count else 0
        bars.append(
            Bar(
                day=day,
                count=count,
                x=index * (BAR_WIDTH + BAR_GAP),
                y=CHART_HEIGHT - height,
                height=height,
            )
        )
    return Chart(
        bars=bars,
        total=sum(bar.count for bar in bars),
        peak=peak,
        width=len(days) * (BAR_WIDTH + BAR_GAP) - BAR_GAP,
    )


def _today(now=None) -> date:
    return (now or timezone.now()).astimezone(UTC).date()


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def review_history(user, now=None):
    """Reviews done per UTC day over the last `HISTORY_DAYS`, and retention over them.

    Retention is the share of those reviews not rated Again, None without a review.
    All the reader's reviews count, those of questions unpublished since too.
    """
    today = _today(now)
    days = [today - timedelta(days=back) for back in range(HISTORY_DAYS - 1, -1, -1)]
    rows = (
        ReviewLog.objects.filter(user=user, reviewed_at__gte=_midnight(days[0]))
        .annotate(day=TruncDate("reviewed_at", tzinfo=UTC))
        .order_by()
        .values("day")
        .annotate(count=Count("pk"), recalled=Count("pk", filter=~Q(rating=ReviewRating.AGAIN)))
    )
    counts, recalled = {}, 0
    for row in rows:
        counts[row["day"]] = row["count"]
        recalled += row["recalled"]
    chart = bar_chart(counts, days)
    retention = round(100 * recalled / chart.total) if chart.total else None
    return chart, retention


def due_forecast(user, now=None) -> Chart:
    """Questions coming due per UTC day over the next `FORECAST_DAYS`; today counts the overdue."""
    today = _today(now)
    days = [today + timedelta(days=ahead) for ahead in range(FORECAST_DAYS)]
    rows = (
        visible_cards(user)
        .filter(due__lt=_midnight(today + timedelta(days=FORECAST_DAYS)))
        .annotate(day=TruncDate("due", tzinfo=UTC))
        .order_by()
        .values("day")
        .annotate(count=Count("pk"))
    )
    counts = {}
    for row in rows:
        day = max(row["day"], today)
        counts[day] = counts.get(day, 0) + row["count"]
    return bar_chart(counts, days)
