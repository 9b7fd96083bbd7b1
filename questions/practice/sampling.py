"""Pick practice questions at random from a filtered list, cheaply at any size."""

import random
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet, Window
from django.db.models.functions import RowNumber

from questions.models import Question

from .progress import with_reader_state

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


@dataclass(frozen=True)
class Pick:
    """The practice question (None when nothing matches) and the ones seen before it.

    `starting_over` means every candidate was seen recently; with no question, the list
    emptied while the reader went through it (they marked the last one known, say).
    """

    question: Question | None
    seen: list[int]
    starting_over: bool

    @property
    def seen_before(self) -> str | None:
        """The `seen` parameter that shows this question again; None when nothing was seen."""
        return ",".join(map(str, self.seen)) or None

    @property
    def seen_after(self) -> str:
        """The `seen` parameter of the next turn, which avoids this question too."""
        return ",".join(str(pk) for pk in [*self.seen, self.question.pk][-SEEN_LIMIT:])


def pick_question(
    *,
    candidates: QuerySet[Question],
    user: AbstractBaseUser | AnonymousUser,
    seen: str,
    requested: str,
) -> Pick:
    """The requested question if it is a candidate, else a random one not seen recently.

    `seen` and `requested` are the URL's `seen` and `question` parameters as given;
    anything in them that is not an id is dropped. Once every candidate was seen,
    practice starts over, avoiding only the question just answered.
    """
    seen_ids = parse_ids(seen)
    requested_ids = parse_ids(requested, limit=1)
    question = _load(candidates, requested_ids[0], user) if requested_ids else None
    starting_over = False
    if question is None:
        ids = random_ids(candidates.exclude(pk__in=seen_ids), 1)
        if not ids and seen_ids:
            # Every matching question was seen recently: go round again, but never
            # show the one just answered twice in a row if there is another.
            starting_over = True
            ids = random_ids(candidates.exclude(pk=seen_ids[-1]), 1) or random_ids(candidates, 1)
            seen_ids = []
        question = _load(candidates, ids[0], user) if ids else None
    return Pick(question=question, seen=seen_ids, starting_over=starting_over)


def _load(
    candidates: QuerySet[Question], pk: int, user: AbstractBaseUser | AnonymousUser
) -> Question | None:
    """The question with its answers and the reader's marks, if it is a candidate."""
    return with_reader_state(candidates.filter(pk=pk).for_detail(), user).first()
