"""Password change and reset, from end to end."""

import re

from django.core import mail

from tests.factories import make_user
from tests.pages import attr, find, find_all, parse, text

NEW_PASSWORD = "another-long-Passphrase-77"


def test_password_change_from_the_profile(client):
    user = make_user("candidate", password="old-long-Passphrase-11")
    client.force_login(user)

    page = client.get("/accounts/password/change/")
    assert page.status_code == 200
    response = client.post(
        "/accounts/password/change/",
        {
            "old_password": "old-long-Passphrase-11",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response["Location"] == "/accounts/password/change/done/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_the_login_page_links_to_the_password_reset(client):
    links = [attr(link, "href") for link in find_all(parse(client.get("/accounts/login/")), "a")]
    assert "/accounts/password/reset/" in links


def test_password_reset_by_email_from_end_to_end(client, settings):
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
    user = make_user("candidate", password="forgotten-Passphrase-1")

    response = client.post("/accounts/password/reset/", {"email": "candidate@example.com"})
    assert response["Location"] == "/accounts/password/reset/done/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["candidate@example.com"]
    assert 'the account "candidate"' in message.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert text(find(parse(form_page), "h1")) == "Choose a new password"
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == "/accounts/reset/done/"

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    client.logout()
    login = client.post("/accounts/login/", {"username": "candidate", "password": NEW_PASSWORD})
    assert login.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    used_again = client.get(link, follow=True)
    assert text(find(parse(used_again), "h1")) == "This link has expired"


def test_no_email_for_an_unknown_address(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert response["Location"] == "/accounts/password/reset/done/"
    assert mail.outbox == []


def test_the_dev_settings_print_emails_to_the_console():
    from config.settings import dev

    assert dev.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"
