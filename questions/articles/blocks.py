"""Lines to blocks: headings, list items, paragraphs, code, tables (the tokeniser)."""

import re
from dataclasses import dataclass, field
from functools import cached_property

from .parsed import MAX_CODE_LINE
from .patterns import (
    ATX,
    BARE_ATX,
    BOX_CLOSE,
    BOX_OPEN,
    FENCE,
    FILENAME,
    ITEM,
    JS_START,
    LEADING_BOLD_NUMBER,
    Q_PREFIX,
    RULE,
    SETEXT,
    SHELL_START,
    SQL_START,
    STRONG_CODE,
    SUB_ITEM,
    WEAK_CODE,
)
from .titles import strip_emphasis, unwrap


@dataclass
class Unit:
    """One block of the source: a heading, list item, paragraph, code or table."""

    kind: str
    text: str = ""
    lines: list[str] = field(default_factory=list)
    level: int = 0
    indent: int = 0
    number: int | None = None
    marker: str = ""
    lang: str = ""
    # A box's answer, read as blocks of its own (see `BOX_OPEN`).
    children: list["Unit"] = field(default_factory=list)
    sub: str = ""  # the letter of a sub-question's number ("4a." -> "a")

    @cached_property
    def heading_text(self) -> str | None:
        """The text, if this block can be a heading: a Markdown one or a short line."""
        return _heading_text(self)


def tokenise(lines: list[str]) -> list[Unit]:
    """Group lines into units; runs of blank lines become one `break` unit."""
    lines = [_expand_leading_tabs(line.rstrip()) for line in lines]
    units: list[Unit] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        previous_blank = not units or units[-1].kind == "break"
        if not stripped or RULE.match(line):
            if units and units[-1].kind != "break":
                units.append(Unit("break"))
            index += 1
            continue
        indent = len(line) - len(line.lstrip(" "))
        fence = FENCE.match(line)
        atx = ATX.match(line)
        unwrapped = unwrap(LEADING_BOLD_NUMBER.sub(r"\2 ", stripped))
        prefixed = Q_PREFIX.match(unwrapped)
        item = ITEM.match(line) or ITEM.match(unwrapped)
        bare_atx = BARE_ATX.match(line)
        sub_item = SUB_ITEM.match(line) or SUB_ITEM.match(unwrapped)
        if stripped.startswith(BOX_OPEN):
            unit, index = _read_box(lines, index)
        elif fence:
            unit, index = _read_fence(lines, index, fence)
        elif indent >= 4 and previous_blank and not _in_list(units):
            unit, index = _read_indented_code(lines, index)
        elif _is_setext_text(lines, index):
            level = 1 if lines[index + 1].strip().startswith("=") else 2
            unit, index = Unit("heading", text=stripped, level=level), index + 2
        elif atx and _opens_code(atx, lines, index):
            unit, index = _read_bare_code(lines, index)
        elif bare_atx and index + 1 < len(lines) and lines[index + 1].strip():
            text = lines[index + 1].strip()
            unit, index = Unit("heading", text=text, level=len(bare_atx.group(1))), index + 2
        elif atx:
            unit, index = (
                Unit("heading", text=atx.group(2).strip(), level=len(atx.group(1))),
                index + 1,
            )
        elif stripped.startswith("|") and stripped.count("|") >= 2:
            unit, index = _read_pipe_table(lines, index)
        elif _tab_cells(line) and index + 1 < len(lines) and _tab_cells(lines[index + 1]):
            unit, index = _read_tab_table(lines, index)
        elif prefixed and prefixed.group(2):
            unit, index = Unit("qline", text=unwrapped, indent=indent), index + 1
        elif item:
            unit, index = _read_item(lines, index, item, indent)
        elif sub_item:
            unit, index = _read_sub_item(lines, index, sub_item, indent)
        elif _looks_like_code(stripped, weak=True):
            unit, index = _read_bare_code(lines, index)
        else:
            unit, index = _read_paragraph(lines, index)
        units.append(unit)
    return units


def _read_box(lines: list[str], index: int) -> tuple[Unit, int]:
    """A question and its whole answer, as the HTML pass marked them out."""
    title = lines[index].strip()[len(BOX_OPEN) :].strip()
    end = index + 1
    while end < len(lines) and lines[end].strip() != BOX_CLOSE:
        end += 1
    children = [unit for unit in tokenise(lines[index + 1 : end]) if unit.kind != "break"]
    return Unit("box", text=title, children=children), end + 1


def _read_sub_item(lines: list[str], index: int, match: re.Match, indent: int):
    """`4a. ...`: read as a numbered item (number 4) with its letter."""
    as_item = ITEM.match(f"{match.group(1)}{match.group(2)}. {match.group(4)}")
    unit, index = _read_item(lines, index, as_item, indent)
    unit.sub = match.group(3)
    return unit, index


def _expand_leading_tabs(line: str) -> str:
    body = line.lstrip(" \t")
    return line[: len(line) - len(body)].expandtabs(4) + body


def _is_setext_text(lines: list[str], index: int) -> bool:
    """A short line of its own underlined with `===` or `---`."""
    if index + 1 >= len(lines) or (index > 0 and lines[index - 1].strip()):
        return False
    text, underline = lines[index].strip(), lines[index + 1]
    if not text or len(text) > 150 or text.endswith((".", ",", ";")):
        return False
    if not SETEXT.match(underline) or len(underline.strip()) < 3:
        return False
    return not (ITEM.match(lines[index]) or text.startswith(("|", "#", ">", "```", "~~~")))


def _in_list(units: list[Unit]) -> bool:
    """Whether indented lines after a blank line still belong to a list item."""
    for unit in reversed(units):
        if unit.kind != "break":
            return unit.kind == "item"
    return False


def _opens_code(atx: re.Match, lines: list[str], index: int) -> bool:
    """A `# comment` line that starts a bare Python block rather than a heading."""
    if len(atx.group(1)) != 1:
        return False
    following = lines[index + 1].strip() if index + 1 < len(lines) else ""
    return bool(FILENAME.match(atx.group(2).strip())) or _looks_like_code(following)


def _read_fence(lines: list[str], index: int, fence: re.Match) -> tuple[Unit, int]:
    indent, marker, lang = len(fence.group(1)), fence.group(2), fence.group(3)
    body = []
    index += 1
    while index < len(lines):
        line = lines[index]
        closing = line.strip()
        index += 1
        if closing.startswith(marker) and not closing.strip(marker[0]):
            break
        body.append(line[indent:] if not line[:indent].strip() else line.lstrip())
    body = _trim_blank_lines(body)
    if not lang and any(_looks_like_code(line.strip(), weak=True) for line in body):
        # A fence that names no language (or a page's <pre> without a class) gets the
        # one its lines read as, for highlighting.
        lang = _guess_language(body)
    return Unit("code", lines=body, lang=lang.lower()), index


def _read_indented_code(lines: list[str], index: int) -> tuple[Unit, int]:
    body = []
    while index < len(lines):
        line = lines[index]
        if line.strip() and len(line) - len(line.lstrip(" ")) < 4:
            break
        body.append(line)
        index += 1
    body = _dedent(_trim_blank_lines(body))
    if not any(_looks_like_code(line.strip(), weak=True) for line in body):
        return Unit("code", lines=body), index
    return Unit("code", lines=body, lang=_guess_language(body)), index


def _read_bare_code(lines: list[str], index: int) -> tuple[Unit, int]:
    first = lines[index].strip()
    session = first.startswith((">>>", "$ "))
    body = [lines[index]]
    index += 1
    while index < len(lines):
        line = lines[index]
        if line.strip():
            if not _continues_code(line, session=session, after_blank=False):
                break
            body.append(line)
            index += 1
            continue
        following = index
        while following < len(lines) and not lines[following].strip():
            following += 1
        if following == len(lines) or not _continues_code(
            lines[following], session=session, after_blank=True
        ):
            break
        body.extend([""] * (following - index))
        index = following
    body = _dedent(body)
    return Unit("code", lines=body, lang=_guess_language(body)), index


def _continues_code(line: str, *, session: bool, after_blank: bool) -> bool:
    stripped = line.strip()
    indent = len(line) - len(line.lstrip(" "))
    if session:
        # A console session: prompts, and the output under them up to a blank line.
        return stripped.startswith((">>>", "$ ")) or not after_blank
    if after_blank:
        return indent >= 4 or (_looks_like_code(stripped, weak=True) and not ATX.match(line))
    if indent > 0 or re.match(r"#(?!#)", stripped):
        return True
    return _looks_like_code(stripped, weak=True)


def _read_pipe_table(lines: list[str], index: int) -> tuple[Unit, int]:
    rows = []
    while index < len(lines) and lines[index].strip().startswith("|"):
        rows.append(lines[index].strip())
        index += 1
    if len(rows) < 2 or not re.fullmatch(r"\|?[\s:|-]+\|?", rows[1]) or "-" not in rows[1]:
        cells = rows[0].strip("|").count("|") + 1
        rows.insert(1, "|" + " --- |" * cells)
    return Unit("table", lines=rows), index


def _tab_cells(line: str) -> list[str]:
    """The cells of a row copied from a web page's table, if `line` is one."""
    if "\t" not in line.strip() or line.startswith((" ", "\t")) or ITEM.match(line):
        return []
    cells = [cell.strip() for cell in line.strip().split("\t")]
    return cells if len(cells) >= 2 else []


def _read_tab_table(lines: list[str], index: int) -> tuple[Unit, int]:
    width = len(_tab_cells(lines[index]))
    rows = []
    while index < len(lines) and len(_tab_cells(lines[index])) == width:
        rows.append(_tab_cells(lines[index]))
        index += 1
    if len(rows) < 2:
        return Unit("text", lines=[" ".join(rows[0])]), index

    def row(cells: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    table = [row(rows[0]), "|" + " --- |" * width, *(row(cells) for cells in rows[1:])]
    return Unit("table", lines=table), index


def _read_item(lines: list[str], index: int, item: re.Match, indent: int) -> tuple[Unit, int]:
    unit = Unit(
        "item",
        text=item.group(4).strip(),
        indent=indent,
        number=int(item.group(3)) if item.group(3) else None,
        marker=item.group(2) or "",
    )
    index += 1
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        line_indent = len(line) - len(line.lstrip(" "))
        if (
            not stripped
            or line_indent <= indent
            or ITEM.match(line)
            or SUB_ITEM.match(line)
            or FENCE.match(line)
            or _looks_like_code(stripped)
        ):
            break
        unit.lines.append(stripped)
        index += 1
    return unit, index


def _read_paragraph(lines: list[str], index: int) -> tuple[Unit, int]:
    body = [lines[index].strip()]
    index += 1
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        unwrapped = unwrap(stripped)
        prefixed = Q_PREFIX.match(unwrapped)
        if (
            not stripped
            or RULE.match(line)
            or FENCE.match(line)
            or ATX.match(line)
            or ITEM.match(line)
            or SUB_ITEM.match(line)
            or stripped.startswith("|")
            or (prefixed and prefixed.group(2))
            or _looks_like_code(stripped)
            or _tab_cells(line)
        ):
            break
        body.append(stripped)
        index += 1
    return Unit("text", lines=body), index


def _looks_like_code(stripped: str, *, weak: bool = False) -> bool:
    """Whether a line reads as code; `weak` also accepts what a sentence might start with."""
    # Code lines are short; a long line is prose, and the patterns below would
    # backtrack for seconds over a megabyte-long one.
    if not stripped or len(stripped) > MAX_CODE_LINE:
        return False
    if (
        stripped.endswith((".", "?", "!"))
        and not stripped.endswith("...")
        and len(stripped.split()) >= 4
    ):
        return False
    return bool(STRONG_CODE.match(stripped) or (weak and WEAK_CODE.match(stripped)))


def _guess_language(lines: list[str]) -> str:
    code = [line.strip() for line in lines if line.strip()]
    first = code[0] if code else ""
    if first.startswith("$ "):
        return "console"
    if first.startswith(">>>"):
        return "pycon"
    if SHELL_START.match(first):
        return "bash"
    if SQL_START.match(first):
        return "sql"
    if any(JS_START.match(line) for line in code[:5]) or any("=>" in line for line in code):
        return "javascript"
    if any(line.startswith(("{%", "{{")) or "{% " in line for line in code):
        return "html+django"
    if first.startswith("<"):
        return "html"
    if first in ("{", "["):
        return "json"
    return "python"


def _dedent(lines: list[str]) -> list[str]:
    margin = min((len(line) - len(line.lstrip(" ")) for line in lines if line.strip()), default=0)
    return [line[margin:] for line in lines]


def _trim_blank_lines(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def _is_short_line(unit: Unit) -> bool:
    """A line of its own that could be a heading: short, no end punctuation, not code."""
    if unit.kind != "text" or len(unit.lines) != 1:
        return False
    text = strip_emphasis(unit.lines[0])
    return (
        0 < len(text) <= 80
        and len(text.split()) <= 10
        and not text.endswith((".", "?", "!", ":", ";", ","))
        and (text[0].isupper() or text[0].isdigit())
        and not _looks_like_code(text, weak=True)
    )


def _heading_text(unit: Unit) -> str | None:
    if unit.kind == "heading":
        return strip_emphasis(unit.text)
    if _is_short_line(unit):
        return strip_emphasis(unit.lines[0])
    return None
