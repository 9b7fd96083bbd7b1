"""The one way Markdown becomes HTML, for the public pages and the editor preview.

Everything is sanitised with an allow-list, editors' text included: accounts get
compromised and imported articles carry foreign HTML. Templates may mark the
output of `render_markdown` safe, and nothing else.
"""

from html import escape

import markdown
import nh3

from .markdown_limits import BoundedBlocksExtension, LinearLinksExtension

EXTENSIONS = ["fenced_code", "codehilite", "tables", "sane_lists", "smarty"]
EXTENSION_CONFIGS = {
    "codehilite": {"css_class": "highlight", "guess_lang": False, "linenums": False},
    "smarty": {"smart_quotes": False},
}

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre",
    "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "code": {"class"},
    "div": {"class"},
    "span": {"class"},
    "pre": {"class"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# The longest Markdown value a form accepts (about 15,000 words): rendering is
# linear in the length (see markdown_limits), and this bounds the time of one.
MAX_MARKDOWN_LENGTH = 100_000


def render_markdown(text: str) -> str:
    """Render Markdown to sanitised HTML with highlighted code blocks."""
    if not text:
        return ""
    try:
        html = markdown.markdown(
            text,
            extensions=[*EXTENSIONS, LinearLinksExtension(), BoundedBlocksExtension()],
            extension_configs=EXTENSION_CONFIGS,
            output_format="html",
        )
    except RecursionError:
        # Nesting deeper than Python recurses (`1. 1. 1. ...` ten thousand times):
        # the text is shown as it was written.
        html = "".join(f"<p>{escape(part)}</p>" for part in text.split("\n\n") if part.strip())
    return sanitise_html(html)


def sanitise_html(html: str) -> str:
    """Keep only allow-listed tags, attributes and URL schemes."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        # A code block wider than a phone scrolls sideways; keyboard users can scroll
        # it only if it takes focus. Set here, so no other value survives sanitising.
        set_tag_attribute_values={"pre": {"tabindex": "0"}},
        strip_comments=True,
    )
