"""Blocks to an article: which block opens a question or a section, or is answer text."""

from dataclasses import dataclass, field

from . import html
from .blocks import Unit, tokenise
from .decoding import normalise_text
from .frameworks import detect_framework
from .parsed import (
    MAX_CODE_LINE,
    MAX_QUESTIONS,
    MAX_TITLE_LENGTH,
    ArticleError,
    LeftOut,
    ParsedArticle,
    ParsedQuestion,
    ParsedSection,
)
from .patterns import (
    A_PREFIX,
    BREADCRUMB,
    BYLINE,
    CALL_TO_ACTION,
    CLOSING_HEADING,
    CONTENTS,
    HEADING_PROMPT,
    INLINE_ANSWER,
    NOISE,
    NUMBERED,
    PROMPT,
    Q_PREFIX,
    SIGN_OFF,
)
from .render import render_units
from .titles import (
    clean_title,
    difficulty_from,
    ends_with_question_mark,
    normalise_question,
    strip_emphasis,
    topic_name_from,
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
    if not article.questions:
        if article.skipped:
            raise ArticleError(
                "The questions in the file have no answers under them, so there is nothing "
                f"to import (first one: \u201c{article.skipped[0]}\u201d)."
            )
        raise ArticleError(
            "No question was recognised. Number them (\u201c1. What is ...?\u201d), prefix them "
            "(\u201cQ: ...\u201d) or make them Markdown headings (\u201c## What is ...?\u201d)."
        )
    return article


def _title_text(unit: Unit) -> str | None:
    """The article's title, if `unit` (the first one) can be it."""
    if unit.kind == "heading":
        return strip_emphasis(unit.text)
    if unit.kind == "text" and len(unit.lines) == 1:
        text = strip_emphasis(unit.lines[0])
        if len(text) <= 150 and not text.endswith((".", ":", ";", ",")):
            return text
    return None


def _is_call_to_action(unit: Unit) -> bool:
    """A short block that asks the reader to click, join or subscribe.

    A long paragraph that happens to say "click here" is an answer, not an ad.
    """
    text = " ".join([unit.text, *unit.lines])
    return unit.kind != "code" and len(text) <= 300 and bool(CALL_TO_ACTION.search(text))


def _item_title(unit: Unit) -> tuple[str, list[str]]:
    """An item's question, with its wrapped second line if the question runs over it."""
    if (
        not ends_with_question_mark(unit.text)
        and unit.lines
        and ends_with_question_mark(unit.lines[0])
    ):
        return f"{unit.text} {unit.lines[0]}", unit.lines[1:]
    return unit.text, unit.lines


def _split_inline_answer(text: str) -> tuple[str, list[str]]:
    """Separate `What is X? A: X is ...` written on one line."""
    match = INLINE_ANSWER.match(text.strip()) if len(text) <= MAX_CODE_LINE * 10 else None
    if match:
        return match.group("title"), [match.group("rest")]
    return text.strip(), []


@dataclass
class _Question:
    title: str
    heading_level: int = 0
    units: list[Unit] = field(default_factory=list)
    last_step: int | None = None


@dataclass
class _Section:
    heading: str | None
    introduction: list[Unit] = field(default_factory=list)
    questions: list[_Question] = field(default_factory=list)


class _Reader:
    """Walk the units once, deciding what each one is from what came before."""

    def __init__(self, units: list[Unit]):
        self.line_per_paragraph = not _is_hard_wrapped(units)
        if self.line_per_paragraph:
            # Each line is a paragraph of its own, a heading or a question included.
            units = [
                Unit("text", lines=[line]) if unit.kind == "text" else unit
                for unit in units
                for line in (unit.lines if unit.kind == "text" else [None])
            ]
        self.units = units
        self.started = False
        self.in_contents = False
        self.title = ""
        self.introduction: list[Unit] = []
        self.sections = [_Section(heading=None)]
        self.current: _Question | None = None
        self.last_number = 0
        self.highest_number = 0
        self.asked = False
        self.closing = False
        self.explicit = self._has_explicit_questions()
        self.left_out: list[LeftOut] = []
        self.source_chars = sum(_size(unit) for unit in units)

    def read(self) -> ParsedArticle:
        for index, unit in enumerate(self.units):
            if unit.kind != "break":
                self._take(index, unit)
        return self._article()

    def _leave_out(self, reason: str, unit: Unit) -> None:
        self.left_out.append(LeftOut(reason, _first_words(unit), _size(unit)))

    def _take(self, index: int, unit: Unit) -> None:
        if self._is_noise(unit):
            self._leave_out("litter", unit)
            return
        first, self.started = not self.started, True
        if self.in_contents and unit.kind == "item":
            self._leave_out("contents", unit)
            return
        self.in_contents = False
        question = self._question_start(unit)
        if question:
            self.current, self.closing, self.asked = question, False, True
            self.sections[-1].questions.append(question)
        elif self.asked and self._is_closing(unit):
            self.current, self.closing = None, True
            self._leave_out("closing", unit)
        elif first and _title_text(unit):
            self.title = _title_text(unit)
        elif unit.heading_text and CONTENTS.match(unit.heading_text):
            # A table of contents lists the questions once more: skip it.
            self.in_contents = True
            self._leave_out("contents", unit)
        elif (name := self._section_heading(index, unit)) is not None:
            self.current, self.closing = None, False
            self.sections.append(_Section(heading=name))
        elif self.closing:
            self._leave_out("closing", unit)
        elif _is_call_to_action(unit):
            self._leave_out("promotion", unit)
        elif self.current is not None:
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
                unit.kind == "qline"
                or (unit.kind == "heading" and self._heading_question(unit))
                or (self._numbered(unit) and ends_with_question_mark(unit.text))
            ):
                explicit += 1
            elif unit.kind == "text" and self._bare_question_line(unit):
                bare += 1
        return explicit > 0 and explicit * 2 >= bare

    @staticmethod
    def _numbered(unit: Unit) -> bool:
        return unit.kind == "item" and unit.number is not None and unit.indent < 2

    @staticmethod
    def _bare_question_line(unit: Unit) -> bool:
        first = unwrap(unit.lines[0])
        return (
            len(first) <= 200
            and ends_with_question_mark(first)
            and not CALL_TO_ACTION.search(first)
        )

    @staticmethod
    def _heading_question(unit: Unit) -> tuple[str, list[str]] | None:
        """A heading's question: it ends with `?`, or is numbered or prefixed as one."""
        text = strip_emphasis(unit.text)
        if len(text) > MAX_TITLE_LENGTH + 20:
            return None
        prefixed = Q_PREFIX.match(text)
        if prefixed and prefixed.group(2):
            return _split_inline_answer(prefixed.group(2))
        numbered = NUMBERED.match(text)
        if numbered:
            text = numbered.group(2)
        if CALL_TO_ACTION.search(text):
            return None
        prompt = PROMPT if numbered else HEADING_PROMPT
        if ends_with_question_mark(text) or prompt.match(text):
            return _split_inline_answer(text)
        return None

    def _inside_heading_question(self, unit: Unit) -> bool:
        """A heading below the current question's own heading level belongs to its answer."""
        level = self.current.heading_level if self.current else 0
        return unit.kind == "heading" and bool(level) and unit.level > level

    def _question_start(self, unit: Unit) -> _Question | None:
        """A new question if `unit` opens one, given the numbering so far."""
        found, level = None, 0
        if unit.kind == "heading" and not self._inside_heading_question(unit):
            found, level = self._heading_question(unit), unit.level
        elif unit.kind == "qline":
            found = _split_inline_answer(Q_PREFIX.match(unit.text).group(2))
        elif self.explicit and self._numbered(unit) and self._numbers_a_question(unit):
            title, rest = _item_title(unit)
            title, lead = _split_inline_answer(title)
            found = (title, lead + rest)
        elif unit.kind == "text" and not self.explicit and self._bare_question_line(unit):
            title, lead = _split_inline_answer(unwrap(unit.lines[0]))
            found = (title, lead + unit.lines[1:])
        title = clean_title(found[0]) if found else None
        if title is None:
            return None
        if unit.kind == "item":
            self.last_number = unit.number
        if (number := _number_of(unit)) is not None:
            self.highest_number = max(self.highest_number, number)
        question = _Question(title=title, heading_level=level)
        if found[1]:
            question.units.append(Unit("text", lines=found[1]))
        return question

    def _numbers_a_question(self, unit: Unit) -> bool:
        """Tell a numbered question from a numbered step of the current answer."""
        text = _item_title(unit)[0]
        steps = self.current.last_step if self.current else None
        continues_steps = steps is not None and unit.number == steps + 1
        next_question = unit.number == self.last_number + 1
        if CALL_TO_ACTION.search(text):
            return False
        if ends_with_question_mark(text):
            return next_question or not continues_steps
        if PROMPT.match(unwrap(text)):
            first = not self.asked and unit.number == 1
            return ((next_question and self.asked) or first) and not continues_steps
        return False

    def _could_start_question(self, unit: Unit) -> bool:
        """Whether `unit` reads as a question, whatever the numbering so far."""
        if unit.kind == "qline":
            return True
        if unit.kind == "heading":
            return self._heading_question(unit) is not None
        if self._numbered(unit):
            text = unwrap(_item_title(unit)[0])
            return self.explicit and (ends_with_question_mark(text) or bool(PROMPT.match(text)))
        return unit.kind == "text" and not self.explicit and self._bare_question_line(unit)

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
        if (
            unit.kind == "text"
            and not self.line_per_paragraph
            and self.units[index - 1].kind != "break"
        ):
            return None
        paragraphs = 3 if unit.kind == "heading" else 1
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

    def _article(self) -> ParsedArticle:
        title = self.title
        article_topic = topic_name_from(title) if title else None
        article_level = difficulty_from(title) if title else None
        everything = [question for section in self.sections for question in section.questions]
        last = everything[-1] if everything else None
        sections, skipped = [], []
        for part in self.sections:
            section = ParsedSection(
                heading=part.heading,
                topic=(topic_name_from(part.heading) if part.heading else None) or article_topic,
                difficulty=(difficulty_from(part.heading) if part.heading else None)
                or article_level,
                introduction=self._render(part.introduction),
            )
            for question in part.questions:
                units = question.units
                if question is last:
                    units = _without_sign_off(units)
                    for unit in question.units[len(units) :]:
                        self._leave_out("closing", unit)
                answer = self._render(_strip_answer_prefix(units))
                if not answer:
                    skipped.append(question.title)
                    section.unanswered.append(question.title)
                    continue
                section.questions.append(
                    ParsedQuestion(
                        title=question.title,
                        answer=answer,
                        framework=detect_framework(question.title, answer),
                    )
                )
            if section.questions or section.unanswered:
                sections.append(section)
        # A table of contents lists the questions again: those are not missing answers.
        answered = {normalise_question(q.title) for s in sections for q in s.questions}
        skipped = [title for title in skipped if normalise_question(title) not in answered]
        for section in sections:
            section.unanswered = [
                title for title in section.unanswered if normalise_question(title) not in answered
            ]
        return ParsedArticle(
            title=title,
            introduction=self._render(self.introduction),
            sections=[section for section in sections if section.questions or section.unanswered],
            skipped=list(dict.fromkeys(skipped)),
            left_out=self.left_out,
            highest_number=self.highest_number,
            source_chars=self.source_chars,
        )

    def _render(self, units: list[Unit]) -> str:
        return render_units(units, line_per_paragraph=self.line_per_paragraph)


def _size(unit: Unit) -> int:
    return len(unit.text) + sum(len(line) for line in unit.lines)


def _first_words(unit: Unit, limit: int = 80) -> str:
    text = " ".join(" ".join([unit.text, *unit.lines]).split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _is_hard_wrapped(units: list[Unit]) -> bool:
    """Whether paragraphs run over several short lines (Markdown) or are one long line each.

    Text copied from a web page puts each paragraph on one line, with no blank
    line between them, so its lines end a sentence; a Markdown file wraps
    paragraphs at about 80 columns, so most of its lines end mid-sentence.
    """
    wrapped = whole = 0
    for unit in units:
        if unit.kind == "text":
            for line in unit.lines[:-1]:
                if line.endswith((".", "!", "?", ":", ";")) or len(line) > 100:
                    whole += 1
                elif len(line) >= 40:
                    wrapped += 1
    return wrapped > whole


def _strip_answer_prefix(units: list[Unit]) -> list[Unit]:
    """Drop an `A:` or `Answer:` label from the start of an answer."""
    if not units or units[0].kind != "text":
        return units
    first = units[0]
    lead = A_PREFIX.sub("", first.lines[0], count=1).strip()
    if lead == first.lines[0].strip():
        return units
    rest = [lead, *first.lines[1:]] if lead else first.lines[1:]
    return [Unit("text", lines=rest), *units[1:]] if rest else units[1:]


def _without_sign_off(units: list[Unit]) -> list[Unit]:
    """Cut the last answer where a sign-off paragraph ("I hope ...") begins."""
    for position, unit in enumerate(units):
        if position and unit.kind == "text" and SIGN_OFF.match(strip_emphasis(unit.lines[0])):
            return units[:position]
    return units


def _number_of(unit: Unit) -> int | None:
    """The number a question's unit carries: `12.` in front of an item or heading."""
    if unit.kind == "item":
        return unit.number
    if unit.kind == "heading":
        numbered = NUMBERED.match(strip_emphasis(unit.text))
        return int(numbered.group(1)) if numbered else None
    prefixed = Q_PREFIX.match(unit.text) if unit.kind == "qline" else None
    return int(prefixed.group(1)) if prefixed and prefixed.group(1) else None
