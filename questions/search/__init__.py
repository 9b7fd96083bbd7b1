"""Full-text search over questions: one interface, SQLite FTS5 or PostgreSQL behind it.

- `search_questions(queryset, text)`: the matching questions, best first (`backends`),
  from at most 1,000 ranked ids that the full-text index finds (`matches`), and
  `with_search_text(questions)`: the text of a page of them for its snippets;
- `parse_query(text)`: the visitor's text as `Terms` (`query`);
- `snippet()` and `highlight()`: escaped passages with the matched words marked (`snippets`);
- `suggest(text, queryset)`: the search with its unknown words corrected (`suggest`);
- `html_to_text(html)`: the words the index stores for rendered Markdown (`text`);
- `SearchDocument` and `SearchIndex` (`models`): the indexed text, kept up to date on save.
"""

from .backends import search_questions, with_search_text
from .query import Terms, parse_query
from .snippets import highlight, snippet
from .suggest import suggest
from .text import html_to_text

__all__ = [
    "Terms",
    "highlight",
    "html_to_text",
    "parse_query",
    "search_questions",
    "snippet",
    "suggest",
    "with_search_text",
]
