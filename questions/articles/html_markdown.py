"""HTML in articles, the Markdown side: code kept out of the parser, Markdown written back.

Fenced, indented and inline code, unfenced examples of markup, and the Markdown
text between tags are set aside behind tokens of private-use characters
(`Vault`) before the text is parsed, and put back verbatim afterwards
(`finish`), so HTML shown in code samples is never touched. The one pass over
the tags (`Tags`) only finds where they are: to set that Markdown aside, and to
add the end tags HTML implies, which html.parser would otherwise nest without
end. markdownify writes the Markdown (`convert`), `<details>` as questions.
"""

import re

from bs4 import Tag
from markdownify import MarkdownConverter

from .patterns import BOX_CLOSE, BOX_OPEN, PROMPT
from .titles import strip_emphasis, without_emphasis


def _names(words: str) -> frozenset[str]:
    return frozenset(words.split())


_KNOWN_TAGS = _names(
    "address bdi bdo colgroup data fieldset hgroup legend menu meter option optgroup output "
    "progress rp rt ruby time wbr area map track param "
    "a abbr article aside b big blockquote br button caption center cite code col dd del "
    "details dfn dialog div dl dt em embed figcaption figure font footer form h1 h2 h3 h4 h5 "
    "h6 header hr i iframe img input ins kbd label li main mark nav noscript object ol p "
    "picture pre q s samp script section select small source span strike strong style sub "
    "summary sup svg table tbody td template textarea tfoot th thead tr tt u ul var video"
)
_VOID = _names("area br col embed hr img input param source track wbr")
# Text inside these is HTML even after a blank line; text inside wrappers is Markdown.
_RAW = _names("pre code kbd samp script style textarea")
_WRAPPERS = _names("details div center section article main")
# HTML's implied end tags, which html.parser does not know: `<li>a<li>b` nests otherwise.
_CLOSES = {"li": {"li", "p"}, "dt": {"dt", "dd", "p"}, "dd": {"dt", "dd", "p"}}
_CLOSES_P = _names("p div ul ol pre table details blockquote h1 h2 h3 h4 h5 h6 section")
_HEADINGS = frozenset(f"h{level}" for level in range(1, 7))

_TAG = re.compile(r"<!--|<(/?)([A-Za-z][A-Za-z0-9]*)(?=[\s/>])[^<>]*>")
_SKIPPED = {
    "!--": re.compile("-->"),
    "script": re.compile(r"</script\s*>", re.IGNORECASE),
    "style": re.compile(r"</style\s*>", re.IGNORECASE),
}
_MAX_DEPTH = 64
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
# A summary that only says "open me": the question is the heading above the block.
_SPOILER = re.compile(
    r"^(?:click\s+(?:here\s+)?(?:to\s+)?)?(?:(?:show|view|see|reveal|expand|toggle|read)\s+)?"
    r"(?:the\s+)?(?:answer|solution|explanation|hint|details|more|code|example)?s?\W*$",
    re.IGNORECASE,
)
# A summary that asks: ends with "?", is numbered or prefixed, or starts with a prompt word.
_NUMBERED_OR_PREFIXED = re.compile(r"^(?:\d+[a-z]?[.)]|q\d*[.:)]|question\b)", re.IGNORECASE)
_QUESTION_LINE = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]+|\d+[.)][ \t]+|[-*+][ \t]+)?\S[^\n]*\?[ \t*_]*$", re.M
)
# A block of Markdown that starts with one of these tags (or a template tag) shows
# markup: an unfenced example in an answer. Layout and `<details>` tags are not here.
_EXAMPLE = re.compile(
    r"^[ \t]*(?:\{[%{]|<(?:form|input|button|label|select|option|textarea|fieldset|legend|script"
    r"|style|template|iframe|html|head|body|meta|link)\b)",
    re.IGNORECASE,
)
_CODE_CLASS = re.compile(r"^(?:language|lang|highlight|brush)[-:]([\w+#.-]+)$")


class Vault:
    """Text set aside while the HTML is parsed, each piece behind a token.

    Tokens are two private-use characters around a kind and a number: nothing
    in the parser or in markdownify strips, escapes or splits them (the
    control characters of the reader's markers count as whitespace to
    `str.strip`, so the markers are tokens too until the very end).
    """

    def __init__(self, text: str):
        self.open, self.close = next(
            (chr(c), chr(c + 1))
            for c in range(0xE000, 0xF8FE, 2)
            if chr(c) not in text and chr(c + 1) not in text
        )
        self.pieces: list[str] = []
        self.token = re.compile(f"(?m)(^[ \t]+)?{self.open}([A-Z])(\\d*){self.close}")

    def put(self, kind: str, piece: str) -> str:
        self.pieces.append(piece)
        return f"{self.open}{kind}{len(self.pieces) - 1}{self.close}"

    def marker(self, kind: str) -> str:
        return f"{self.open}{kind}{self.close}"

    def is_block(self, line: str) -> bool:
        """A line that is only a set-aside block of code."""
        match = self.token.fullmatch(line)
        return bool(match and match.group(2) == "F")

    def restore(self, text: str, kinds: str = "FCMQE", change=lambda piece: piece) -> str:
        """Put the pieces of `kinds` back (`change` each first); "Q" and "E" are the markers.

        A code block indented by markdownify (in a list item) is indented line by line.
        """

        def piece(match: re.Match) -> str:
            indent, kind, number = match.groups()
            if kind not in kinds:
                return match.group(0)
            if not number:
                return (indent or "") + {"Q": BOX_OPEN, "E": BOX_CLOSE}[kind]
            restored = change(self.pieces[int(number)])
            if indent and kind == "F":
                restored = restored.replace("\n", "\n" + indent)
            return (indent or "") + restored

        return self.token.sub(piece, text)


# --- Markdown set aside --------------------------------------------------


def mask_code(text: str, vault: Vault) -> str:
    """Set fenced and indented code blocks (whole lines) and inline code spans aside."""
    lines, out, index = text.split("\n"), [], 0
    while index < len(lines):
        line = lines[index]
        end = _code_block_end(lines, index)
        if end > index:
            out.append(vault.put("F", "\n".join(lines[index:end])))
            index = end
        else:
            out.append(_mask_spans(line, vault) if "`" in line else line)
            index += 1
    return "\n".join(out)


def _code_block_end(lines: list[str], index: int) -> int:
    """Where the fenced or indented code block starting at `index` ends (`index` if none does).

    An unclosed fence runs to the end, as in CommonMark; an indented block
    needs a blank line (or the start) before it.
    """
    line = lines[index]
    if fence := _FENCE.match(line):
        marker = fence.group(1)
        for end in range(index + 1, len(lines)):
            closing = lines[end].strip()
            if closing.startswith(marker) and not closing.strip(marker[0]):
                return end + 1
        return len(lines)
    starts_block = not index or not lines[index - 1].strip()
    if starts_block and _EXAMPLE.match(line):
        # Markup shown, not used: a form or a script written out in an answer
        # without a fence. It stays as it is, for the reader to fence as code.
        end = index
        while end < len(lines) and lines[end].strip():
            end += 1
        return end
    if not _indented(line) or not starts_block:
        return index
    end = index
    while end < len(lines) and (_indented(lines[end]) or not lines[end].strip()):
        end += 1
    while not lines[end - 1].strip():
        end -= 1
    return end


def _indented(line: str) -> bool:
    return line.expandtabs(4).startswith("    ") and bool(line.strip())


def _mask_spans(line: str, vault: Vault) -> str:
    """Set inline code aside: a run of backticks up to the next run of the same length."""
    runs = [(m.start(), m.end()) for m in re.finditer(r"`+", line)]
    following: list[int | None] = [None] * len(runs)
    last: dict[int, int] = {}
    for number in range(len(runs) - 1, -1, -1):
        length = runs[number][1] - runs[number][0]
        following[number], last[length] = last.get(length), number
    pieces, done, number = [], 0, 0
    while number < len(runs):
        closing = following[number]
        if closing is None:
            number += 1
            continue
        start, end = runs[number][0], runs[closing][1]
        pieces += [line[done:start], vault.put("C", line[start:end])]
        done, number = end, closing + 1
    return "".join([*pieces, line[done:]])


def has_html(masked: str) -> bool:
    return any(
        m.group(0) == "<!--" or m.group(2).lower() in _KNOWN_TAGS for m in _TAG.finditer(masked)
    )


class Tags:
    """One pass over the tags of a text before html.parser reads it.

    It adds the end tags HTML implies and html.parser does not know (`<li>a<li>b`
    would nest), caps the nesting (bs4 slows down and markdownify recurses with
    depth) and, in Markdown, sets the Markdown between the tags aside (`_text`).
    Comments, scripts and styles are passed over whole.
    """

    def __init__(self, vault: Vault, *, markdown: bool):
        self.vault, self.markdown = vault, markdown
        self.pieces: list[str] = []
        self.stack: list[str] = []
        self.count: dict[str, int] = {}

    def html(self, text: str) -> str:
        pos = at = 0
        while match := _TAG.search(text, at):
            name = (match.group(2) or "!--").lower()
            if name != "!--" and name not in _KNOWN_TAGS:
                at = match.start() + 1
                continue
            self._text(text[pos : match.start()])
            end = match.end()
            if name in _SKIPPED and not match.group(1):
                found = _SKIPPED[name].search(text, end)
                end = found.end() if found else len(text)
                unclosed = "-->" if name == "!--" and not found else ""
                self.pieces.append(text[match.start() : end] + unclosed)
            elif match.group(1):
                self._close(name)
                self.pieces.append(match.group(0))
            else:
                self._open(name, match.group(0))
            pos = at = end
        self._text(text[pos:])
        return "".join(self.pieces)

    def _open(self, name: str, tag: str) -> None:
        closes = _CLOSES.get(name, {"p"} if name in _CLOSES_P else set())
        while self.stack and (self.stack[-1] in closes or len(self.stack) >= _MAX_DEPTH):
            self.pieces.append(f"</{self.stack[-1]}>")
            self._pop()
        self.pieces.append(tag)
        if name not in _VOID and not tag.endswith("/>"):
            self.stack.append(name)
            self.count[name] = self.count.get(name, 0) + 1

    def _close(self, name: str) -> None:
        """An end tag closes the elements still open inside its element (html.parser agrees)."""
        if self.count.get(name):
            while self._pop() != name:
                pass

    def _pop(self) -> str:
        name = self.stack.pop()
        self.count[name] -= 1
        return name

    def _text(self, run: str) -> None:
        """Text between tags: Markdown (set aside verbatim) or HTML text (for the parser).

        Markdown is text outside any element, directly inside a wrapper (`<details>`,
        `<div>`), after a blank line (as on GitHub) or around a code block; text in
        `<pre>` and the like is always HTML.
        """
        if not self.markdown or not run.strip():
            self.pieces.append(run)
        elif not any(self.count.get(name) for name in _RAW) and (
            not self.stack
            or self.stack[-1] in _WRAPPERS
            or _BLANK_LINE.search(run)
            or any(self.vault.is_block(line) for line in run.split("\n"))
        ):
            self.pieces.append(self.vault.put("M", run))
        else:
            self.pieces.append(run.replace("<", "&lt;"))


# --- Markdown to HTML and back ----------------------------------------------


class _Converter(MarkdownConverter):
    """markdownify writing the reader's Markdown: ATX headings, `-` bullets, no escapes.

    Escapes would end up in question titles (`What is \\_\\_init\\_\\_?`); the
    output is read like a hand-written Markdown file, which has none either.
    """

    def __init__(self, vault: Vault):
        super().__init__(
            heading_style="atx",
            bullets="-",
            escape_asterisks=False,
            escape_underscores=False,
            escape_misc=False,
            code_language_callback=_code_language,
            table_infer_header=True,
        )
        self.vault = vault

    convert_center = MarkdownConverter.convert_div

    def convert_br(self, el, text, parent_tags):
        return " " if "_inline" in parent_tags else "\n"

    def convert_hr(self, el, text, parent_tags):
        return "\n\n"

    def convert_img(self, el, text, parent_tags):
        return ""

    def convert_pre(self, el, text, parent_tags):
        """Fenced, and set aside: blank lines in code survive the tidying of blank lines."""
        fenced = super().convert_pre(el, text, parent_tags).strip("\n")
        return f"\n\n{self.vault.put('F', fenced)}\n\n" if fenced else ""

    def convert_summary(self, el, text, parent_tags):
        return ""  # convert_details reads it

    def convert_a(self, el, text, parent_tags):
        """Links to the page itself (anchors, "¶" permalinks) and links in headings: their text."""
        href = str(el.get("href") or "")
        if not href or href.startswith(("#", "javascript:")) or parent_tags & _HEADINGS:
            return text if re.search(r"[^\W_]", text) else ""
        return super().convert_a(el, text, parent_tags)

    def convert_details(self, el, text, parent_tags):
        """A question and its answer between the markers, or one of the cases `prepare` lists."""
        summary = _own_summary(el)
        title = self._title(summary, parent_tags) if summary else ""
        answer = _trim_blank_lines(self.vault.restore(text, "M", change=self._dedent))
        outer = ancestor(el, {"details"})
        if outer is not None and _is_question(_own_summary(outer)):  # a hint inside an answer
            return f"\n\n**{title}**\n\n{answer}\n\n" if title else f"\n\n{answer}\n\n"
        if title and not _is_question(summary) and (el.find("details") or _asks(answer)):
            return f"\n\n## {title}\n\n{answer}\n\n"  # a group of questions
        if not title or _SPOILER.match(self.vault.restore(title)):
            return f"\n\n{answer}\n\n"
        body = f"{answer}\n" if answer else ""
        return f"\n\n{self.vault.marker('Q')} {title}\n{body}{self.vault.marker('E')}\n\n"

    def _dedent(self, piece: str) -> str:
        """Markdown indented inside `<details>`, without the indentation its lines share.

        The first line goes on from a tag; code blocks set aside keep theirs.
        """
        first, *lines = piece.split("\n")
        widths = [
            len(line) - len(line.lstrip(" \t"))
            for line in lines
            if line.strip(" \t") and not self.vault.is_block(line)
        ]
        cut = min(widths, default=0)
        lines = [line[cut:] if not line[:cut].strip(" \t") else line for line in lines]
        return "\n".join([first, *lines])

    def _title(self, summary: Tag, parent_tags) -> str:
        """The summary as one line: no tags, no emphasis, inline code in backticks."""
        tags = {*parent_tags, "summary", "_inline"}
        text = "".join(self.process_element(child, parent_tags=tags) for child in summary.children)
        return without_emphasis(strip_emphasis(" ".join(self.vault.restore(text, "M").split())))


def _own_summary(details: Tag) -> Tag | None:
    """The `<summary>` of this `<details>`, not of one inside it."""
    summary = details.find("summary")
    return summary if summary is not None and ancestor(summary, {"details"}) is details else None


def _is_question(summary: Tag | None) -> bool:
    if summary is None:
        return False
    text = strip_emphasis(summary.get_text(" ").strip())
    return bool(
        re.search(r"\?[\s*_]*$", text) or _NUMBERED_OR_PREFIXED.match(text) or PROMPT.match(text)
    )


def _asks(answer: str) -> bool:
    """Two or more lines that ask something: the block holds questions, not an answer."""
    return len(_QUESTION_LINE.findall(answer)) >= 2


def _code_language(pre: Tag) -> str:
    """The language a highlighted `<pre>` names: language-python, lang-sql, data-lang..."""
    for node in (pre, pre.find("code"), pre.parent):
        if not isinstance(node, Tag):
            continue
        for name in node.get("class", []):
            if match := _CODE_CLASS.match(name):
                return match.group(1).lower()
        if language := node.get("data-lang") or node.get("data-language"):
            return str(language).lower()
    return ""


def convert(node: Tag, vault: Vault) -> str:
    """Markdown for a parsed tree; its plain text if it nests too deep for markdownify."""
    try:
        return _Converter(vault).process_tag(node, parent_tags=set())
    except RecursionError:
        return node.get_text()


def finish(markdown: str, vault: Vault) -> str:
    """The converted text with one blank line at most between blocks, and the code put back.

    Dropped elements leave blank lines behind; blank lines inside code are set aside.
    """
    markdown = re.sub(r"\n(?:[ \t]*\n){2,}", "\n\n", vault.restore(markdown, "M"))
    return vault.restore(_trim_blank_lines(markdown))


def _trim_blank_lines(text: str) -> str:
    return re.sub(r"^(?:[ \t]*\n)+", "", text).rstrip(" \t\n")


def ancestor(node, names: frozenset[str] | set[str]) -> Tag | None:
    """The nearest enclosing element named in `names` (bs4's find_parent, minus its filters)."""
    return next((parent for parent in node.parents if parent.name in names), None)
