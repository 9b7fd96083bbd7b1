"""Fenced code blocks in starter-bank Markdown, and the markers that say how each is checked.

A fence's info string is a language and then optional markers: ``python`` runs as a
script, ``python django`` runs with Django configured, ``python pytest`` runs under
pytest, ``pycon`` runs under doctest, and ``<any> fragment`` is not run. The loader
shows readers only the language (`strip_markers`); the test suite runs the rest
(`tests/bank`).
"""

import re
from dataclasses import dataclass

MARKERS = frozenset({"django", "pytest", "fragment"})
RUNNABLE = {
    ("python", frozenset()),
    ("python", frozenset({"django"})),
    ("python", frozenset({"pytest"})),
    ("python", frozenset({"django", "pytest"})),
    ("pycon", frozenset()),
}

OPENING = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^`\n]*)$")


@dataclass(frozen=True)
class Block:
    language: str
    markers: frozenset
    code: str
    line: int  # 1-based line of the opening fence in its Markdown value
    closed: bool = True

    @property
    def is_fragment(self) -> bool:
        return "fragment" in self.markers

    @property
    def is_runnable(self) -> bool:
        return (self.language, self.markers) in RUNNABLE

    @property
    def context(self) -> str:
        """How the block runs: script, django, pytest, django-pytest or doctest."""
        if self.language == "pycon":
            return "doctest"
        return "-".join(sorted(self.markers)) or "script"


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return len(stripped) >= len(fence) and set(stripped) == {fence[0]}


def iter_blocks(markdown: str):
    """Yield each fenced block of `markdown`, its code dedented by the fence's indent."""
    lines = markdown.splitlines()
    index = 0
    while index < len(lines):
        match = OPENING.match(lines[index])
        if not match:
            index += 1
            continue
        indent, fence = match["indent"], match["fence"]
        words = match["info"].split()
        language = words[0].lower() if words else ""
        start = index
        body = []
        index += 1
        closed = False
        while index < len(lines):
            if _closes(lines[index], fence):
                closed = True
                break
            line = lines[index]
            body.append(line[len(indent) :] if line.startswith(indent) else line.lstrip())
            index += 1
        index += 1
        yield Block(
            language=language,
            markers=frozenset(word.lower() for word in words[1:]),
            code="\n".join(body) + "\n",
            line=start + 1,
            closed=closed,
        )


def strip_markers(markdown: str) -> str:
    """The Markdown readers see: each opening fence keeps its language only."""
    lines = markdown.splitlines(keepends=True)
    out = []
    inside = None
    for line in lines:
        if inside is None:
            match = OPENING.match(line.rstrip("\n"))
            if match:
                inside = match["fence"]
                words = match["info"].split()
                language = words[0] if words else ""
                ending = "\n" if line.endswith("\n") else ""
                line = f"{match['indent']}{match['fence']}{language}{ending}"
        elif _closes(line, inside):
            inside = None
        out.append(line)
    return "".join(out)
