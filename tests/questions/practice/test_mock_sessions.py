"""Anonymous mock interviews keep a session row each: it expires soon, clearsessions removes it."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from questions.practice.mock import ANONYMOUS_SESSION_SECONDS, MockInterview
from tests.factories import make_question

SETUP = "/practice/mock/"


@pytest.fixture(autouse=True)
def bank(topic):
    for number in range(3):
        make_question(f"Routing {number}?", topic=topic, answers=[f"Answer {number}."])


def start(client):
    return client.post(SETUP, {"topic": "routing", "questions": "2", "minutes": "1"})


def session_row(client):
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def seconds_left(client):
    return (session_row(client).expire_date - timezone.now()).total_seconds()


def answer(client, number):
    token = MockInterview.load(client.session).token
    client.get(f"{SETUP}{number}/")
    return client.post(f"{SETUP}{number}/", {"result": "knew", "token": token})


def test_the_anonymous_expiry_is_short_but_outlasts_a_question():
    # Longer than the longest time one question allows, so an interview in progress
    # never loses its session; far shorter than a signed-in session's two weeks.
    assert 10 * 60 < ANONYMOUS_SESSION_SECONDS <= 2 * 60 * 60


def test_an_anonymous_mock_interview_session_expires_soon(client):
    response = start(client)

    assert response.status_code == 302
    assert ANONYMOUS_SESSION_SECONDS - 60 < seconds_left(client) <= ANONYMOUS_SESSION_SECONDS
    assert client.session.get_expiry_age() <= ANONYMOUS_SESSION_SECONDS
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == ANONYMOUS_SESSION_SECONDS


def test_each_answer_keeps_an_anonymous_interview_alive_for_the_same_short_time(client):
    start(client)
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=5))

    answer(client, 1)

    assert ANONYMOUS_SESSION_SECONDS - 60 < seconds_left(client) <= ANONYMOUS_SESSION_SECONDS


def test_clearsessions_removes_an_anonymous_interview_an_hour_after_its_last_answer(client, reader):
    start(client)
    anonymous_key = session_row(client).session_key
    signed_in = type(client)()
    signed_in.force_login(reader)
    start(signed_in)
    # As if both had last been saved just over the anonymous expiry ago.
    earlier = timedelta(seconds=ANONYMOUS_SESSION_SECONDS + 60)
    for row in Session.objects.all():
        Session.objects.filter(pk=row.pk).update(expire_date=row.expire_date - earlier)

    call_command("clearsessions")

    assert not Session.objects.filter(session_key=anonymous_key).exists()
    assert Session.objects.filter(pk=session_row(signed_in).pk).exists()


def test_a_signed_in_readers_mock_interview_keeps_the_usual_session_age(client, reader):
    client.force_login(reader)

    start(client)

    assert seconds_left(client) > settings.SESSION_COOKIE_AGE - 60


def test_logging_in_after_an_anonymous_interview_restores_the_usual_session_age(client, reader):
    start(client)

    response = client.post("/accounts/login/", {"username": reader.username, "password": "pw"})

    assert response.status_code == 302
    assert seconds_left(client) > settings.SESSION_COOKIE_AGE - 60
    # The interview itself survives the login.
    assert MockInterview.load(client.session) is not None
