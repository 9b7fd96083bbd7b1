"""What an import did, or would do: an outcome per question, and the summary lines.

`questions.articles.service.import_articles` fills an `ImportReport`; the
`import_questions` command prints its summary and the admin shows it.
"""

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    PENDING = "pending"
    REPEATED = "repeated"


@dataclass(frozen=True)
class QuestionResult:
    outcome: Outcome
    topic: str
    title: str
    framework: str
    difficulty: str
    answer: str
    # False for a question without an answer, imported as a draft with none.
    answered: bool = True


@dataclass
class ImportReport:
    dry_run: bool
    publish: bool
    include_unanswered: bool = False
    results: list[QuestionResult] = field(default_factory=list)
    new_topics: list[str] = field(default_factory=list)
    without_answer: list[str] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(result.outcome == outcome for result in self.results)

    def by_topic(self) -> dict[str, Counter]:
        """Outcome counts per topic, in the order the topics first appear."""
        topics: dict[str, Counter] = {}
        for result in self.results:
            topics.setdefault(result.topic, Counter())[result.outcome] += 1
        return topics

    def summary(self) -> list[str]:
        """The report as lines of text, for the command's output and the admin's message."""
        lines = ["Dry run: nothing was written."] if self.dry_run else []
        for topic, counts in self.by_topic().items():
            new = " (new topic)" if topic in self.new_topics else ""
            lines.append(f"{topic}{new}: {_counts(counts)}")
        total = Counter(result.outcome for result in self.results)
        lines.append(f"Total: {_plural(len(self.results), 'question')}: {_counts(total)}")
        drafts = self._titles(Outcome.CREATED, answered=False)
        if self.publish:
            published = total[Outcome.CREATED] + total[Outcome.UPDATED] - len(drafts)
            if published and drafts:
                lines.append(
                    "Created and updated questions are published, except the "
                    f"{_plural(len(drafts), 'question')} without an answer: a question needs "
                    "an answer before it is published, so they stay drafts."
                )
            elif published:
                lines.append("Created and updated questions are published.")
            elif drafts:
                lines.append(
                    "Nothing is published: the questions created have no answers, and a "
                    "question needs an answer before it is published, so they stay drafts."
                )
        lines += _listing(
            self._titles(Outcome.PENDING),
            "published and different in the file: the file's answer waits for a publisher "
            "as pending changes",
        )
        lines += _listing(self._titles(Outcome.REPEATED), "repeated in the import, used once")
        lines += _listing(
            drafts, "without an answer in the file, imported as drafts with no answer"
        )
        lines += _listing(self.without_answer, "without an answer in the file, not imported")
        if self.nothing_unless_unanswered:
            lines.append("Nothing to import unless you include the unanswered questions.")
        return lines

    @property
    def nothing_unless_unanswered(self) -> bool:
        """The articles have questions, but none with an answer, and those are left out."""
        return not self.results and bool(self.without_answer)

    def _titles(self, outcome: Outcome, *, answered: bool | None = None) -> list[str]:
        return [
            result.title
            for result in self.results
            if result.outcome == outcome and answered in (None, result.answered)
        ]


def _counts(counts: Counter) -> str:
    always = (Outcome.CREATED, Outcome.UPDATED, Outcome.UNCHANGED)
    parts = [f"{counts[o]} {o}" for o in Outcome if o in always or counts[o]]
    return ", ".join(parts)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _listing(titles: list[str], what: str) -> list[str]:
    if not titles:
        return []
    shown = "; ".join(f"\u201c{title}\u201d" for title in titles[:5])
    more = f" and {len(titles) - 5} more" if len(titles) > 5 else ""
    return [f"{_plural(len(titles), 'question')} {what}: {shown}{more}."]
