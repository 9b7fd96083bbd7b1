"""The importer's one entry point: `read_article(bytes)`, and the names callers use.

The work is split by concern, one module each, in the order a file goes through:

    decoding    bytes to normalised text (encodings, binary files, the size limit)
    blocks      lines to blocks: headings, items, paragraphs, code, tables
    patterns    every word list and pattern the other modules match against
    reader      blocks to an article: questions, sections, answers, what is left out
    titles      question titles and topic names out of headings
    frameworks  the framework a question is about
    render      blocks back to Markdown
    parsed      the dataclasses and limits the service and the admin read
    service     writing an article into the database (one transaction)
    admin_views the admin's upload, preview and confirm pages

Read a question article (plain text or Markdown) into titles, sections and answers.

Pure functions from bytes or text to dataclasses: nothing here touches the
database (`questions.articles.service` does the writing). The rules:

Reading
    A file is at most `MAX_ARTICLE_BYTES` (1 MB) and yields at most
    `MAX_QUESTIONS` (500) questions. It must be UTF-8 (with or without a BOM)
    or UTF-16/UTF-32 (with a BOM, or UTF-16 without one when its zero bytes
    give it away). Empty files, binary files (PDF, Word, images, anything with
    NUL bytes) and undecodable bytes are refused with an `ArticleError` that
    says why. Windows and old Mac line endings become `\n`, non-breaking and
    zero-width spaces become plain spaces (or vanish), and curly quotes become
    straight ones everywhere: web pages curl the quotes in code samples too,
    and straight quotes make re-imports match.

Questions
    - a numbered line, `12. What ...?` or `12) ...`, that ends with a question
      mark or starts with an interview prompt ("Explain", "Compare", "What",
      "How", ...). Answers keep their own numbered steps: a numbered line that
      continues the current answer's steps, and not the question numbering, is
      a step;
    - a prefixed line, `Q: ...`, `Q12. ...` or `Question 3: ...` (an `A:` or
      `Answer:` label in front of the answer is dropped);
    - a Markdown heading (`##`, `###`, or underlined) that ends with a question
      mark, is numbered or prefixed, or gives an order ("Explain ...",
      "Compare ..."). Headings below a question's own level belong to its answer;
    - only in an article with (almost) none of the above: a paragraph whose
      first line is a question, such as a web page's heading that lost its markup.
    A question without any answer text is skipped and listed in
    `ParsedArticle.skipped`; a table of contents is skipped silently.

Sections
    A heading that is not a question, or a short line of its own with no end
    punctuation, starts a section when a question follows it (after at most
    one paragraph, or three under a Markdown heading). The section names the
    topic of the questions under it: "Flask Basics Interview Questions" names
    the topic "Flask Basics". A level named where headings name levels (a
    leading "Advanced", a trailing "for beginners", "(senior)" in brackets)
    sets the difficulty of its questions and leaves the name; a section named
    only by a level ("Advanced questions") keeps the article's topic. The
    article's title names the topic of questions outside any section.
    Paragraphs between a section heading and its first question are the
    section's introduction.

Title, introduction and closing
    The first block, if it is a heading or a short line, is the title (after
    breadcrumbs and bylines copied from a web page, which are dropped); what
    follows up to the first question or section is the introduction. A closing
    section ("Conclusion", "Wrapping up", "Final thoughts", "Further reading",
    ...) is dropped up to the next question, if any; short calls to action
    ("join our class", "click here", "subscribe to ...") and "ADVERTISEMENT"
    lines are dropped wherever they are; the last answer loses trailing
    sign-off paragraphs ("I hope ...", "Good luck", "Happy coding").

Answers
    Answers are Markdown. Bullets (`-`, `*`, `+`, `•`, `◦`, `▪`) become `-`,
    numbered steps stay numbered, nesting follows the indentation (or, in text
    pasted from a web page, the bullet glyphs: `◦` under `•`). Fenced code
    stays as it is; indented code and bare code (lines that read as Python,
    shell, SQL or templates) are fenced with a guessed language. Pipe tables
    stay; tab-separated rows (a table copied from a web page) become a pipe
    table. A file whose lines are whole paragraphs (text copied from a page)
    gets a paragraph per line; a hard-wrapped Markdown file keeps its paragraphs.

Frameworks (`detect_framework`)
    A question whose title names only Flask (flask, werkzeug, blueprints,
    url_for, ...) is `flask`; only Django (django, querysets, manage.py,
    select_related, ...) is `django`. A title naming neither defers to the
    answer in the same way. Both named in the title (a comparison) is `general`
    unless one is named at least twice as often, title and answer together;
    both named only in the answer is `general`. A question naming neither is
    `python` when Python-language words (generators, decorators, the GIL, ...)
    outnumber web words (HTTP, cookies, SQL, caching, ...), and `general`
    otherwise. Other frameworks (FastAPI, ...) are chosen by the editor.

Difficulty
    The editor's choice, else the section's (or title's) level, else
    `DEFAULT_DIFFICULTY`: intermediate, the middle of the scale, for an editor
    to adjust.
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
