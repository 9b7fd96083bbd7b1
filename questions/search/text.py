"""The plain words of rendered Markdown, as the index stores them."""

from html.parser import HTMLParser

# A code block in the stored text: its lines as written, between fences on lines
# of their own. Neither database's tokenizer reads backticks as part of a word,
# and snippets show the block as code (`questions.search.snippets`).
CODE_FENCE = "```"
_CODE_START = "\x00code\x00"
_CODE_END = "\x00/code\x00"


class _TextExtractor(HTMLParser):
    BREAKS = {
        "blockquote", "br", "dd", "div", "dt", "h1", "h2", "h3", "h4", "h5", "h6",
        "hr", "li", "p", "pre", "td", "th", "tr",
    }  # fmt: skip

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag == "pre":
            self.parts.append(_CODE_START)
        elif tag in self.BREAKS:
            self.parts.append(" ")
        elif tag == "img":
            self.parts.append(" {} ".format(dict(attrs).get("alt") or ""))

    def handle_endtag(self, tag):
        if tag == "pre":
            self.parts.append(_CODE_END)
        elif tag in self.BREAKS:
            self.parts.append(" ")

    def handle_data(self, data):
        # Sanitised HTML holds no NUL, so the markers above cannot be forged.
        self.parts.append(data.replace("\x00", ""))


def html_to_text(html: str) -> str:
    """The words of rendered Markdown, without its markup: prose on one line, code blocks fenced."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    pieces = []  # (is_code, text)
    for chunk in "".join(extractor.parts).split(_CODE_START):
        code, _, prose = chunk.rpartition(_CODE_END)
        code = "\n".join(line.rstrip() for line in code.replace(_CODE_END, "").split("\n"))
        if code := code.strip("\n"):
            pieces.append((True, f"{CODE_FENCE}\n{code}\n{CODE_FENCE}"))
        if prose := " ".join(prose.split()):
            pieces.append((False, prose))
    text = ""
    for index, (is_code, piece) in enumerate(pieces):
        if index:
            text += "\n" if is_code or pieces[index - 1][0] else " "
        text += piece
    return text
