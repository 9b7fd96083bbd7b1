"""What a dry run tells about each article, beside what the import would do.

The facts come from the parsed article alone (nothing here reads the database):
how many questions were found and how many have answers, the topics they go
to, what was left out and how much of the text that is, the questions without
answers, and two warnings: numbering that runs further than the questions
found, and an import that keeps less than half of the text. The admin's preview
and `import_questions --dry-run` show the same facts, in the same words.
"""

from collections import Counter
from dataclasses import dataclass

from .decoding import ENCODING_NOTES
from .parsed import LEFT_OUT_REASONS, LeftOut, ParsedArticle

# An import that keeps less of the text than this is shown with a warning first.
KEPT_SHARE_WARNING = 0.5

# Lists longer than this show their first entries and how many more there are.
LISTED = 200


@dataclass(frozen=True)
class LeftOutBlock:
    text: str
    reason: str
    label: str
    count: int = 1  # how many blocks just like it (twelve "Back to top" links are one line)


@dataclass
class ArticleFacts:
    name: str
    title: str
    questions: int
    answered: int
    unanswered: list[str]
    topics: list[str]
    left_out: list[LeftOutBlock]
    left_out_share: float
    kept_share: float
    highest_number: int
    include_unanswered: bool
    encoding_note: str = ""

    @property
    def kept_warning(self) -> str:
        """The warning shown above everything else, "" when most of the text is kept."""
        if self.kept_share >= KEPT_SHARE_WARNING:
            return ""
        return (
            f"{self.name}: only {percent(self.kept_share)} of the text would be imported: "
            "check what was left out before importing."
        )

    @property
    def numbering_warning(self) -> str:
        if self.highest_number <= self.questions:
            return ""
        return (
            f"The numbers run to {self.highest_number}, but "
            f"{plural(self.questions, 'question was', 'questions were')} found: check the "
            "preview before importing."
        )

    @property
    def found(self) -> str:
        if not self.unanswered:
            every = "it has an answer" if self.answered == 1 else "all with answers"
            return f"{plural(self.questions, 'question')} found, {every}."
        answered = "with an answer" if self.answered == 1 else "with answers"
        return (
            f"{plural(self.questions, 'question')} found: {self.answered} {answered}, "
            f"{len(self.unanswered)} without."
        )

    @property
    def topics_line(self) -> str:
        return f"{'Topic' if len(self.topics) == 1 else 'Topics'}: {', '.join(self.topics)}."

    @property
    def left_out_line(self) -> str:
        if not self.left_out:
            return "Nothing was left out."
        return (
            f"Left out {plural(len(self.left_out), 'block')}, "
            f"{percent(self.left_out_share)} of the text:"
        )

    @property
    def left_out_shown(self) -> list[LeftOutBlock]:
        return self._left_out_grouped[:LISTED]

    @property
    def left_out_more(self) -> int:
        return max(0, len(self._left_out_grouped) - LISTED)

    @property
    def _left_out_grouped(self) -> list[LeftOutBlock]:
        """One line per kind of block, in the order they came, with how many there were."""
        counts = Counter((block.text, block.reason) for block in self.left_out)
        first = {(block.text, block.reason): block for block in reversed(self.left_out)}
        return [
            LeftOutBlock(block.text, block.reason, block.label, counts[key])
            for key, block in reversed(list(first.items()))
        ]

    @property
    def unanswered_line(self) -> str:
        if not self.unanswered:
            return ""
        count = len(self.unanswered)
        what = plural(count, "question without an answer", "questions without answers")
        if self.include_unanswered:
            return f"{what}, imported as drafts with no answer:"
        return f"{what}, listed as unanswered and not imported:"

    @property
    def unanswered_shown(self) -> list[str]:
        return self.unanswered[:LISTED]

    @property
    def unanswered_more(self) -> int:
        return max(0, len(self.unanswered) - LISTED)

    @property
    def nothing_to_import(self) -> bool:
        """Nothing but unanswered questions, and those left out."""
        return not self.answered and not self.include_unanswered

    def lines(self, *, include_hint: str) -> list[str]:
        """The facts as lines of text (the kept-share warning apart, it goes first)."""
        lines = [f"{self.name}:"]
        if self.title:
            lines.append(f"  Title: {self.title}")
        if self.encoding_note:
            lines.append(f"  {self.encoding_note}")
        if self.numbering_warning:
            lines.append(f"  Warning: {self.numbering_warning}")
        lines += [f"  {self.found}", f"  {self.topics_line}"]
        if self.nothing_to_import:
            lines.append(
                f"  Nothing to import unless you include the unanswered questions {include_hint}."
            )
        lines.append(f"  {self.left_out_line}")
        lines += [
            f"    \u201c{block.text}\u201d ({block.label})"
            + (f" \u00d7{block.count}" if block.count > 1 else "")
            for block in self.left_out_shown
        ]
        if self.left_out_more:
            lines.append(f"    ... and {self.left_out_more} more")
        if self.unanswered:
            lines.append(f"  {self.unanswered_line}")
            lines += [f"    \u201c{title}\u201d" for title in self.unanswered_shown]
            if self.unanswered_more:
                lines.append(f"    ... and {self.unanswered_more} more")
        return lines


def article_facts(
    article: ParsedArticle,
    *,
    name: str = "",
    encoding: str | None = None,
    topic_name: str | None = None,
    include_unanswered: bool = False,
) -> ArticleFacts:
    """The facts of one parsed article, as the import would take it with these options."""
    if topic_name:
        topics = [topic_name]
    else:
        named = (section.topic or "(the topic you choose)" for section in article.sections)
        topics = list(dict.fromkeys(named))
    left_chars = sum(block.chars for block in article.left_out)
    return ArticleFacts(
        name=name or (f"\u201c{article.title}\u201d" if article.title else "The article"),
        title=article.title,
        questions=len(article.questions) + len(article.skipped),
        answered=len(article.questions),
        unanswered=list(article.skipped),
        topics=topics,
        left_out=[_block(block) for block in article.left_out],
        left_out_share=left_chars / article.source_chars if article.source_chars else 0.0,
        kept_share=article.kept_share,
        highest_number=article.highest_number,
        include_unanswered=include_unanswered,
        encoding_note=ENCODING_NOTES.get(encoding or "", ""),
    )


def _block(block: LeftOut) -> LeftOutBlock:
    return LeftOutBlock(
        text=block.text, reason=block.reason, label=LEFT_OUT_REASONS.get(block.reason, block.reason)
    )


def percent(share: float) -> str:
    if 0 < share < 0.01:
        return "less than 1%"
    if 0.99 < share < 1:
        return "more than 99%"
    return f"{round(share * 100)}%"


def plural(count: int, singular: str, many: str | None = None) -> str:
    return f"{count} {singular if count == 1 else many or singular + 's'}"
