"""HTML in articles: whole pages converted to Markdown, layout markup in Markdown taken out.

Two kinds of text carry HTML. A web page (an .html file, or page source pasted
in) is parsed whole: its `<article>` or `<main>` is kept, page furniture
(navigation, headers and footers, sidebars, cookie banners, share bars,
language switchers, forms, scripts) is dropped, and markdownify writes the rest
as Markdown. A Markdown file (a GitHub README) keeps its Markdown byte for byte
and only its HTML changes: `<details>` blocks become marked-out questions (see
`prepare`), layout wrappers (`<div align="center">`, `<p>`, `<br>`) are
unwrapped, and banners, badges, navigation lines, `<hr>` and comments go.

Parsing is BeautifulSoup's ("html.parser", no C dependency) and writing
markdownify's, both maintained libraries. What this module does itself is keep
the Markdown out of the parser's reach: fenced, indented and inline code, and
the Markdown text between tags, are set aside behind tokens of private-use
characters before the text is parsed, and put back verbatim afterwards, so
HTML shown in code samples is never touched. Its one pass over the tags
(`_Tags`) only finds where they are: to set that Markdown aside, and to add the
end tags HTML implies, which html.parser would otherwise nest without end.
"""

import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.element import PreformattedString
from markdownify import MarkdownConverter

from .parsed import LeftOut
from .patterns import BOX_CLOSE, BOX_OPEN
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
_SILENT = _names("script style template head meta link title")
_MEDIA = _names("img picture svg video audio canvas object embed")
_CONTROLS = _names("nav aside form iframe noscript select input textarea dialog")
_ROLES = _names("navigation contentinfo complementary search dialog alertdialog menu")
_LINE_TAGS = _names("p div sub sup center small span")
_GROUP_TAGS = _names("ul ol div p span section")
_HEADINGS = frozenset(f"h{level}" for level in range(1, 7))

_TAG = re.compile(r"<!--|<(/?)([A-Za-z][A-Za-z0-9]*)(?=[\s/>])[^<>]*>")
_SKIPPED = {
    "!--": re.compile("-->"),
    "script": re.compile(r"</script\s*>", re.IGNORECASE),
    "style": re.compile(r"</style\s*>", re.IGNORECASE),
}
_MAX_DEPTH = 64
_BR = re.compile(r"</?br\s*/?>", re.IGNORECASE)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_IMAGE = r"!\[[^\]\n]*\]\([^)\n]*\)"
_IMAGE_LINE = re.compile(rf"^[ \t]*(?:(?:\[{_IMAGE}\]\([^)\n]*\)|{_IMAGE})[ \t]*)+$", re.M)
_MD_LINK = re.compile(r"!?\[[^\]\n]*\]\(([^)\s]*)\)")
_LITTER_ATTR = re.compile(
    r"(?:^|[\s_-])(?:side|top|main|site|sub|mobile|global)?(?:nav|navbar|navigation|menu"
    r"|sidebar|footer|breadcrumbs?|share|sharing|social|comments?|newsletter|adverts?"
    r"|advertisement|advertising|ads?|adsbygoogle|sponsored|cookies?|consent|gdpr|subscribe|promo"
    r"|related|popup|modal|skip|lang(?:uages?)?-?(?:switcher|selector|picker|menu|list))"
    r"(?=$|[\s_-])",
    re.IGNORECASE,
)
_LANGUAGES = _names(
    "english deutsch español espanol français francais italiano português portugues русский "
    "українська polski nederlands türkçe svenska 日本語 中文 简体中文 繁體中文 한국어 العربية "
    "हिन्दी en de es fr it pt ru uk pl nl tr sv ja zh ko ar hi"
)
_SOCIAL = re.compile(
    r"^(?:https?:)?//(?:www\.)?(?:twitter|x|facebook|linkedin|reddit|pinterest|t|wa|telegram"
    r"|news\.ycombinator|api\.whatsapp)\.(?:com|me|org)/|^mailto:\?",
    re.IGNORECASE,
)
# A summary that only says "open me": the question is the heading above the block.
_SPOILER = re.compile(
    r"^(?:click\s+(?:here\s+)?(?:to\s+)?)?(?:(?:show|view|see|reveal|expand|toggle|read)\s+)?"
    r"(?:the\s+)?(?:answer|solution|explanation|hint|details|more|code|example)?s?\W*$",
    re.IGNORECASE,
)
_QUESTION = re.compile(
    r"\?[\s*_]*$|^(?:\d+[.)]|q\d*[.:)]|question\b|(?:what|how|why|when|where|which|who|explain"
    r"|describe|compare|define|list|name|give|is|are|can|does|do|should|would)\b)",
    re.IGNORECASE,
)
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


def prepare(text: str) -> tuple[str, list[LeftOut]]:
    """The text as Markdown for the reader, and the furniture left out of it.

    A `<details>` block becomes the question it holds, for the reader to take
    whole, with a blank line before and after:

        \\x0eQ 12. What is X?
        <the answer as Markdown>
        \\x0eE

    The title is the summary without tags and emphasis (inline code stays in
    backticks). Three kinds of `<details>` are not questions: a spoiler ("Show
    answer", under a question heading) leaves its answer; one inside a question's
    answer (a hint) stays in that answer, its summary in bold; one whose summary
    asks nothing and which holds questions becomes a `##` section heading.

    Text without HTML (and without badge lines) comes back as it is. Each
    dropped block with visible text is a `LeftOut("litter", ...)`; its `chars`
    counts that visible text (an image's alt text), not the markup around it.
    """
    if "<" not in text and "![" not in text:
        return text, []
    if _is_page(text):
        return _page_to_markdown(text)
    return _markdown_with_html(text)


class _Vault:
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


# --- Telling a page from a Markdown file ------------------------------------


def _is_page(text: str) -> bool:
    """A whole page or a fragment of page source, rather than Markdown with some HTML in it."""
    head = text[:4096].lstrip().lower()
    while head.startswith("<!--") and (end := head.find("-->")) >= 0:
        head = head[end + 3 :].lstrip()
    if head.startswith(("<!doctype html", "<html", "<?xml")):
        return True
    if not head.startswith("<"):
        return False
    sample = text[:20000]
    if re.search(r"<(?:body|head)[\s>]", sample, re.IGNORECASE):
        return True
    if "<details" in sample.lower() or re.search(r"^(?:#{1,6}\s|```|~~~|\[?!\[)", sample, re.M):
        return False
    lines = [line for line in sample.split("\n") if line.strip()]
    tagged = sum(line.lstrip().startswith("<") for line in lines)
    blocks = re.findall(r"<(?:p|h[1-6]|div|article|section|ul|ol|pre|table)[\s>]", sample, re.I)
    return tagged * 2 >= len(lines) and len(blocks) >= 3


# --- Whole pages -------------------------------------------------------------


def _page_to_markdown(text: str) -> tuple[str, list[LeftOut]]:
    """The page's article as Markdown; its navigation, banners and the rest left out."""
    vault = _Vault(text)
    soup = BeautifulSoup(_Tags(vault, markdown=False).html(text), "html.parser")
    root = _choose_root(soup)
    _rescue_title(soup, root)
    cleaner = _Cleaner(vault, root, page=True)
    cleaner.clean(soup)
    cleaner.drop_outside(root)
    return _finish(_convert(root, vault), vault) + "\n", cleaner.left_out()


def _choose_root(soup: BeautifulSoup) -> Tag:
    """The page's one article (one that holds most of the articles' text), its main, its body."""
    tags = [node for node in soup.descendants if isinstance(node, Tag)]  # one walk, no filters
    articles = [a for a in tags if a.name == "article" and not _ancestor(a, {"article", "aside"})]
    if articles:
        sizes = [len(article.get_text()) for article in articles]
        best = max(range(len(articles)), key=sizes.__getitem__)
        if sizes[best] * 5 >= sum(sizes) * 3:
            return articles[best]
    mains = [tag for tag in tags if tag.name == "main" or tag.get("role") == "main"]
    return mains[0] if mains else soup.body or soup


def _rescue_title(soup: BeautifulSoup, root: Tag) -> None:
    """Move the page's only `<h1>` into an article that has none: it is the article's title.

    Pages often put the title in the page header, next to the navigation that goes.
    """
    if root.name not in ("article", "main") or root.find("h1"):
        return
    outside = [h1 for h1 in soup.find_all("h1") if not any(p is root for p in h1.parents)]
    if len(outside) == 1 and not _ancestor(outside[0], {"nav", "footer", "aside"}):
        root.insert(0, outside[0].extract())


class _Cleaner:
    """Takes the furniture out of a parsed document, noting what it took."""

    def __init__(self, vault: _Vault, root: Tag | None, *, page: bool):
        self.vault, self.page = vault, page
        self.protected = set() if root is None else {id(root), *map(id, root.parents)}
        self.root_chars = len(root.get_text()) if root is not None else 0
        self.found: list[tuple[tuple[int, int], LeftOut]] = []
        self.groups: set[int] = set()
        self.lines: set[int] = set()

    def left_out(self) -> list[LeftOut]:
        return [item for _, item in sorted(self.found, key=lambda found: found[0])]

    def clean(self, soup: BeautifulSoup) -> None:
        """Walk the tree once, dropping furniture; code is neither walked nor dropped."""
        self._find_link_boxes(soup)
        todo = [soup]
        while todo:
            for child in list(todo.pop().children):
                if isinstance(child, Comment):
                    if not self.page:  # a README's comments are notes; a page's are build noise
                        self._drop(child, str(child))
                    else:
                        child.extract()
                elif not isinstance(child, Tag):
                    continue
                elif child.name in _SILENT:
                    child.decompose()
                elif child.name in ("pre", "code"):
                    for button in child.find_all("button"):  # "Copy"
                        button.decompose()
                elif id(child) not in self.protected and self._is_litter(child):
                    self._drop(child, _visible(child))
                else:
                    todo.append(child)

    def drop_outside(self, root: Tag) -> None:
        """Drop what is left around the article, noting the parts with text."""
        node = root
        while node.parent is not None:
            for sibling in list(node.parent.children):
                if sibling is not node:
                    self._drop(sibling, _visible(sibling))
            node = node.parent

    def _drop(self, node, text: str) -> None:
        text = " ".join(self.vault.restore(text).split())
        if text:
            place = node if isinstance(node, Tag) else node.parent
            where = (place.sourceline or 0, place.sourcepos or 0) if place else (0, 0)
            self.found.append((where, LeftOut("litter", text[:80], len(text))))
        node.extract()

    def _is_litter(self, el: Tag) -> bool:
        name, role = el.name, str(el.get("role") or "").lower()
        if name in _MEDIA or name in _CONTROLS or name == "footer" or role in _ROLES:
            return True
        if name == "a":  # a badge: a link around images only
            return el.find("img") is not None and not el.get_text(strip=True)
        if name == "button":
            text = el.get_text(" ", strip=True)
            return len(text) < 40 and not text.endswith("?")
        if name == "header" or role == "banner":
            return el.find(["h1", "h2"]) is None
        if id(el) in self.groups or (id(el) in self.lines and self._is_link_line(el)):
            return True
        attrs = " ".join([*el.get("class", []), str(el.get("id", "")), el.get("aria-label", "")])
        return bool(_LITTER_ATTR.search(attrs)) and not self._holds_content(el)

    def _holds_content(self, el: Tag) -> bool:
        """Most of the page with its headings: a layout wrapper with an unlucky class name."""
        return el.find(["h1", "h2"]) is not None and len(el.get_text()) * 2 > self.root_chars

    def _find_link_boxes(self, soup: BeautifulSoup) -> None:
        """Note the elements around links: candidate navigation lines and link groups.

        Looking from the links up keeps this linear; most elements hold no link.
        """
        markdown = re.compile(rf"\]\(|{self.vault.open}M")  # a Markdown link, or Markdown set aside
        for string in soup.find_all(string=markdown):
            if string.parent is not None and string.parent.name in _LINE_TAGS:
                self.lines.add(id(string.parent))
        seen: set[int] = set()
        for link in soup.find_all("a"):
            box = _ancestor(link, _LINE_TAGS)
            if box is not None:
                self.lines.add(id(box))
            group = _ancestor(link, _GROUP_TAGS)
            if group is None or id(group) in seen or not _is_special_link(link):
                continue
            seen.add(id(group))
            links = group.find_all("a")
            special = sum(map(_is_special_link, links))
            if len(links) >= 2 and special * 3 >= len(links) * 2 and self._only_links(group, 20):
                self.groups.add(id(group))

    def _is_link_line(self, el: Tag) -> bool:
        """Links and separators only ("Home · Docs", "⬆ Back to top"): a navigation line."""
        if not self._only_links(el, 0):
            return False
        hrefs = [str(a.get("href", "")) for a in el.find_all("a")]
        hrefs += _MD_LINK.findall(self.vault.restore(el.get_text(" ")))
        return len(hrefs) >= 2 or el.name in ("sub", "sup") or all(h[:1] == "#" for h in hrefs)

    def _only_links(self, el: Tag, allowance: int) -> bool:
        """Whether `el` has a link and, outside links, at most `allowance` letters and digits.

        String by string, to stop at the first words of a paragraph that is content.
        """
        links = 0
        for node in el.descendants:
            if not isinstance(node, NavigableString) or isinstance(node, PreformattedString):
                continue
            if _in_link(node, el):
                links += 1
                continue
            text = self.vault.restore(str(node))
            links += len(_MD_LINK.findall(text))
            allowance -= len(re.findall(r"[^\W_]", _MD_LINK.sub(" ", text)))
            if allowance < 0:
                return False
        return links > 0


def _is_special_link(link: Tag) -> bool:
    """A link to the page in another language, or to a social network."""
    text = link.get_text(strip=True).lower()
    return bool(link.get("hreflang") or link.get("lang") or text in _LANGUAGES) or bool(
        _SOCIAL.search(str(link.get("href", "")))
    )


def _in_link(node, box: Tag) -> bool:
    """Whether `node` sits in a link inside `box`."""
    for parent in node.parents:
        if parent is box:
            return False
        if parent.name == "a":
            return True
    return False


def _ancestor(node, names: frozenset[str] | set[str]) -> Tag | None:
    """The nearest enclosing element named in `names` (bs4's find_parent, minus its filters)."""
    return next((parent for parent in node.parents if parent.name in names), None)


def _visible(node) -> str:
    """The text a reader of the page saw in `node` (images count with their alt text)."""
    if isinstance(node, NavigableString):
        return "" if isinstance(node, PreformattedString) else str(node)  # comments, doctypes
    images = [node] if node.name == "img" else node.find_all("img")
    text = node.get_text(" ")
    return text if text.strip() else " ".join(str(img.get("alt", "")) for img in images)


# --- Markdown to HTML and back ----------------------------------------------


class _Converter(MarkdownConverter):
    """markdownify writing the reader's Markdown: ATX headings, `-` bullets, no escapes.

    Escapes would end up in question titles (`What is \\_\\_init\\_\\_?`); the
    output is read like a hand-written Markdown file, which has none either.
    """

    def __init__(self, vault: _Vault):
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
        outer = _ancestor(el, {"details"})
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
    return summary if summary is not None and _ancestor(summary, {"details"}) is details else None


def _is_question(summary: Tag | None) -> bool:
    return summary is not None and bool(_QUESTION.search(summary.get_text(" ").strip()))


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


def _convert(node: Tag, vault: _Vault) -> str:
    """Markdown for a parsed tree; its plain text if it nests too deep for markdownify."""
    try:
        return _Converter(vault).process_tag(node, parent_tags=set())
    except RecursionError:
        return node.get_text()


def _finish(markdown: str, vault: _Vault) -> str:
    """The converted text with one blank line at most between blocks, and the code put back.

    Dropped elements leave blank lines behind; blank lines inside code are set aside.
    """
    markdown = re.sub(r"\n(?:[ \t]*\n){2,}", "\n\n", vault.restore(markdown, "M"))
    return vault.restore(_trim_blank_lines(markdown))


def _trim_blank_lines(text: str) -> str:
    return re.sub(r"^(?:[ \t]*\n)+", "", text).rstrip(" \t\n")


# --- Markdown files with HTML in them ---------------------------------------


def _markdown_with_html(text: str) -> tuple[str, list[LeftOut]]:
    """Convert the HTML between the Markdown, leaving the Markdown and all code as they are."""
    vault = _Vault(text)
    masked, left_out = _drop_image_lines(_mask_code(text, vault), vault)
    if not _has_html(masked):
        return (vault.restore(masked) if left_out else text), left_out
    html = _Tags(vault, markdown=True).html(_break_lines(masked))
    soup = BeautifulSoup(html, "html.parser")
    cleaner = _Cleaner(vault, None, page=False)
    cleaner.clean(soup)
    markdown = _finish(_convert(soup, vault), vault) + ("\n" if text.endswith("\n") else "")
    return markdown, left_out + cleaner.left_out()


def _mask_code(text: str, vault: _Vault) -> str:
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


def _mask_spans(line: str, vault: _Vault) -> str:
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


def _drop_image_lines(masked: str, vault: _Vault) -> tuple[str, list[LeftOut]]:
    """Drop lines of badges (linked or shields images) and images above the first section."""
    first = re.search(r"^(?:#{2,6}\s|<details)", masked, re.M)
    top = first.start() if first else len(masked)
    left_out: list[LeftOut] = []

    def drop(match: re.Match) -> str:
        line = match.group(0)
        if not ("[![" in line or "badge" in line.lower() or match.start() < top):
            return line
        text = " ".join(" ".join(re.findall(r"!\[([^\]\n]*)\]", vault.restore(line))).split())
        if text:
            left_out.append(LeftOut("litter", text[:80], len(text)))
        return ""

    return _IMAGE_LINE.sub(drop, masked), left_out


def _has_html(masked: str) -> bool:
    return any(
        m.group(0) == "<!--" or m.group(2).lower() in _KNOWN_TAGS for m in _TAG.finditer(masked)
    )


def _break_lines(masked: str) -> str:
    """`<br>` at the end of a line (or alone on one) is nothing, inside a line a line break.

    In a pipe table's row it is a space: a line break would split the row.
    """
    lines = masked.split("\n")
    for number, line in enumerate(lines):
        breaks = list(_BR.finditer(line)) if "<" in line else []
        if not breaks:
            continue
        end = len(line.rstrip(" \t"))
        for found in reversed(breaks):  # the line's trailing breaks
            if line[found.end() : end].strip(" \t"):
                break
            end = found.start()
        joiner = " " if line.lstrip().startswith("|") else "\n"
        lines[number] = _BR.sub(joiner, line[:end].rstrip(" \t") if end < len(line) else line)
    return "\n".join(lines)


class _Tags:
    """One pass over the tags of a text before html.parser reads it.

    It adds the end tags HTML implies and html.parser does not know (`<li>a<li>b`
    would nest), caps the nesting (bs4 slows down and markdownify recurses with
    depth) and, in Markdown, sets the Markdown between the tags aside (`_text`).
    Comments, scripts and styles are passed over whole.
    """

    def __init__(self, vault: _Vault, *, markdown: bool):
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
