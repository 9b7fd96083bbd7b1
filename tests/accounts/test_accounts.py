"""Sign-up, log in and out, safe redirects, the role groups and the demo accounts."""

from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command

from accounts.models import User
from accounts.roles import EDITORS, GROUP_PERMISSIONS, PUBLISHERS, READERS
from tests.factories import make_user
from tests.pages import attr, find_all, parse

OFF_SITE = ["https://evil.example", "//evil.example", "/\\evil.example", "https:evil.example"]
PASSWORD = "a-long-Passphrase-42"


def logged_in_user(client):
    return client.session.get("_auth_user_id")


def signup(client, username="candidate", next_url=None):
    data = {
        "username": username,
        "email": f"{username}@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    if next_url is not None:
        data["next"] = next_url
    return client.post("/accounts/signup/", data)


def test_signup_creates_a_reader_and_logs_them_in(client):
    response = signup(client)

    assert response.status_code == 302
    assert response["Location"] == "/"
    user = User.objects.get(username="candidate")
    assert [group.name for group in user.groups.all()] == [READERS]
    assert not user.is_staff
    assert not user.is_superuser
    assert logged_in_user(client) == str(user.pk)


def test_signup_with_a_mismatched_password_creates_nobody(client):
    response = client.post(
        "/accounts/signup/",
        {"username": "x", "email": "x@example.com", "password1": PASSWORD, "password2": "other"},
    )

    assert response.status_code == 200
    assert not User.objects.filter(username="x").exists()
    assert logged_in_user(client) is None


def test_login_page_logs_in_and_follows_a_safe_next(client):
    user = make_user("candidate", password=PASSWORD)
    page = client.get("/accounts/login/", {"next": "/questions/"})
    assert hidden_next_values(page) == ["/questions/"]

    response = client.post(
        "/accounts/login/?next=/questions/", {"username": "candidate", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/questions/"
    assert logged_in_user(client) == str(user.pk)


def test_login_with_a_wrong_password_stays_logged_out(client):
    make_user("candidate", password=PASSWORD)

    response = client.post("/accounts/login/", {"username": "candidate", "password": "wrong"})

    assert response.status_code == 200
    assert logged_in_user(client) is None


@pytest.mark.parametrize("target", OFF_SITE)
def test_login_never_redirects_off_site(client, target):
    make_user("candidate", password=PASSWORD)

    response = client.post(
        "/accounts/login/", {"username": "candidate", "password": PASSWORD, "next": target}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("target", OFF_SITE)
def test_login_with_an_off_site_next_in_the_url_never_redirects_off_site(client, target):
    user = make_user("candidate", password=PASSWORD)

    response = client.post(
        f"/accounts/login/?{urlencode({'next': target})}",
        {"username": "candidate", "password": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == "/"
    # Already logged in, the login page sends people on: still never off-site.
    client.force_login(user)
    response = client.get("/accounts/login/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"


def hidden_next_values(response):
    return [attr(field, "value") for field in find_all(parse(response), attrs={"name": "next"})]


@pytest.mark.parametrize("target", OFF_SITE)
def test_signup_never_redirects_off_site(client, target):
    assert hidden_next_values(client.get("/accounts/signup/", {"next": target})) == ["/"]

    response = signup(client, next_url=target)

    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("target", OFF_SITE)
def test_login_form_does_not_carry_an_off_site_next(client, target):
    response = client.get("/accounts/login/", {"next": target})

    assert response.status_code == 200
    assert not any("evil" in (value or "") for value in hidden_next_values(response))


def test_signup_follows_a_safe_next(client):
    response = signup(client, next_url="/questions/?difficulty=advanced")

    assert response.status_code == 302
    assert response["Location"] == "/questions/?difficulty=advanced"


def test_logout_by_get_only_asks_for_confirmation(client, reader):
    client.force_login(reader)

    response = client.get("/accounts/logout/")

    assert response.status_code == 200
    assert 'method="post"' in response.content.decode()
    assert logged_in_user(client) == str(reader.pk)


def test_logout_by_post_logs_out(client, reader):
    client.force_login(reader)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_user(client) is None


def test_the_migration_creates_exactly_the_groups_of_roles_py():
    groups = {
        group.name: {
            (permission.content_type.app_label, permission.codename)
            for permission in group.permissions.select_related("content_type")
        }
        for group in Group.objects.all()
    }
    expected = {
        name: {(app, codename) for app, codenames in by_app.items() for codename in codenames}
        for name, by_app in GROUP_PERMISSIONS.items()
    }
    assert groups == expected
    assert set(groups) == {READERS, EDITORS, PUBLISHERS}


def test_editors_may_not_publish_or_delete_and_publishers_may():
    editors = set(Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True))
    publishers = set(
        Group.objects.get(name=PUBLISHERS).permissions.values_list("codename", flat=True)
    )
    assert "change_question" in editors
    assert "publish_question" not in editors
    # Deleting an answer of a published question is only a pending change.
    assert {codename for codename in editors if codename.startswith("delete_")} == {"delete_answer"}
    assert "change_framework" not in editors
    assert {"publish_question", "delete_question", "delete_answer"} <= publishers


@pytest.mark.parametrize("group_name", [READERS, EDITORS, PUBLISHERS])
def test_no_role_group_has_a_permission_on_users_or_groups(group_name):
    group = Group.objects.get(name=group_name)
    forbidden = Permission.objects.filter(content_type__model__in=["user", "group"])
    assert not group.permissions.filter(pk__in=forbidden).exists()
    assert not group.permissions.filter(content_type__app_label__in=["auth", "accounts"]).exists()


def test_demo_accounts_are_refused_when_not_allowed(settings):
    settings.DEMO_ACCOUNTS_ALLOWED = False

    with pytest.raises(CommandError):
        call_command("create_demo_accounts")

    assert not User.objects.exists()


def test_demo_accounts_are_created_once_with_their_roles(settings):
    settings.DEMO_ACCOUNTS_ALLOWED = True

    call_command("create_demo_accounts")
    call_command("create_demo_accounts")

    users = {user.username: user for user in User.objects.all()}
    assert set(users) == {"admin", "publisher", "editor", "reader"}
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert [g.name for g in users["publisher"].groups.all()] == [PUBLISHERS]
    assert users["publisher"].is_staff and not users["publisher"].is_superuser
    assert [g.name for g in users["editor"].groups.all()] == [EDITORS]
    assert users["editor"].is_staff and not users["editor"].is_superuser
    assert [g.name for g in users["reader"].groups.all()] == [READERS]
    assert not users["reader"].is_staff
    for username, user in users.items():
        assert user.check_password(username)
