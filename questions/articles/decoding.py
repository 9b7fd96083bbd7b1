"""Bytes to text: encodings, binary files, the size limit.

Also the normalised spaces, quotes and line endings the reader expects.

A file is UTF-8 (with or without a BOM), UTF-16 or UTF-32 (with a BOM, or
UTF-16 without one when its zero bytes give it away), or Windows-1252: bytes
that are not UTF-8 are read as Windows-1252 when they hold its punctuation
(curly quotes, dashes, ...) and no UTF-8 characters. Other bytes are refused
with the encodings tried.
"""

import codecs
import re
import unicodedata

from .parsed import MAX_ARTICLE_BYTES, MAX_ARTICLE_MB, ArticleError

_BINARY_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (a .docx or .odt document is one)",
    b"\xd0\xcf\x11\xe0": "an old Word or Excel document",
    b"{\\rtf": "an RTF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
}


_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


TRANSLATION = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u2007": " ",  # figure space
        "\u202f": " ",  # narrow no-break space
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,  # word joiner
        "\ufeff": None,  # a BOM in the middle of pasted text
        "\u200e": None,  # left-to-right mark
        "\u200f": None,
        "\u00ad": None,  # soft hyphen
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2028": "\n",
        "\u2029": "\n",
        "\f": "\n",
        "\v": "\n",
    }
)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


WINDOWS_1252 = "cp1252"


# What the preview says about a file's encoding; UTF-8 goes without saying.
ENCODING_NOTES = {
    WINDOWS_1252: "Read as Windows-1252 text.",
    "utf-16": "Read as UTF-16 text.",
    "utf-16-le": "Read as UTF-16 text.",
    "utf-16-be": "Read as UTF-16 text.",
    "utf-32": "Read as UTF-32 text.",
}


# The bytes that make a file Windows-1252 rather than Latin-1 or another 8-bit
# code: curly quotes, dashes, the ellipsis, the bullet, the euro sign... (0x80 to
# 0x9f, which are control codes everywhere else). Without one of them the bytes
# could be any of a dozen encodings, and a wrong guess garbles the text silently.
_WINDOWS_PUNCTUATION = re.compile(rb"[\x80\x82-\x8c\x8e\x91-\x9c\x9e\x9f]")


# A character UTF-8 encodes in several bytes: in a file that is not UTF-8, a sign
# that UTF-8 text was pasted into it (Windows-1252 text hardly ever has one).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def too_large(size: int) -> str:
    """Why a file of `size` bytes is refused, wherever its size is checked."""
    return (
        f"The file is {size:,} bytes, over the {MAX_ARTICLE_MB} MB ({MAX_ARTICLE_BYTES:,} bytes) "
        "limit for one article. Split it and import the parts."
    )


def decode_article(data: bytes) -> str:
    """Return the text of an article file, normalised, or raise `ArticleError`."""
    return decode_article_with_encoding(data)[0]


def decode_article_with_encoding(data: bytes) -> tuple[str, str]:
    """Like `decode_article`, with the encoding the text was read in (a Python codec name).

    `WINDOWS_1252` ("cp1252") when the bytes are not UTF-8 but Windows-1252
    text, which `ENCODING_NOTES` tells the preview to say.
    """
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(too_large(len(data)))
    if not data.strip():
        raise ArticleError("The file is empty.")
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise ArticleError(
                f"The file is {kind}, not text. Save the article as plain text (.txt) "
                "or Markdown (.md) and import that."
            )
    encoding = _encoding_of(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        if encoding != "utf-8" or not _WINDOWS_PUNCTUATION.search(data):
            # The error counts from after a BOM the codec took off (utf-8-sig does).
            position = error.start + len(data) - len(error.object)
            raise ArticleError(
                f"The file is not UTF-8 or UTF-16 text: the byte 0x{data[position]:02x} at "
                f"position {position} cannot be decoded. Save it as UTF-8 and import it again."
            ) from None
        text, encoding = _windows_1252(data), WINDOWS_1252
    text = normalise_text(text)
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > max(3, len(text) // 1000):
        raise ArticleError("The file looks binary (it is full of control characters), not text.")
    text = _CONTROL.sub("", text)
    if not text.strip():
        raise ArticleError("The file is empty.")
    return text, encoding


def normalise_text(text: str) -> str:
    """Unify line endings, spaces and quotes, as the parser expects them."""
    text = unicodedata.normalize("NFC", text)
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(TRANSLATION)


def _encoding_of(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    if b"\x00" not in data:
        return "utf-8"
    # UTF-16 without a BOM: mostly-ASCII text has a zero in every other byte.
    sample = data[:4096]
    half = max(1, len(sample) // 2)
    even_zeros, odd_zeros = sample[0::2].count(0), sample[1::2].count(0)
    if odd_zeros > half * 0.3 and even_zeros == 0:
        return "utf-16-le"
    if even_zeros > half * 0.3 and odd_zeros == 0:
        return "utf-16-be"
    raise ArticleError(
        "The file looks binary (it contains NUL bytes), not text. Import a .txt or .md file."
    )


def _windows_1252(data: bytes) -> str:
    """The text of a file that is not UTF-8 but has Windows punctuation, or `ArticleError`."""
    try:
        text = data.decode(WINDOWS_1252)
    except UnicodeDecodeError as error:
        raise ArticleError(
            "The file is not UTF-8, UTF-16 or Windows-1252 text: the byte "
            f"0x{data[error.start]:02x} at position {error.start} cannot be decoded. "
            "Save it as UTF-8 and import it again."
        ) from None
    mixed = _UTF8_SEQUENCE.search(data)
    if mixed:
        raise ArticleError(
            "The file is not UTF-8, UTF-16 or Windows-1252 text: it mixes UTF-8 characters "
            f"(at position {mixed.start()}) with Windows-1252 ones. Save it as UTF-8 and "
            "import it again."
        )
    return text
