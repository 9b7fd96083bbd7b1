"""The plain words of rendered Markdown, as the index stores them."""

from html.parser import HTMLParser


class _TextExtractor(HTMLParser):
    BREAKS = {
        "blockquote", "br", "dd", "div", "dt", "h1", "h2", "h3", "h4", "h5", "h6",
        "hr", "li", "p", "pre", "td", "th", "tr",
    }  # fmt: skip

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BREAKS:
            self.parts.append(" ")
        elif tag == "img":
            self.parts.append(" {} ".format(dict(attrs).get("alt") or ""))

    def handle_endtag(self, tag):
        if tag in self.BREAKS:
            self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(html: str) -> str:
    """The words of rendered Markdown, without its markup, on one line."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    return " ".join("".join(extractor.parts).split())
