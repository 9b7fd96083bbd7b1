"""Pick questions at random from a filtered list, cheaply at any size."""

import random

from django.db.models import Window
from django.db.models.functions import RowNumber

# How many recently seen questions practice avoids; also caps the `seen` URL parameter.
SEEN_LIMIT = 20
MAX_ID = 2**63 - 1


def random_ids(queryset, count):
    """Up to `count` distinct random primary keys from `queryset`, in random order.

    Two queries whatever the size of the bank: a count, then the rows at random
    offsets. ORDER BY RANDOM() would sort the whole table on every request.
    """
    total = queryset.count()
    if not total:
        return []
    offsets = random.sample(range(total), min(count, total))
    in_order = queryset.order_by("pk").values_list("pk", flat=True)
    if len(offsets) == 1:
        # OFFSET stops at its row; numbering the rows (below) visits all of them.
        return list(in_order[offsets[0] : offsets[0] + 1])
    pk_at = dict(
        queryset.order_by()
        .annotate(row=Window(RowNumber(), order_by="pk"))
        .filter(row__in=[offset + 1 for offset in offsets])
        .values_list("row", "pk")
    )
    return [pk_at[offset + 1] for offset in offsets if offset + 1 in pk_at]


def parse_ids(text, limit=SEEN_LIMIT):
    """The last `limit` valid ids in a comma-separated list; anything else is dropped."""
    ids = [int(part) for part in text.split(",")[-limit * 2 :] if part.isdecimal()]
    return [pk for pk in ids if 0 < pk <= MAX_ID][-limit:]
