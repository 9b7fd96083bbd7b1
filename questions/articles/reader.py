"""Blocks to an article: which block opens a question or a section, or is answer text."""

from dataclasses import dataclass, field

from . import html
from .assemble import assemble
from .blocks import Unit, tokenise
from .decoding import normalise_text
from .kinds import (
    bare_question_line,
    first_words,
    heading_question,
    is_hard_wrapped,
    item_title,
    litter_reason,
    number_of,
    numbered_item,
    size,
    split_inline_answer,
    title_text,
)
from .parsed import (
    MAX_QUESTIONS,
    ArticleError,
    LeftOut,
    ParsedArticle,
)
from .patterns import (
    BREADCRUMB,
    BYLINE,
    CALL_TO_ACTION,
    CLOSING_HEADING,
    CONTENTS,
    NOISE,
    NUMBERED,
    PROMPT,
    Q_PREFIX,
)
from .render import render_units
from .titles import (
    clean_title,
    ends_with_question_mark,
    strip_emphasis,
    unwrap,
)


def parse_article(text: str) -> ParsedArticle:
    """Split article text into title, introduction and sections of questions."""
    text, left_out = html.prepare(normalise_text(text))
    units = tokenise(text.split("\n"))
    article = _Reader(units).read()
    article.left_out[:0] = left_out
    article.source_chars += sum(block.chars for block in left_out)
    if len(article.questions) > MAX_QUESTIONS:
        raise ArticleError(
            f"The file has {len(article.questions)} questions; one import takes at most "
            f"{MAX_QUESTIONS}. Split it and import the parts."
        )
    # Questions without answers are not an error here: the import reports them and
    # may take them as drafts (`import_articles(include_unanswered=True)`).
    if not article.questions and not article.skipped:
        raise ArticleError(
            "No question was recognised. Number them (\u201c1. What is ...?\u201d), prefix them "
            "(\u201cQ: ...\u201d) or make them Markdown headings (\u201c## What is ...?\u201d)."
        )
    return article


@dataclass
class _Question:
    title: str
    heading_level: int = 0
    numbered_as: str = ""  # "item" or "heading": which run of numbers it is part of
    units: list[Unit] = field(default_factory=list)
    last_step: int | None = None


@dataclass
class _Section:
    heading: str | None
    level: int = 0  # of the heading that opened it; 0 for a line of its own
    introduction: list[Unit] = field(default_factory=list)
    questions: list[_Question] = field(default_factory=list)


# The reader's grammar: what each kind of block does in each state of the reader.
# `_Reader._kind` gives a block its kind (the first row that fits, top down); the
# row's entry for the current state names the method that acts on it.
STATES = ("preamble", "intro", "answer", "contents", "closing")
GRAMMAR = {
    #            preamble        intro           answer          contents        closing
    "litter": ("drop", "drop", "drop", "drop", "drop"),
    "listed": ("text", "text", "text", "drop_listed", "drop_closing"),
    "question": ("ask", "ask", "ask", "ask", "ask"),
    "closing": ("text", "close", "close", "close", "close"),
    "title": ("name", "name", "name", "name", "name"),
    "contents": ("list", "list", "list", "list", "list"),
    "section": ("open", "open", "open", "open", "open"),
    "text": ("text", "text", "text", "text", "drop_closing"),
}


class _Reader:
    """Walk the units once, deciding what each one is from what came before."""

    def __init__(self, units: list[Unit]):
        self.line_per_paragraph = not is_hard_wrapped(units)
        if self.line_per_paragraph:
            # Each line is a paragraph of its own, a heading or a question included.
            units = [
                Unit("text", lines=[line]) if unit.kind == "text" else unit
                for unit in units
                for line in (unit.lines if unit.kind == "text" else [None])
            ]
        self.units = units
        self.state = "preamble"
        self.seen = 0
        self.title = ""
        self.introduction: list[Unit] = []
        self.sections = [_Section(heading=None)]
        self.current: _Question | None = None
        # The numbers of the last numbered question: items and headings count apart.
        self.last_number = 0
        self.last_heading_number = 0
        self.highest_number = 0
        self.asked = False
        self.explicit = self._has_explicit_questions()
        self.left_out: list[LeftOut] = []
        self.source_chars = sum(size(unit) for unit in units)

    def read(self) -> ParsedArticle:
        for index, unit in enumerate(self.units):
            if unit.kind != "break":
                kind, found = self._kind(index, unit)
                action = GRAMMAR[kind][STATES.index(self.state)]
                getattr(self, f"_{action}")(unit, found)
                # The title is the first block that is not litter (a breadcrumb).
                self.seen += kind != "litter"
        return self._article()

    def _kind(self, index: int, unit: Unit) -> tuple[str, object]:
        """What `unit` is, the first that fits; with what was found (a question, a name)."""
        if self._is_noise(unit):
            return "litter", "litter"
        if self.state == "contents" and unit.kind == "item":
            return "listed", None
        if question := self._question_start(unit):
            return "question", question
        if self.asked and self._is_closing(unit):
            return "closing", None
        if reason := litter_reason(unit):
            return "litter", reason
        if not self.seen and (title := title_text(unit)):
            return "title", title
        if unit.heading_text and CONTENTS.match(unit.heading_text):
            return "contents", None
        if (name := self._section_heading(index, unit)) is not None:
            return "section", name
        return "text", None

    # --- What each kind does (the names in GRAMMAR) -------------------------

    def _drop(self, unit: Unit, reason) -> None:
        self.left_out.append(LeftOut(reason, first_words(unit), size(unit)))

    def _drop_listed(self, unit: Unit, found) -> None:
        self._drop(unit, "contents")

    def _drop_closing(self, unit: Unit, found) -> None:
        self._drop(unit, "closing")

    def _ask(self, unit: Unit, question) -> None:
        self.current, self.asked = question, True
        self.sections[-1].questions.append(question)
        # A box holds its whole answer: what follows it is not part of it.
        self.state = "intro" if unit.kind == "box" else "answer"
        if self.state == "intro":
            self.current = None

    def _close(self, unit: Unit, found) -> None:
        self.current, self.state = None, "closing"
        self._drop(unit, "closing")

    def _name(self, unit: Unit, title) -> None:
        self.title = title

    def _list(self, unit: Unit, found) -> None:
        # A table of contents lists the questions once more: skip it.
        self.state = "contents"
        self._drop(unit, "contents")

    def _open(self, unit: Unit, name) -> None:
        self.current, self.state = None, "intro"
        level = unit.level if unit.kind == "heading" else 0
        self.sections.append(_Section(heading=name, level=level))

    def _text(self, unit: Unit, found) -> None:
        if self.state == "contents":
            self.state = "intro" if len(self.sections) > 1 or self.asked else "preamble"
        if self.current is not None:
            self.current.units.append(unit)
            if unit.kind == "item" and unit.number is not None and unit.indent < 2:
                self.current.last_step = unit.number
        elif len(self.sections) > 1:
            self.sections[-1].introduction.append(unit)
        else:
            self.introduction.append(unit)

    def _is_noise(self, unit: Unit) -> bool:
        """Breadcrumbs, bylines, "ADVERTISEMENT" and such, copied along with a page."""
        if unit.kind != "text" or len(unit.lines) != 1:
            return False
        line = strip_emphasis(unit.lines[0])
        if NOISE.match(line):
            return True
        preamble = not self.asked and len(line) <= 150
        return preamble and bool(BREADCRUMB.search(line) or BYLINE.search(line))

    def _has_explicit_questions(self) -> bool:
        """Whether questions are marked (numbered, prefixed, headings) rather than bare lines."""
        explicit = bare = 0
        for unit in self.units:
            if (
                unit.kind in ("qline", "box")
                or (unit.kind == "heading" and heading_question(unit))
                or (numbered_item(unit) and ends_with_question_mark(unit.text))
            ):
                explicit += 1
            elif unit.kind == "text" and bare_question_line(unit):
                bare += 1
        return explicit > 0 and explicit * 2 >= bare

    def _inside_heading_question(self, unit: Unit) -> bool:
        """A heading below the current question's own heading level belongs to its answer.

        Unless it carries the next question's number: articles mix heading levels.
        """
        level = self.current.heading_level if self.current else 0
        if unit.kind != "heading" or not level or unit.level <= level:
            return False
        numbered = NUMBERED.match(strip_emphasis(unit.text))
        if numbered and self.current.numbered_as == "heading":
            number = int(numbered.group(1))
            return number not in (self.last_heading_number, self.last_heading_number + 1)
        return True

    def _question_start(self, unit: Unit) -> _Question | None:
        """A new question if `unit` opens one, given the numbering so far."""
        found, level = None, 0
        if unit.kind == "box":
            numbered = NUMBERED.match(strip_emphasis(unit.text))
            found = (numbered.group(3) if numbered else unit.text, [])
        elif unit.kind == "heading" and not self._inside_heading_question(unit):
            found, level = heading_question(unit), unit.level
            if found is None and self._continues_numbered_headings(unit):
                found = split_inline_answer(NUMBERED.match(strip_emphasis(unit.text)).group(3))
        elif unit.kind == "qline":
            found = split_inline_answer(Q_PREFIX.match(unit.text).group(2))
        elif self.explicit and numbered_item(unit) and self._numbers_a_question(unit):
            title, rest = item_title(unit)
            title, lead = split_inline_answer(title)
            found = (title, lead + rest)
        elif unit.kind == "text" and not self.explicit and bare_question_line(unit):
            title, lead = split_inline_answer(unwrap(unit.lines[0]))
            found = (title, lead + unit.lines[1:])
        title = clean_title(found[0]) if found else None
        if title is None:
            return None
        number = number_of(unit)
        if unit.kind == "item":
            self.last_number = unit.number
        elif unit.kind == "heading" and number is not None:
            self.last_heading_number = number
        if number is not None:
            self.highest_number = max(self.highest_number, number)
        numbered_as = unit.kind if number is not None and unit.kind in ("item", "heading") else ""
        question = _Question(title=title, heading_level=level, numbered_as=numbered_as)
        if unit.kind == "box":
            question.units = list(unit.children)
        elif found[1]:
            question.units.append(Unit("text", lines=found[1]))
        return question

    def _continues_numbered_headings(self, unit: Unit) -> bool:
        """A numbered heading that is the next in a run of numbered question headings.

        "### 7. Difference between X and Y" states rather than asks, but as the
        number after question 6's, at its level, it is question 7.
        """
        numbered = NUMBERED.match(strip_emphasis(unit.text))
        previous = self.sections[-1].questions[-1] if self.sections[-1].questions else None
        if not numbered or previous is None or previous.numbered_as != "heading":
            return False
        number = int(numbered.group(1))
        follows = number == self.last_heading_number + 1 or (
            numbered.group(2) is not None
            and number in (self.last_heading_number, self.last_heading_number + 1)
        )
        return follows and unit.level == previous.heading_level and len(numbered.group(3)) > 3

    def _numbers_a_question(self, unit: Unit) -> bool:
        """Tell a numbered question from a numbered step of the current answer."""
        text = item_title(unit)[0]
        steps = self.current.last_step if self.current else None
        continues_steps = steps is not None and unit.number == steps + 1
        next_question = unit.number == self.last_number + 1
        if CALL_TO_ACTION.search(text):
            return False
        # "4a." and "4b." are questions of their own, under (or instead of) question 4:
        # steps are not numbered so.
        sub_question = bool(unit.sub) and unit.number in (self.last_number, self.last_number + 1)
        follows = next_question or sub_question
        if sub_question:
            continues_steps = False
        if ends_with_question_mark(text):
            return follows or not continues_steps
        if PROMPT.match(unwrap(text)):
            first = not self.asked and unit.number == 1
            return ((follows and self.asked) or first) and not continues_steps
        # A statement ("Difference between X and Y") that goes on with the run of
        # numbered questions, at their level.
        previous = self.current
        in_run = previous is not None and previous.numbered_as == "item"
        return in_run and follows and not continues_steps

    def _could_start_question(self, unit: Unit) -> bool:
        """Whether `unit` reads as a question, whatever the numbering so far."""
        if unit.kind in ("qline", "box"):
            return True
        if unit.kind == "heading":
            return heading_question(unit) is not None
        if numbered_item(unit):
            text = unwrap(item_title(unit)[0])
            return self.explicit and (ends_with_question_mark(text) or bool(PROMPT.match(text)))
        return unit.kind == "text" and not self.explicit and bare_question_line(unit)

    def _is_closing(self, unit: Unit) -> bool:
        """A heading (or a line of its own) that opens the article's closing words."""
        if self._inside_heading_question(unit):
            return False
        text = unit.heading_text
        if text is None and unit.kind == "text" and len(unit.lines) == 1:
            label = strip_emphasis(unit.lines[0])
            if label.endswith(":") and len(label.split()) <= 6:
                text = label.rstrip(":")
        if text is None:
            return False
        if CLOSING_HEADING.match(text):
            return True
        return unit.kind == "heading" and bool(CALL_TO_ACTION.search(text))

    def _section_heading(self, index: int, unit: Unit) -> str | None:
        """The heading's text if it opens a group of questions, else None."""
        text = unit.heading_text
        if text is None or CONTENTS.match(text) or self._inside_heading_question(unit):
            return None
        if unit.kind == "text" and self.current is not None and not self.current.units:
            # A line of its own right under a question is its answer, however short.
            return None
        if (
            unit.kind == "text"
            and not self.line_per_paragraph
            and self.units[index - 1].kind != "break"
        ):
            return None
        paragraphs = 3 if unit.kind == "heading" else 1
        if self.state == "answer" and not self._at_section_level(unit):
            # In an answer, a heading with text under it is the answer's own.
            paragraphs = 0
        for position in range(index + 1, len(self.units)):
            following = self.units[position]
            if following.kind == "break" or self._is_noise(following):
                continue
            if self._could_start_question(following):
                return text
            if (
                following.kind != "text"
                or paragraphs == 0
                or following.lines[-1].endswith(":")
                or following.heading_text is not None
            ):
                return None
            paragraphs -= 1
        return None

    def _at_section_level(self, unit: Unit) -> bool:
        """Whether `unit` is a heading as high as those that opened sections before."""
        levels = [section.level for section in self.sections if section.level]
        return unit.kind == "heading" and bool(levels) and unit.level <= min(levels)

    def _article(self) -> ParsedArticle:
        return assemble(self)

    def _render(self, units: list[Unit]) -> str:
        return render_units(units, line_per_paragraph=self.line_per_paragraph)
