"""A reader manages their own account: email address, deletion with their marks; sign-up errors."""

from django.test import Client

from accounts.models import User
from questions.practice.models import Bookmark
from tests.factories import make_question, make_user
from tests.pages import attr, find_all, parse, text


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_reader_adds_changes_and_removes_their_email(db):
    reader = make_user(username="ann")
    User.objects.filter(pk=reader.pk).update(email="")
    client = signed_in(reader)

    assert client.post("/accounts/email/", {"email": "ann@example.com"}).status_code == 302
    assert User.objects.get(pk=reader.pk).email == "ann@example.com"
    client.post("/accounts/email/", {"email": ""})
    assert User.objects.get(pk=reader.pk).email == ""

    bad = client.post("/accounts/email/", {"email": "not an address"})
    assert bad.status_code == 200
    assert "Enter a valid email address." in text(parse(bad))


def test_deleting_an_account_takes_the_password_and_removes_the_marks(db):
    reader = make_user(username="bea", password="a long pass phrase")
    Bookmark.objects.create(user=reader, question=make_question())
    client = signed_in(reader)

    wrong = client.post("/accounts/delete/", {"password": "guess"})
    assert wrong.status_code == 200 and User.objects.filter(pk=reader.pk).exists()
    assert "That is not your password." in text(parse(wrong))

    done = client.post("/accounts/delete/", {"password": "a long pass phrase"})

    assert done.status_code == 302 and done["Location"] == "/"
    assert not User.objects.filter(pk=reader.pk).exists()
    assert not Bookmark.objects.exists()
    # Signed out: the profile asks to log in again.
    assert client.get("/accounts/profile/").status_code == 302


def test_staff_cannot_delete_themselves_here(db, editor):
    response = signed_in(editor).post("/accounts/delete/", {"password": "whatever"})

    assert response.status_code == 403
    assert User.objects.filter(pk=editor.pk).exists()


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    for url in ("/accounts/email/", "/accounts/delete/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_signup_keeps_what_was_typed_and_puts_each_message_under_its_field(client, db):
    response = client.post(
        "/accounts/signup/",
        {"username": "cat", "email": "cat@example.com", "password1": "short", "password2": "shirt"},
    )

    page = parse(response)
    fields = {
        attr(find_all(div, "input")[0], "name"): div
        for div in find_all(page, "div", css_class="field")
    }
    assert attr(find_all(fields["username"], "input")[0], "value") == "cat"
    assert attr(find_all(fields["email"], "input")[0], "value") == "cat@example.com"
    assert "too short" in text(fields["password1"])
    assert "too short" not in text(fields["password2"])
    assert "didn\u2019t match" in text(fields["password2"])
