"""Staff status and membership of Editors or Publishers never disagree."""

import importlib

import pytest
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import EDITORS, PUBLISHERS, READERS
from tests.factories import make_user
from tests.pages import find_all, parse, text


@pytest.fixture
def groups():
    return {name: Group.objects.get(name=name) for name in (READERS, EDITORS, PUBLISHERS)}


def is_staff(user):
    return User.objects.values_list("is_staff", flat=True).get(pk=user.pk)


@pytest.mark.parametrize("name", [EDITORS, PUBLISHERS])
def test_joining_a_staff_group_from_the_user_makes_staff(groups, name):
    user = make_user(is_staff=False)

    user.groups.add(groups[name])

    assert is_staff(user) and user.is_staff


@pytest.mark.parametrize("name", [EDITORS, PUBLISHERS])
def test_joining_a_staff_group_from_the_group_makes_staff(groups, name):
    users = [make_user(is_staff=False) for _ in range(2)]

    groups[name].user_set.add(*users)

    assert all(is_staff(user) for user in users)


def test_joining_readers_makes_nobody_staff(groups):
    user = make_user(is_staff=False)

    user.groups.add(groups[READERS])
    groups[READERS].user_set.add(make_user(is_staff=False))

    assert not User.objects.filter(is_staff=True).exists()


def test_leaving_the_last_staff_group_takes_staff_status_away(groups):
    user = make_user(group=EDITORS)
    user.groups.add(groups[PUBLISHERS])

    user.groups.remove(groups[EDITORS])
    assert is_staff(user), "still a publisher"

    user.groups.remove(groups[PUBLISHERS])
    assert not is_staff(user) and not user.is_staff


def test_removal_from_the_group_side_takes_staff_status_away(groups):
    leaving, staying = make_user(group=EDITORS), make_user(group=EDITORS)

    groups[EDITORS].user_set.remove(leaving)

    assert not is_staff(leaving)
    assert is_staff(staying)


def test_clearing_from_either_side_takes_staff_status_away(groups):
    cleared_user = make_user(group=PUBLISHERS)
    in_cleared_group = [make_user(group=EDITORS) for _ in range(2)]
    assert all(is_staff(user) for user in [cleared_user, *in_cleared_group])

    cleared_user.groups.clear()
    groups[EDITORS].user_set.clear()

    assert not any(is_staff(user) for user in [cleared_user, *in_cleared_group])


def test_setting_the_groups_follows_the_change(groups):
    user = make_user(group=READERS)

    user.groups.set([groups[EDITORS]])
    assert is_staff(user)

    user.groups.set([groups[READERS]])
    assert not is_staff(user)


def test_superusers_stay_staff(groups):
    admin = make_user(group=EDITORS, is_superuser=True)

    admin.groups.clear()

    assert is_staff(admin)


def test_staff_outside_the_groups_keep_their_flag_when_other_groups_change(groups):
    bare_staff = make_user(is_staff=True, group=READERS)

    bare_staff.groups.remove(groups[READERS])

    assert is_staff(bare_staff)


# The admin's user form


def user_form_data(user, **changes):
    data = {
        "username": user.username,
        "email": user.email,
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "is_active": "on",
        "groups": [str(pk) for pk in user.groups.values_list("pk", flat=True)],
    }
    if user.is_staff:
        data["is_staff"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_admin_refuses_to_take_staff_status_from_an_editor(client, superuser):
    editor = make_user(group=EDITORS)
    client.force_login(superuser)

    response = client.post(
        f"/admin/accounts/user/{editor.pk}/change/", user_form_data(editor, is_staff=None)
    )

    assert response.status_code == 200
    assert "Remove the user from those groups" in response.content.decode()
    assert is_staff(editor)


def test_the_admin_makes_a_user_put_in_editors_staff(client, superuser, groups):
    user = make_user(is_staff=False)
    client.force_login(superuser)

    response = client.post(
        f"/admin/accounts/user/{user.pk}/change/",
        user_form_data(user, groups=[str(groups[EDITORS].pk)]),
    )

    assert response.status_code == 302
    assert is_staff(user)


def test_the_admin_repairs_an_editor_saved_without_staff_status(client, superuser):
    editor = make_user(group=EDITORS)
    User.objects.filter(pk=editor.pk).update(is_staff=False)  # as before the rule existed
    editor.refresh_from_db()
    client.force_login(superuser)

    response = client.post(f"/admin/accounts/user/{editor.pk}/change/", user_form_data(editor))

    assert response.status_code == 302
    assert is_staff(editor)


def test_the_admin_takes_staff_status_with_the_last_staff_group(client, superuser, groups):
    editor = make_user(group=EDITORS)
    client.force_login(superuser)

    response = client.post(
        f"/admin/accounts/user/{editor.pk}/change/",
        user_form_data(editor, groups=[str(groups[READERS].pk)]),
    )

    assert response.status_code == 302
    assert not is_staff(editor)


# The header


def admin_links(client, user):
    client.force_login(user)
    return [a for a in find_all(parse(client.get("/")), "a") if text(a) == "Admin"]


def test_editors_and_publishers_see_the_admin_link(client, editor, publisher):
    assert len(admin_links(client, editor)) == 1
    assert len(admin_links(client, publisher)) == 1


def test_the_admin_link_needs_staff_status_as_the_admin_does(client):
    editor = make_user(group=EDITORS)
    User.objects.filter(pk=editor.pk).update(is_staff=False)

    assert admin_links(client, editor) == []


def test_readers_see_no_admin_link(client, reader):
    assert admin_links(client, reader) == []


def test_the_repair_migration_makes_earlier_group_members_staff(groups):
    """Members added before the signal existed (or behind its back) become staff."""
    from django.apps import apps

    repair = importlib.import_module("accounts.migrations.0006_staff_from_groups")
    editor, reader = make_user(is_staff=False), make_user(is_staff=False)
    # The through model sends no m2m_changed: the state the migration repairs.
    User.groups.through.objects.bulk_create(
        [
            User.groups.through(user=editor, group=groups[EDITORS]),
            User.groups.through(user=reader, group=groups[READERS]),
        ]
    )
    assert not is_staff(editor)

    repair.make_group_members_staff(apps, schema_editor=None)

    assert (is_staff(editor), is_staff(reader)) == (True, False)
