"""Usernames that look like someone else's are refused: at sign-up and in the admin."""

import pytest

from accounts.models import User
from tests.factories import make_reader, make_user
from tests.pages import parse, text

PASSWORD = "a-long-Passphrase-42"
SIGNUP = "/accounts/signup/"
ADMIN_ADD = "/admin/accounts/user/add/"

# Each looks like (or, once normalised, is) `reader`, `admin` or `editor`.
LOOK_ALIKES = {
    "Cyrillic a": "re\u0430der",
    "Cyrillic i": "admin\u0456",
    "Cyrillic e and o": "\u0435dit\u043er",
    "Greek omicron": "edit\u03bfr",
    "Greek capital alpha": "\u0391dmin",
    "fullwidth letters": "\uff52\uff45\uff41\uff44\uff45\uff52",
    "fullwidth capitals": "\uff32\uff25\uff21\uff24\uff25\uff32",
    "capital first letter": "Reader",
    "all capitals": "ADMIN",
    "zero-width space": "rea\u200bder",
    "zero-width joiner": "admin\u200d",
    "soft hyphen": "edi\u00adtor",
    "right-to-left mark": "\u200freader",
}


@pytest.fixture(autouse=True)
def existing():
    return [make_reader("reader"), make_user("admin", is_superuser=True), make_reader("editor")]


def signup(client, username):
    return client.post(
        SIGNUP,
        {
            "username": username,
            "email": "someone@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )


def username_errors(response):
    return response.context["form"].errors.get("username", [])


@pytest.mark.parametrize("username", LOOK_ALIKES.values(), ids=LOOK_ALIKES.keys())
def test_signup_refuses_a_look_alike_of_an_existing_username(client, username):
    response = signup(client, username)

    assert response.status_code == 200
    assert username_errors(response)
    assert "accounts/signup.html" in [template.name for template in response.templates]
    assert User.objects.count() == 3
    assert "_auth_user_id" not in client.session


def test_signup_says_why_letters_of_other_alphabets_are_refused(client):
    response = signup(client, "\u043f\u0451\u0442\u0440")  # a Russian name, taken by nobody

    assert response.status_code == 200
    assert username_errors(response) == [
        "Use only the letters a-z, digits and @ . + - _ (letters of other alphabets can look "
        "exactly like these, and pass for someone else's name)."
    ]
    assert "letters of other alphabets" in text(parse(response))
    assert not User.objects.filter(username="\u043f\u0451\u0442\u0440").exists()


def test_signup_says_a_case_variant_is_taken(client):
    response = signup(client, "REader")

    assert username_errors(response) == ["A user with that username already exists."]


@pytest.mark.parametrize("username", ["newcomer", "Jane.Doe+work@example", "x_y-z.9"])
def test_signup_accepts_a_new_ascii_username(client, username):
    response = signup(client, username)

    assert response.status_code == 302
    assert User.objects.filter(username=username).exists()


def test_fullwidth_letters_of_a_new_name_are_stored_as_ascii(client):
    response = signup(client, "\uff4e\uff45\uff57\uff43\uff4f\uff4d\uff45\uff52")

    assert response.status_code == 302
    assert User.objects.filter(username="newcomer").exists()


def test_the_signup_form_says_which_characters_a_username_may_have(client):
    assert "Letters a-z, digits and @ . + - _ only." in text(parse(client.get(SIGNUP)))


# The admin creates and renames users with forms of its own.


def admin_add(client, username):
    return client.post(
        ADMIN_ADD,
        {
            "username": username,
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )


@pytest.mark.parametrize("username", LOOK_ALIKES.values(), ids=LOOK_ALIKES.keys())
def test_the_admin_refuses_to_create_a_look_alike(client, existing, username):
    client.force_login(existing[1])

    response = admin_add(client, username)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors.get("username")
    assert User.objects.count() == 3


def test_the_admin_still_creates_a_new_ascii_username(client, existing):
    client.force_login(existing[1])

    response = admin_add(client, "new.editor")

    assert response.status_code == 302
    assert User.objects.filter(username="new.editor").exists()


def change_data(user, username):
    return {
        "username": username,
        "email": user.email,
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "is_active": "on",
    }


@pytest.mark.parametrize(
    "username", ["re\u0430der", "READER", "\uff52\uff45\uff41\uff44\uff45\uff52"]
)
def test_the_admin_refuses_to_rename_a_user_to_a_look_alike(client, existing, username):
    someone = make_reader("someone")
    client.force_login(existing[1])

    response = client.post(
        f"/admin/accounts/user/{someone.pk}/change/", change_data(someone, username)
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors.get("username")
    someone.refresh_from_db()
    assert someone.username == "someone"


def test_the_admin_may_change_the_case_of_a_users_own_name(client, existing):
    someone = make_reader("someone")
    client.force_login(existing[1])

    response = client.post(
        f"/admin/accounts/user/{someone.pk}/change/", change_data(someone, "Someone")
    )

    assert response.status_code == 302
    someone.refresh_from_db()
    assert someone.username == "Someone"


def test_the_admin_still_saves_a_user_whose_old_name_is_not_ascii(client, existing):
    """Names from before the rule keep working: only a new or changed name is checked."""
    legacy = make_reader("j\u00f6rg")
    User.objects.filter(pk=legacy.pk).update(email="joerg@example.com")
    legacy.refresh_from_db()
    client.force_login(existing[1])

    response = client.post(
        f"/admin/accounts/user/{legacy.pk}/change/", change_data(legacy, "j\u00f6rg")
    )

    assert response.status_code == 302
