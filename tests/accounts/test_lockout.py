"""Brute-force protection (django-axes) on the site's and the admin's login pages."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.http import HttpRequest
from django.utils import timezone

from tests import factories

LOGIN_PAGES = ["/accounts/login/", "/admin/login/"]
HOME = "127.0.0.1"
ELSEWHERE = "198.51.100.7"
LOCKED_TEXT = "Too many login attempts"


@pytest.fixture
def victim():
    # Staff, so the admin login page would let the right password in.
    return factories.make_editor("victim")


def attempt(client, url, username, password, ip=HOME):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail(client, url, username, times, ip=HOME):
    return [attempt(client, url, username, "wrong", ip).status_code for _ in range(times)]


def is_logged_in(client, user):
    return client.session.get("_auth_user_id") == str(user.pk)


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_five_failures_lock_out_even_the_right_password(client, victim, url):
    assert fail(client, url, "victim", 4) == [200] * 4

    fifth = attempt(client, url, "victim", "wrong")
    right = attempt(client, url, "victim", "pw")

    assert fifth.status_code == 429
    assert right.status_code == 429
    assert LOCKED_TEXT in right.content.decode()
    assert "Please wait 15 minutes" in right.content.decode()
    assert right["Retry-After"] == str(15 * 60)
    assert "accounts/locked_out.html" in [template.name for template in right.templates]
    assert 'name="password"' not in right.content.decode()
    assert not is_logged_in(client, victim)


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_four_failures_do_not_lock(client, victim, url):
    fail(client, url, "victim", 4)

    response = attempt(client, url, "victim", "pw")

    assert response.status_code == 302
    assert is_logged_in(client, victim)


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_lockout_is_per_username_and_address(client, victim, url):
    other = factories.make_editor("other")
    fail(client, url, "victim", 5)

    from_same_address = attempt(client, url, "other", "pw")
    assert from_same_address.status_code == 302
    assert is_logged_in(client, other)

    client.logout()
    from_elsewhere = attempt(client, url, "victim", "pw", ip=ELSEWHERE)
    assert from_elsewhere.status_code == 302
    assert is_logged_in(client, victim)


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_lock_releases_after_the_cool_off(client, victim, url):
    fail(client, url, "victim", 5)
    assert attempt(client, url, "victim", "pw").status_code == 429

    AccessAttempt.objects.filter(username="victim").update(
        attempt_time=timezone.now() - timedelta(minutes=15, seconds=1)
    )
    response = attempt(client, url, "victim", "pw")

    assert response.status_code == 302
    assert is_logged_in(client, victim)


def test_lock_holds_until_the_cool_off_ends(client, victim):
    url = LOGIN_PAGES[0]
    fail(client, url, "victim", 5)

    AccessAttempt.objects.filter(username="victim").update(
        attempt_time=timezone.now() - timedelta(minutes=14)
    )

    assert attempt(client, url, "victim", "pw").status_code == 429


def test_cool_off_follows_the_setting(client, victim, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=1)
    url = LOGIN_PAGES[0]
    fail(client, url, "victim", 5)

    locked = attempt(client, url, "victim", "pw")
    assert "Please wait 1 minute " in locked.content.decode()

    AccessAttempt.objects.filter(username="victim").update(
        attempt_time=timezone.now() - timedelta(minutes=1, seconds=1)
    )
    assert attempt(client, url, "victim", "pw").status_code == 302


def test_success_clears_only_its_own_username_and_address(client, victim):
    url = LOGIN_PAGES[0]
    factories.make_editor("other")
    fail(client, url, "victim", 4)
    fail(client, url, "victim", 4, ip=ELSEWHERE)
    fail(client, url, "other", 4)

    assert attempt(client, url, "victim", "pw").status_code == 302
    client.logout()

    remaining = {
        (row.username, row.ip_address): row.failures_since_start
        for row in AccessAttempt.objects.all()
    }
    assert remaining == {("victim", ELSEWHERE): 4, ("other", HOME): 4}
    # The cleared pair starts again from zero; the others are one failure from a lock.
    assert fail(client, url, "victim", 4) == [200] * 4
    assert fail(client, url, "victim", 1, ip=ELSEWHERE) == [429]
    assert fail(client, url, "other", 1) == [429]


def test_another_users_success_does_not_clear_a_lock(client, victim):
    url = LOGIN_PAGES[0]
    factories.make_reader("attacker")
    fail(client, url, "victim", 5)

    assert attempt(client, url, "attacker", "pw").status_code == 302
    client.logout()

    assert attempt(client, url, "victim", "pw").status_code == 429


def test_demo_accounts_log_in(client):
    call_command("create_demo_accounts", verbosity=0)

    for username in ["admin", "publisher", "editor", "reader"]:
        response = attempt(client, LOGIN_PAGES[0], username, username)
        assert response.status_code == 302, username
        client.logout()
    assert attempt(client, "/admin/login/", "editor", "editor").status_code == 302


def test_test_client_login_helpers_still_work(client, victim):
    assert client.login(username="victim", password="pw")
    assert client.get("/admin/").status_code == 200
    client.logout()

    assert client.login(request=HttpRequest(), username="victim", password="pw")
    assert not client.login(username="victim", password="wrong")

    client.force_login(victim)
    assert client.get("/admin/").status_code == 200


PROXY = "10.0.0.1"


def through_proxy(client, username, password, forwarded_for):
    return client.post(
        LOGIN_PAGES[0],
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_a_proxy_the_forwarded_address_counts(client, victim, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for spoofed in ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"]:
        # What the client sent comes first; the proxy appends the address it saw.
        through_proxy(client, "victim", "wrong", f"{spoofed}, {HOME}")

    assert through_proxy(client, "victim", "pw", HOME).status_code == 429
    assert through_proxy(client, "victim", "pw", ELSEWHERE).status_code == 302
    assert AccessAttempt.objects.get().ip_address == HOME


def test_without_a_trusted_proxy_forwarded_for_is_ignored(client, victim):
    for forged in ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"]:
        client.post(
            LOGIN_PAGES[0],
            {"username": "victim", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=forged,
        )

    assert attempt(client, LOGIN_PAGES[0], "victim", "pw").status_code == 429


@pytest.mark.parametrize("forwarded_for", ["", "not-an-address", "1.2.3.4, <script>", " , "])
def test_a_malformed_forwarded_for_falls_back_to_the_proxy(client, victim, settings, forwarded_for):
    settings.TRUSTED_PROXY_COUNT = 1

    response = through_proxy(client, "victim", "wrong", forwarded_for)

    assert response.status_code == 200
    assert AccessAttempt.objects.get().ip_address == PROXY


# Password spraying: one address trying a password on many usernames, or one username
# tried from many addresses, never repeats a (username, address) pair often enough to
# lock it, so each of those is counted and limited on its own as well.


def addresses(count):
    return [f"203.0.113.{number}" for number in range(1, count + 1)]


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_one_address_trying_many_usernames_is_locked_out(client, victim, url, settings):
    limit = settings.LOGIN_FAILURE_LIMITS["ip_address"]
    sprayed = [f"guess{number}" for number in range(limit)]

    statuses = [attempt(client, url, username, "Summer2024!").status_code for username in sprayed]

    assert statuses == [200] * (limit - 1) + [429]
    # Every username is refused from that address now, the right password too.
    right = attempt(client, url, "victim", "pw")
    assert right.status_code == 429
    assert "accounts/locked_out.html" in [template.name for template in right.templates]
    assert LOCKED_TEXT in right.content.decode()
    assert not is_logged_in(client, victim)
    # Another address is not affected.
    assert attempt(client, url, "victim", "pw", ip=ELSEWHERE).status_code == 302
    assert is_logged_in(client, victim)


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_one_username_tried_from_many_addresses_is_locked_out(client, victim, url, settings):
    limit = settings.LOGIN_FAILURE_LIMITS["username"]
    other = factories.make_editor("other")
    *spread, fresh = addresses(limit + 1)

    statuses = [attempt(client, url, "victim", "wrong", ip=ip).status_code for ip in spread]

    assert statuses == [200] * (limit - 1) + [429]
    # Refused wherever it comes from, even from an address that never failed.
    right = attempt(client, url, "victim", "pw", ip=fresh)
    assert right.status_code == 429
    assert "accounts/locked_out.html" in [template.name for template in right.templates]
    assert not is_logged_in(client, victim)
    # Other usernames still log in from those addresses.
    assert attempt(client, url, "other", "pw", ip=spread[0]).status_code == 302
    assert is_logged_in(client, other)


def test_the_wider_limits_leave_room_for_honest_typos(settings):
    limits = settings.LOGIN_FAILURE_LIMITS
    # A pair locks first: one person's typos never lock their office's shared address,
    # nor their account on their other devices.
    assert limits[("username", "ip_address")] == settings.AXES_FAILURE_LIMIT == 5
    assert limits["ip_address"] > limits["username"] > limits[("username", "ip_address")]


def test_spraying_below_the_limit_does_not_lock(client, victim, settings):
    url = LOGIN_PAGES[0]
    limit = settings.LOGIN_FAILURE_LIMITS["ip_address"]
    for number in range(limit - 1):
        attempt(client, url, f"guess{number}", "wrong")

    assert attempt(client, url, "victim", "pw").status_code == 302


def test_a_sprayers_own_successful_login_does_not_clear_the_address_count(client, victim, settings):
    url = LOGIN_PAGES[0]
    factories.make_reader("attacker")
    limit = settings.LOGIN_FAILURE_LIMITS["ip_address"]
    for number in range(limit - 1):
        attempt(client, url, f"guess{number}", "wrong")

    assert attempt(client, url, "attacker", "pw").status_code == 302
    client.logout()

    assert attempt(client, url, "one-more-guess", "wrong").status_code == 429


def test_a_success_elsewhere_does_not_clear_the_username_count(client, victim, settings):
    url = LOGIN_PAGES[0]
    limit = settings.LOGIN_FAILURE_LIMITS["username"]
    *spread, mine, last = addresses(limit + 1)
    for ip in spread:
        attempt(client, url, "victim", "wrong", ip=ip)

    assert attempt(client, url, "victim", "pw", ip=mine).status_code == 302
    client.logout()

    assert attempt(client, url, "victim", "wrong", ip=last).status_code == 429


def test_the_spraying_lock_releases_after_the_cool_off(client, victim, settings):
    url = LOGIN_PAGES[0]
    for number in range(settings.LOGIN_FAILURE_LIMITS["ip_address"]):
        attempt(client, url, f"guess{number}", "wrong")
    assert attempt(client, url, "victim", "pw").status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))

    assert attempt(client, url, "victim", "pw").status_code == 302
