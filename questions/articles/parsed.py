"""What reading an article gives: questions, sections, limits.

And the error for a file that cannot be read.
"""

from dataclasses import dataclass, field

from questions.models import Difficulty, Question, Topic

# Ten times a long article, and small enough that even a pathological file
# parses in a few seconds and an import fits in one web request.
MAX_ARTICLE_MB = 1


MAX_ARTICLE_BYTES = MAX_ARTICLE_MB * 2**20


MAX_QUESTIONS = 500


# Not the model's default (beginner): an imported question's level is a guess, and
# the middle of the scale is the smallest correction for the editor who checks it.
DEFAULT_DIFFICULTY = Difficulty.INTERMEDIATE

MAX_TITLE_LENGTH = Question._meta.get_field("title").max_length

MAX_TOPIC_LENGTH = Topic._meta.get_field("name").max_length

MAX_CODE_LINE = 400

FRAMEWORK_SAMPLE = 4000


class ArticleError(ValueError):
    """The file cannot be imported; the message tells the editor why."""


@dataclass(frozen=True)
class ParsedQuestion:
    title: str
    answer: str
    framework: str


@dataclass
class ParsedSection:
    heading: str | None
    topic: str | None
    difficulty: str | None
    introduction: str = ""
    questions: list[ParsedQuestion] = field(default_factory=list)
    # Titles of this section's questions that have no answer text.
    unanswered: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LeftOut:
    """A block of the source the reader left out, for the preview to report."""

    reason: str  # one of LEFT_OUT_REASONS
    text: str  # its first words
    chars: int  # how much of the source text it was


LEFT_OUT_REASONS = {
    "litter": "page furniture (layout, banners, navigation, language links)",
    "promotion": "promotion and calls to action",
    "chatter": "assistant chatter pasted along",
    "closing": "closing words and sign-offs",
    "contents": "a table of contents",
}


@dataclass
class ParsedArticle:
    title: str
    introduction: str
    sections: list[ParsedSection]
    skipped: list[str] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    # The highest number a question carried ("48. What ...?"), 0 if none was numbered.
    highest_number: int = 0
    # The length of the text read, to tell how much of it the questions kept.
    source_chars: int = 0

    @property
    def kept_share(self) -> float:
        """The share of the source text the title, questions and answers keep (0 to 1)."""
        if not self.source_chars:
            return 1.0
        kept = len(self.title) + len(self.introduction)
        for section in self.sections:
            kept += len(section.heading or "") + len(section.introduction)
            kept += sum(len(q.title) + len(q.answer) for q in section.questions)
            kept += sum(len(title) for title in section.unanswered)
        return min(1.0, kept / self.source_chars)

    @property
    def questions(self) -> list[ParsedQuestion]:
        return [question for section in self.sections for question in section.questions]
