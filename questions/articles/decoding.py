"""Bytes to text: encodings, binary files, the size limit.

Also the normalised spaces, quotes and line endings the reader expects.
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


def too_large(size: int) -> str:
    """Why a file of `size` bytes is refused, wherever its size is checked."""
    return (
        f"The file is {size:,} bytes, over the {MAX_ARTICLE_MB} MB ({MAX_ARTICLE_BYTES:,} bytes) "
        "limit for one article. Split it and import the parts."
    )


def decode_article(data: bytes) -> str:
    """Return the text of an article file, normalised, or raise `ArticleError`."""
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
        raise ArticleError(
            f"The file is not UTF-8 or UTF-16 text: the byte 0x{data[error.start]:02x} at "
            f"position {error.start} cannot be decoded. Save it as UTF-8 and import it again."
        ) from None
    text = normalise_text(text)
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > max(3, len(text) // 1000):
        raise ArticleError("The file looks binary (it is full of control characters), not text.")
    text = _CONTROL.sub("", text)
    if not text.strip():
        raise ArticleError("The file is empty.")
    return text


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
