"""HTML in articles: telling a page from Markdown, and the furniture taken out of either.

Two kinds of text carry HTML. A web page (an .html file, or page source pasted
in) is parsed whole: its `<article>` or `<main>` is kept, page furniture
(navigation, headers and footers, sidebars, cookie banners, share bars,
language switchers, forms, scripts) is dropped, and the rest is written as
Markdown. A Markdown file (a GitHub README) keeps its Markdown byte for byte
and only its HTML changes: `<details>` blocks become marked-out questions (see
`prepare`), layout wrappers (`<div align="center">`, `<p>`, `<br>`) are
unwrapped, and banners, badges, navigation lines, `<hr>` and comments go.

This module is the entry point (`prepare`), tells the two kinds apart, runs
the pass for each (for a page: choosing its article and rescuing its title)
and drops the furniture (`_Cleaner`, and badge lines in Markdown). Parsing is
BeautifulSoup's ("html.parser", no C dependency); keeping the Markdown and the
code out of the parser's reach and writing Markdown back is `html_markdown`'s.
"""

import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.element import PreformattedString

from .html_markdown import Tags, Vault, ancestor, convert, finish, has_html, mask_code
from .parsed import LeftOut
from .patterns import BOX_CLOSE, BOX_OPEN, LANGUAGE_NAMES

# The markers `prepare` writes around a question are part of what this module offers.
__all__ = ["BOX_CLOSE", "BOX_OPEN", "prepare"]


def _names(words: str) -> frozenset[str]:
    return frozenset(words.split())


_SILENT = _names("script style template head meta link title")
_MEDIA = _names("img picture svg video audio canvas object embed")
_CONTROLS = _names("nav aside form iframe noscript select input textarea dialog")
_ROLES = _names("navigation contentinfo complementary search dialog alertdialog menu")
_LINE_TAGS = _names("p div sub sup center small span")
_GROUP_TAGS = _names("ul ol div p span section")
_BR = re.compile(r"</?br\s*/?>", re.IGNORECASE)
_IMAGE = r"!\[[^\]\n]*\]\([^)\n]*\)"
_IMAGE_LINE = re.compile(rf"^[ \t]*(?:(?:\[{_IMAGE}\]\([^)\n]*\)|{_IMAGE})[ \t]*)+$", re.M)
_MD_LINK = re.compile(r"!?\[[^\]\n]*\]\(([^)\s]*)\)")
_LITTER_ATTR = re.compile(
    r"(?:^|[\s_-])(?:side|top|main|site|sub|mobile|global)?(?:nav|navbar|navigation|menu"
    r"|sidebar|footer|breadcrumbs?|share|sharing|social|comments?|newsletter|adverts?"
    r"|advertisement|advertising|ads?|adsbygoogle|sponsored|cookies?|consent|gdpr|subscribe|promo"
    r"|signup|sign-up|optin|opt-in|cta|lead-?magnet"
    r"|related|popup|modal|skip|lang(?:uages?)?-?(?:switcher|selector|picker|menu|list))"
    r"(?=$|[\s_-])",
    re.IGNORECASE,
)
_LANGUAGES = frozenset(name.replace("-", " ") for name in LANGUAGE_NAMES)
_SOCIAL = re.compile(
    r"^(?:https?:)?//(?:www\.)?(?:twitter|x|facebook|linkedin|reddit|pinterest|t|wa|telegram"
    r"|news\.ycombinator|api\.whatsapp)\.(?:com|me|org)/|^mailto:\?",
    re.IGNORECASE,
)


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
    vault = Vault(text)
    soup = BeautifulSoup(Tags(vault, markdown=False).html(text), "html.parser")
    root = _choose_root(soup)
    _rescue_title(soup, root)
    cleaner = _Cleaner(vault, root, page=True)
    cleaner.clean(soup)
    cleaner.drop_outside(root)
    return finish(convert(root, vault), vault) + "\n", cleaner.left_out()


def _choose_root(soup: BeautifulSoup) -> Tag:
    """The page's one article (one that holds most of the articles' text), its main, its body."""
    tags = [node for node in soup.descendants if isinstance(node, Tag)]  # one walk, no filters
    articles = [a for a in tags if a.name == "article" and not ancestor(a, {"article", "aside"})]
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
    if len(outside) == 1 and not ancestor(outside[0], {"nav", "footer", "aside"}):
        root.insert(0, outside[0].extract())


# --- Markdown files with HTML in them ---------------------------------------


def _markdown_with_html(text: str) -> tuple[str, list[LeftOut]]:
    """Convert the HTML between the Markdown, leaving the Markdown and all code as they are."""
    vault = Vault(text)
    masked, left_out = _drop_image_lines(mask_code(text, vault), vault)
    if not has_html(masked):
        return (vault.restore(masked) if left_out else text), left_out
    html = Tags(vault, markdown=True).html(_break_lines(masked))
    soup = BeautifulSoup(html, "html.parser")
    cleaner = _Cleaner(vault, None, page=False)
    cleaner.clean(soup)
    markdown = finish(convert(soup, vault), vault) + ("\n" if text.endswith("\n") else "")
    return markdown, left_out + cleaner.left_out()


def _drop_image_lines(masked: str, vault: Vault) -> tuple[str, list[LeftOut]]:
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


# --- Page furniture ---------------------------------------------------------


class _Cleaner:
    """Takes the furniture out of a parsed document, noting what it took."""

    def __init__(self, vault: Vault, root: Tag | None, *, page: bool):
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
            box = ancestor(link, _LINE_TAGS)
            if box is not None:
                self.lines.add(id(box))
            group = ancestor(link, _GROUP_TAGS)
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


def _visible(node) -> str:
    """The text a reader of the page saw in `node` (images count with their alt text)."""
    if isinstance(node, NavigableString):
        return "" if isinstance(node, PreformattedString) else str(node)  # comments, doctypes
    images = [node] if node.name == "img" else node.find_all("img")
    text = node.get_text(" ")
    return text if text.strip() else " ".join(str(img.get("alt", "")) for img in images)
