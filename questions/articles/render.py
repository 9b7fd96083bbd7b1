"""Blocks back to Markdown, for answers, introductions and descriptions."""

import re

from .blocks import Unit
from .patterns import GLYPH_RANK
from .titles import strip_emphasis


def render_units(units: list[Unit], *, line_per_paragraph: bool = False) -> str:
    """Markdown for a run of units: blocks separated by blank lines, lists kept tight."""
    blocks: list[str] = []
    items: list[Unit] = []
    for unit in units:
        if unit.kind == "item":
            items.append(unit)
            continue
        if unit.kind == "break":
            continue
        if items:
            blocks.append(_render_list(items))
            items = []
        if unit.kind == "heading":
            # Headings inside an answer or a description read as a bold lead-in:
            # the page around them owns the heading levels.
            blocks.append(f"**{strip_emphasis(unit.text)}**")
        elif unit.kind == "text":
            separator = "\n\n" if line_per_paragraph else "\n"
            blocks.append(separator.join(_inline(line) for line in unit.lines))
        elif unit.kind == "code":
            blocks.append(_render_code(unit))
        elif unit.kind == "table":
            blocks.append("\n".join(unit.lines))
    if items:
        blocks.append(_render_list(items))
    return "\n\n".join(block for block in blocks if block.strip())


def _inline(line: str) -> str:
    return re.sub(r"[ \t]+", " ", line.strip())


def _render_code(unit: Unit) -> str:
    body = "\n".join(line.rstrip().expandtabs(4) for line in unit.lines)
    longest = max((len(run) for run in re.findall(r"`{3,}", body)), default=2)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{unit.lang}\n{body}\n{fence}"


def _render_list(items: list[Unit]) -> str:
    """Nest by indentation, or by bullet glyph (`•` then `◦`) when pasting lost the indent."""
    lines = []
    stack: list[int] = []
    previous: Unit | None = None
    level = 0
    for item in items:
        if previous is not None and item.indent == previous.indent:
            step = GLYPH_RANK.get(item.marker, 0) - GLYPH_RANK.get(previous.marker, 0)
            level = min(max(level + step, 0), level + 1)
        else:
            stack = stack or [item.indent]
            while len(stack) > 1 and item.indent < stack[-1] - 1:
                stack.pop()
            if item.indent >= stack[-1] + 2:
                stack.append(item.indent)
            level = len(stack) - 1
        level = min(level, 3)
        marker = f"{item.number}." if item.number is not None else "-"
        text = " ".join(_inline(line) for line in [item.text, *item.lines])
        lines.append(f"{'    ' * level}{marker} {text}")
        previous = item
    return "\n".join(lines)
