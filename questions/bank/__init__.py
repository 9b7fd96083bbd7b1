"""Export the whole question bank as one versioned JSON document, and restore it.

The document (format "pyinterview-bank", version 1)::

    {
      "format": "pyinterview-bank",
      "version": 1,
      "authors": ["ada", ...],
      "frameworks": [{"slug", "name", "position"}, ...],
      "topics": [{"slug", "name", "position", "description", "created_at", "updated_at"}],
      "questions": [{"slug", "topic", "framework", "difficulty", "title", "body", "status",
                     "publish_at", "author", "created_at", "updated_at",
                     "answers": [{"position", "body", "author", "created_at", "updated_at"}]}]
    }

Topics, frameworks and questions are identified by slug, authors by username.
Dates are ISO 8601 in UTC with microseconds. Lists are sorted by slug (answers
by position, then age) and the JSON is written with fixed indentation, so
exporting, restoring into a fresh database and exporting again gives the same
bytes. Rendered HTML and search text are not exported: they are derived on save.

Restoring validates the whole document first and then writes in one
transaction, updating rows that share a slug and creating the others; rows the
document does not mention are left alone. An author missing from the database
is created as an inactive account without a password, so nobody can sign in as
them until an administrator says so. A malformed document, one of a newer
version, or one that contradicts the database (a topic name taken by another
slug) is refused with a `BankError` and changes nothing.
"""

from .export import FORMAT, VERSION, dump_bank, export_bank, export_bank_json
from .restore import RestoreReport, restore_bank
from .schema import BankError, load_bank, validate_bank

__all__ = [
    "FORMAT",
    "VERSION",
    "BankError",
    "RestoreReport",
    "dump_bank",
    "export_bank",
    "export_bank_json",
    "load_bank",
    "restore_bank",
    "validate_bank",
]
