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


@dataclass
class ParsedArticle:
    title: str
    introduction: str
    sections: list[ParsedSection]
    skipped: list[str] = field(default_factory=list)

    @property
    def questions(self) -> list[ParsedQuestion]:
        return [question for section in self.sections for question in section.questions]
