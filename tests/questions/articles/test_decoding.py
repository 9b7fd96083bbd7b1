"""Windows-1252 files: read as such, said so in the preview; other bytes still refused."""

import codecs
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from questions.articles.decoding import decode_article, decode_article_with_encoding
from questions.articles.importer import ArticleError
from questions.bank import export_bank
from questions.models import Question
from tests.factories import make_question
from tests.pages import parse, text

from .test_admin_import import IMPORT_URL, confirmation_data, new_topic

# Saved by an old Windows editor: a curly apostrophe (0x92), curly double quotes
# (0x93, 0x94), an en dash (0x96), an em dash (0x97), an ellipsis (0x85) and é (0xe9).
WINDOWS = (
    b"Templates in Practice\r\n"
    b"\r\n"
    b"1. What\x92s a template \x93filter\x94?\r\n"
    b"A function applied to a value \x97 for example |date \x96 inside {{ }}\x85\r\n"
    b"\r\n"
    b"2. Why escape output by default?\r\n"
    b"So that a caf\xe9 owner\x92s review cannot inject a script.\r\n"
)


def test_windows_1252_text_is_read_as_such():
    text_, encoding = decode_article_with_encoding(WINDOWS)
    assert encoding == "cp1252"
    # Curly quotes become straight ones, as in every imported text; the rest is kept.
    assert '1. What\'s a template "filter"?\n' in text_
    assert (
        "A function applied to a value \u2014 for example |date \u2013 inside {{ }}\u2026\n"
        in text_
    )
    assert "So that a caf\u00e9 owner's review cannot inject a script." in text_
    assert decode_article(WINDOWS) == text_


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("caf\u00e9 \u201cok\u201d".encode(), "utf-8"),
        (codecs.BOM_UTF8 + "caf\u00e9".encode(), "utf-8-sig"),
        ("caf\u00e9".encode("utf-16"), "utf-16"),
        ("plain text".encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_the_encoding_used_is_told(data, encoding):
    assert decode_article_with_encoding(data)[1] == encoding


@pytest.mark.parametrize(
    ("data", "message"),
    [
        # 0x81 and 0x9d mean nothing in Windows-1252 either.
        (
            b"\x93Quoted\x94 and \x81 broken",
            "The file is not UTF-8, UTF-16 or Windows-1252 text: the byte 0x81 at position 13 "
            "cannot be decoded. Save it as UTF-8 and import it again.",
        ),
        (b"1. Why\x9d?\nBecause\x97.", "not UTF-8, UTF-16 or Windows-1252 text: the byte 0x9d"),
        # UTF-8 text with Windows bytes pasted in: neither reading gets all of it right.
        (
            "1. Caf\u00e9?\n".encode() + b"\x93Yes\x94",
            "it mixes UTF-8 characters (at position 6) with Windows-1252 ones",
        ),
        # Accents alone could be any 8-bit encoding: no guess, the error as before.
        (b"1. Caf\xe9?\nOui.", "The file is not UTF-8 or UTF-16 text: the byte 0xe9 at position 6"),
        # A UTF-8 BOM says UTF-8: its bytes are not read as anything else.
        (codecs.BOM_UTF8 + b"\x93x\x94", "not UTF-8 or UTF-16 text: the byte 0x93 at position 3"),
        # Binary files are refused as binary, Windows bytes or not.
        (b"\x93a\x94\x00\x00\x01\x02binary", "contains NUL bytes"),
        (b"%PDF-1.4 \x93\x94", "The file is a PDF document, not text."),
        (b"1. What?\n\x01\x02\x03\x04\x05 \x93 yes", "full of control characters"),
    ],
)
def test_bytes_that_fit_no_encoding_are_refused(data, message):
    with pytest.raises(ArticleError) as error:
        decode_article(data)
    assert message in str(error.value)


def test_a_windows_1252_upload_is_previewed_and_imported_right(client, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile("templates.txt", WINDOWS, content_type="text/plain")
    response = client.post(IMPORT_URL, {"file": upload})
    assert response.status_code == 200
    page = text(parse(response))
    assert "Read as Windows-1252 text." in page
    assert "2 questions found, all with answers." in page
    assert client.post(IMPORT_URL, confirmation_data(response)).status_code == 302
    question = Question.objects.get(title='What\'s a template "filter"?')
    assert question.answers.get().body == (
        "A function applied to a value \u2014 for example |date \u2013 inside {{ }}\u2026"
    )
    other = Question.objects.get(title="Why escape output by default?")
    assert "caf\u00e9 owner's review" in other.answers.get().body


def test_pasted_text_says_nothing_about_encodings(client, editor):
    client.force_login(editor)
    response = client.post(
        IMPORT_URL, {"text": "Q: What is a caf\u00e9?\nA place.\n", **new_topic("Words")}
    )
    assert response.status_code == 200
    assert "Read as" not in text(parse(response))


@pytest.mark.parametrize(
    "data",
    [b"\x93Quoted\x94?\n\x81", "Q: Caf\u00e9?\n".encode() + b"\x93Yes\x94", b"Q: Caf\xe9?\nOui."],
)
def test_bad_bytes_are_refused_by_the_admin_and_write_nothing(client, editor, data):
    make_question("Already here?")
    before = export_bank()
    client.force_login(editor)
    for action in ({}, {"confirm": "Import"}):
        upload = SimpleUploadedFile("article.txt", data, content_type="text/plain")
        response = client.post(IMPORT_URL, {"file": upload, **new_topic("T"), **action})
        assert response.status_code == 400
        assert "Save it as UTF-8 and import it again." in text(parse(response))
    assert export_bank() == before


def test_the_command_reads_windows_1252_and_says_so_in_the_dry_run(tmp_path):
    path = tmp_path / "templates.txt"
    path.write_bytes(WINDOWS)
    out = StringIO()
    call_command("import_questions", str(path), "--dry-run", stdout=out)
    assert "  Read as Windows-1252 text." in out.getvalue().splitlines()
    assert not Question.objects.exists()
    call_command("import_questions", str(path), stdout=StringIO())
    assert Question.objects.get(title="Why escape output by default?").answers.get().body == (
        "So that a caf\u00e9 owner's review cannot inject a script."
    )


def test_the_command_refuses_bad_bytes_and_writes_nothing(tmp_path):
    make_question("Already here?")
    before = export_bank()
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_bytes(WINDOWS)
    bad.write_bytes(b"\x93Quoted\x94 and \x81 broken")
    with pytest.raises(CommandError) as error:
        call_command("import_questions", str(good), str(bad), stdout=StringIO())
    assert str(error.value) == (
        f"{bad}: The file is not UTF-8, UTF-16 or Windows-1252 text: the byte 0x81 at position "
        "13 cannot be decoded. Save it as UTF-8 and import it again."
    )
    assert export_bank() == before
