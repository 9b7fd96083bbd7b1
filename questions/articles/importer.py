"""The importer's one entry point, `read_article(bytes)`, and the names callers use.

Pure functions from bytes to dataclasses: nothing before `service` touches the
database. The package, one concern per module, in the order a file goes through:

    decoding     bytes to normalised text: encodings, binary files, the 1 MB limit
    html         web pages and README markup to Markdown (BeautifulSoup + markdownify)
    blocks       lines to blocks: headings, items, paragraphs, code, tables, boxes
    patterns     every word list and pattern, each written once
    kinds        what one block can be: a question, a title, litter, a label
    reader       the grammar: what each kind of block does in each state
    assemble     the article: topics, levels, rendered answers, frameworks
    titles       question titles and topic names out of headings
    frameworks   the framework a question is about (its docstring has the rules)
    render       blocks back to Markdown
    parsed       the dataclasses and limits the service and the admin read
    preview      the facts a dry run shows; report: what an import did
    service      writing articles into the database (one transaction)
    admin_views  the admin's upload, preview and confirm pages

Reading
    A file is at most `MAX_ARTICLE_BYTES` (1 MB) and yields at most
    `MAX_QUESTIONS` (500) questions. It is UTF-8 (with or without a BOM),
    UTF-16/UTF-32 (with a BOM, or UTF-16 without one when its zero bytes give it
    away), or Windows-1252 (when its bytes only make sense so). Empty files,
    binary files and undecodable bytes are refused with an `ArticleError` that
    says why. Line endings, odd spaces and curly quotes are normalised: web
    pages curl the quotes in code samples too, and straight quotes make
    re-imports match.

HTML
    A whole page (an .html file or pasted source) keeps its `<article>` or
    `<main>`; navigation, headers, footers, sidebars, forms, cookie banners,
    share bars and language switchers go, and the rest is written as Markdown.
    In Markdown, `<details><summary>` blocks become whole questions (a box: its
    answer is everything inside, lists and headings included), layout markup
    (`<div align>`, `<p>`, `<br>`, badges, banners, `<hr>`, comments) goes, and
    markup shown as an example (a form, a template) stays, to be fenced as code.

Questions
    - a box (see HTML);
    - a numbered line, `12. What ...?` or `12) ...`, that ends with a question
      mark or starts with an interview prompt ("Explain", "What", ...), or that
      states one ("Difference between X and Y", "Types of ...") as the next of
      the article's run of numbered questions; `4a.` and `4b.` are questions of
      their own. A numbered line that continues the current answer's steps is a step;
    - a prefixed line, `Q: ...`, `Q12. ...` or `Question 3: ...`;
    - a Markdown heading (`##`, `###`, underlined, or `###` alone with its text
      on the next line) that ends with a question mark, is numbered or prefixed,
      gives an order ("Explain ...") or carries the next number of a run of
      numbered question headings. Headings below a question's own level belong
      to its answer;
    - only in an article with (almost) none of the above: a paragraph whose
      first line is a question.
    Titles lose their numbers and emphasis; inline code stays code. A question
    whose answer is empty or a stub ("TODO", "Coming soon") is unanswered: listed
    in `ParsedSection.unanswered`, importable as a draft if the editor asks.

Sections
    A heading that is not a question, or a short line of its own, starts a
    section when a question follows it (after at most one paragraph, or three
    under a Markdown heading; in an answer, only a heading as high as the
    sections before it, or one right above a question). The section names the
    topic: "Flask Basics Interview Questions" names "Flask Basics". A level named
    where headings name levels sets the difficulty. The article's title names
    the topic of questions outside any section; with neither, the editor picks
    the topic in the preview.

Left out, and reported in `ParsedArticle.left_out`
    Breadcrumbs, bylines, navigation ("Back to top", "Next: ..."), language
    switchers, promotion ("Join our class", "Explore all 70 answers"), pasted
    assistant chatter ("Let me know if ...", "Continue similar format ..."), a
    table of contents, a closing section ("Conclusion", "Further reading", ...)
    and the last answer's sign-off ("Good luck").

Answers
    Answers are Markdown: bullets become `-`, numbered steps stay numbered,
    nesting follows the indentation (or the bullet glyphs of a pasted page).
    Fenced code stays as it is; indented and bare code (consecutive code lines,
    blank lines inside a function included) is fenced with its language:
    Python, JavaScript, shell, SQL, HTML or templates. Tab-separated rows become
    a pipe table. A label in front of an answer (`A:`, `**A:**`, `Answer:`,
    `**Answer**:` with a hard break) is dropped.

Difficulty
    The editor's choice, else the section's (or title's) level, else
    `DEFAULT_DIFFICULTY`: intermediate, the middle of the scale.
"""

from .decoding import decode_article, normalise_text, too_large
from .frameworks import detect_framework
from .parsed import (
    DEFAULT_DIFFICULTY,
    MAX_ARTICLE_BYTES,
    MAX_ARTICLE_MB,
    MAX_QUESTIONS,
    MAX_TITLE_LENGTH,
    MAX_TOPIC_LENGTH,
    ArticleError,
    ParsedArticle,
    ParsedQuestion,
    ParsedSection,
)
from .reader import parse_article
from .titles import difficulty_from, normalise_question, topic_name_from

__all__ = [
    "DEFAULT_DIFFICULTY",
    "MAX_ARTICLE_BYTES",
    "MAX_ARTICLE_MB",
    "MAX_QUESTIONS",
    "MAX_TITLE_LENGTH",
    "MAX_TOPIC_LENGTH",
    "ArticleError",
    "ParsedArticle",
    "ParsedQuestion",
    "ParsedSection",
    "decode_article",
    "detect_framework",
    "difficulty_from",
    "normalise_question",
    "normalise_text",
    "parse_article",
    "read_article",
    "too_large",
    "topic_name_from",
]


def read_article(data: bytes) -> ParsedArticle:
    """Decode and parse an uploaded file."""
    return parse_article(decode_article(data))
