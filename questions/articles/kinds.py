"""What a block can be, asked one block at a time: a question, a title, litter, a label.

The reader (`reader.py`) asks these in the order of its grammar; nothing here
keeps state between blocks.
"""

import re

from .blocks import Unit
from .parsed import MAX_CODE_LINE, MAX_TITLE_LENGTH
from .patterns import (
    A_PREFIX,
    CALL_TO_ACTION,
    CHATTER,
    HEADING_PROMPT,
    INLINE_ANSWER,
    LANGUAGE_SWITCHER,
    NAVIGATION,
    NUMBERED,
    PROMPT,
    Q_PREFIX,
    SIGN_OFF,
    STUB_ANSWER,
)
from .titles import ends_with_question_mark, strip_emphasis, unwrap, without_emphasis


def title_text(unit: Unit) -> str | None:
    """The article's title, if `unit` (the first one) can be it."""
    if unit.kind == "heading":
        return strip_emphasis(unit.text)
    if unit.kind == "text" and len(unit.lines) == 1:
        text = strip_emphasis(unit.lines[0])
        if len(text) <= 150 and not text.endswith((".", ":", ";", ",")):
            return text
    return None


def is_call_to_action(unit: Unit) -> bool:
    """A short block that asks the reader to click, join or subscribe.

    A long paragraph that happens to say "click here" is an answer, not an ad.
    """
    text = " ".join([unit.text, *unit.lines])
    return unit.kind != "code" and len(text) <= 300 and bool(CALL_TO_ACTION.search(text))


def item_title(unit: Unit) -> tuple[str, list[str]]:
    """An item's question, with its wrapped second line if the question runs over it."""
    if (
        not ends_with_question_mark(unit.text)
        and unit.lines
        and ends_with_question_mark(unit.lines[0])
    ):
        return f"{unit.text} {unit.lines[0]}", unit.lines[1:]
    return unit.text, unit.lines


def split_inline_answer(text: str) -> tuple[str, list[str]]:
    """Separate `What is X? A: X is ...` written on one line."""
    match = INLINE_ANSWER.match(text.strip()) if len(text) <= MAX_CODE_LINE * 10 else None
    if match:
        return match.group("title"), [match.group("rest")]
    return text.strip(), []


def size(unit: Unit) -> int:
    """The characters of source text a block holds (a box's answer included)."""
    own = len(unit.text) + sum(len(line) for line in unit.lines)
    return own + sum(size(child) for child in unit.children)


def first_words(unit: Unit, limit: int = 80) -> str:
    """How the preview names a block it left out: its visible words, cut short."""
    text = " ".join(visible_text(unit).split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def is_hard_wrapped(units: list[Unit]) -> bool:
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


def strip_answer_prefix(units: list[Unit]) -> list[Unit]:
    """Drop an `A:` or `Answer:` label from the start of an answer."""
    if not units or units[0].kind != "text":
        return units
    first = units[0]
    lead = A_PREFIX.sub("", first.lines[0], count=1).strip()
    if lead == first.lines[0].strip():
        return units
    rest = [lead, *first.lines[1:]] if lead else first.lines[1:]
    return [Unit("text", lines=rest), *units[1:]] if rest else units[1:]


def without_sign_off(units: list[Unit]) -> list[Unit]:
    """Cut the last answer where a sign-off paragraph ("I hope ...") begins."""
    for position, unit in enumerate(units):
        if position and unit.kind == "text" and SIGN_OFF.match(strip_emphasis(unit.lines[0])):
            return units[:position]
    return units


def number_of(unit: Unit) -> int | None:
    """The number a question's unit carries: `12.` in front of an item or heading."""
    if unit.kind == "item":
        return unit.number
    if unit.kind in ("heading", "box"):
        numbered = NUMBERED.match(strip_emphasis(unit.text))
        return int(numbered.group(1)) if numbered else None
    prefixed = Q_PREFIX.match(unit.text) if unit.kind == "qline" else None
    return int(prefixed.group(1)) if prefixed and prefixed.group(1) else None


def litter_reason(unit: Unit) -> str | None:
    """Why a block is page litter ("litter", "promotion", "chatter"), or None if it is not."""
    if unit.kind not in ("text", "heading", "item") or size(unit) > 300:
        return None
    visible = visible_text(unit)
    if CHATTER.match(visible):
        return "chatter"
    if NAVIGATION.search(visible) or LANGUAGE_SWITCHER.match(visible):
        return "litter"
    if CALL_TO_ACTION.search(visible):
        return "promotion"
    return None


def visible_text(unit: Unit) -> str:
    """The block's text as a reader sees it: no emphasis, links as their words."""
    text = " ".join([unit.text, *unit.lines]).strip()
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = without_emphasis(strip_emphasis(text))
    # "*(Continue in a similar format ...)*": an aside in brackets reads as its words.
    if text.startswith("(") and text.endswith(")"):
        text = strip_emphasis(text[1:-1])
    return text


def is_stub(answer: str) -> bool:
    """An answer that only says one is to come ("TODO", "Coming soon")."""
    return bool(STUB_ANSWER.match(answer.strip()))


def numbered_item(unit: Unit) -> bool:
    return unit.kind == "item" and unit.number is not None and unit.indent < 2


def bare_question_line(unit: Unit) -> bool:
    first = unwrap(unit.lines[0])
    return len(first) <= 200 and ends_with_question_mark(first) and not CALL_TO_ACTION.search(first)


def heading_question(unit: Unit) -> tuple[str, list[str]] | None:
    """A heading's question: it ends with `?`, or is numbered or prefixed as one."""
    text = strip_emphasis(unit.text)
    if len(text) > MAX_TITLE_LENGTH + 20:
        return None
    prefixed = Q_PREFIX.match(text)
    if prefixed and prefixed.group(2):
        return split_inline_answer(prefixed.group(2))
    numbered = NUMBERED.match(text)
    if numbered:
        text = unwrap(numbered.group(3))
    if CALL_TO_ACTION.search(text):
        return None
    prompt = PROMPT if numbered else HEADING_PROMPT
    if ends_with_question_mark(text) or prompt.match(text):
        return split_inline_answer(text)
    return None
