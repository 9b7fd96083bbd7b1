"""Spaced-repetition reviews (FSRS): adding questions, what is due, rating, and the charts."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from questions.models import Difficulty, Question, Status
from questions.practice.charts import due_forecast, review_history
from questions.practice.models import ReviewCard, ReviewLog, ReviewRating, ReviewSource
from questions.practice.reviews import (
    MAX_ADD,
    add_to_reviews,
    due_cards,
    due_count,
    next_due,
    record_review,
    replay,
)
from tests.factories import (
    bulk_make_questions,
    make_draft,
    make_question,
    make_reader,
    make_scheduled,
    make_topic,
)
from tests.pages import attr, find, find_all, parse, text

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
REVIEW = "/practice/review/"
ADD = "/practice/review/add/"


@pytest.fixture
def question(topic):
    return make_question("What is a URLconf?", topic=topic, slug="urlconf", answers=["A map."])


@pytest.fixture
def other_reader():
    return make_reader("other")


def added(user, *questions, now=NOW):
    ids = [question.pk for question in questions]
    return add_to_reviews(user=user, questions=Question.objects.filter(pk__in=ids), now=now)


def card_of(user, question):
    return ReviewCard.objects.get(user=user, question=question)


def interval(card):
    return card.due - card.last_review


def unpublish(question):
    Question.objects.filter(pk=question.pk).update(status=Status.DRAFT)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# The schedule


def test_an_added_question_is_due_at_once(reader, question):
    assert added(reader, question).added == 1

    assert list(due_cards(reader, NOW)) == [card_of(reader, question)]
    assert card_of(reader, question).due == NOW


def test_good_grows_the_interval(reader, question):
    added(reader, question)
    moment, intervals = NOW, []
    for _review in range(4):
        card = record_review(user=reader, question=question, rating=ReviewRating.GOOD, now=moment)
        intervals.append(interval(card))
        moment = card.due

    assert intervals == sorted(intervals)
    assert len(set(intervals)) == len(intervals)
    assert intervals[-1] > timedelta(days=3)


def test_again_shortens_the_interval(reader, question):
    added(reader, question)
    card = record_review(user=reader, question=question, rating=ReviewRating.EASY, now=NOW)
    card = record_review(user=reader, question=question, rating=ReviewRating.GOOD, now=card.due)
    before = interval(card)

    card = record_review(user=reader, question=question, rating=ReviewRating.AGAIN, now=card.due)

    assert interval(card) < before
    assert interval(card) <= timedelta(minutes=10)


def test_every_review_is_kept_and_replays_to_the_stored_schedule(reader, question):
    added(reader, question)
    moment = NOW
    for rating in [ReviewRating.GOOD, ReviewRating.GOOD, ReviewRating.AGAIN, ReviewRating.HARD]:
        card = record_review(user=reader, question=question, rating=rating, now=moment)
        moment = card.due + timedelta(hours=1)

    logs = ReviewLog.objects.filter(user=reader, question=question)
    assert [log.rating for log in logs] == [3, 3, 1, 2]
    replayed = replay(card)
    assert replayed.due == card.due
    assert replayed.stability == pytest.approx(card.stability)
    assert replayed.difficulty == pytest.approx(card.difficulty)
    assert int(replayed.state) == card.state


def test_the_due_list_is_exact(reader, topic):
    early, exact, later = (make_question(f"Q{n}?", topic=topic) for n in range(3))
    added(reader, early, now=NOW - timedelta(days=2))
    added(reader, exact, now=NOW)
    added(reader, later, now=NOW + timedelta(seconds=1))

    assert [card.question for card in due_cards(reader, NOW)] == [early, exact]
    assert due_count(reader, NOW) == 2
    assert next_due(reader, NOW) == NOW + timedelta(seconds=1)
    assert next_due(reader, NOW + timedelta(seconds=1)) is None


def test_two_readers_never_see_each_others_schedule(client, reader, other_reader, question):
    added(reader, question, now=timezone.now())
    record_review(user=reader, question=question, rating=ReviewRating.AGAIN)

    assert due_count(other_reader) == 0
    client.force_login(other_reader)
    page = client.get(REVIEW)
    assert "URLconf" not in page.content.decode()
    stamp = card_of(reader, question).last_review.isoformat()
    response = client.post(REVIEW, {"question": question.pk, "rating": "3", "stamp": stamp})
    assert response.status_code == 404
    assert ReviewLog.objects.filter(user=reader).count() == 1
    assert not ReviewLog.objects.filter(user=other_reader).exists()


def test_an_unpublished_question_leaves_the_reviews_and_keeps_its_history(
    client, reader, question, topic
):
    other = make_question("Still published?", topic=topic)
    added(reader, question, other, now=timezone.now() - timedelta(minutes=5))
    record_review(user=reader, question=question, rating=ReviewRating.AGAIN)
    ReviewCard.objects.filter(question=question).update(due=timezone.now() - timedelta(minutes=1))
    assert due_count(reader) == 2

    unpublish(question)

    assert [card.question for card in due_cards(reader)] == [other]
    assert ReviewLog.objects.filter(user=reader, question=question).count() == 1
    client.force_login(reader)
    page = client.get(REVIEW).content.decode()
    assert "URLconf" not in page
    assert "Still published?" in page
    assert ReviewCard.objects.filter(user=reader, question=question).exists()


def test_drafts_and_scheduled_questions_are_never_added(client, reader, topic):
    draft = make_draft("A draft?", topic=topic)
    scheduled = make_scheduled("Coming soon?", topic=topic)

    assert added(reader, draft, scheduled).added == 0
    client.force_login(reader)
    for hidden in (draft, scheduled):
        response = client.post(ADD, {"question": hidden.pk})
        assert response.status_code == 404
    assert not ReviewCard.objects.exists()


# Adding


def test_a_reader_adds_one_question_from_its_page(client, reader, question):
    client.force_login(reader)
    page = parse(client.get(question.get_absolute_url()))
    form = find(page, "form", css_class="review-add-form")
    assert attr(form, "action") == ADD

    response = client.post(ADD, {"question": question.pk, "next": question.get_absolute_url()})

    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()
    assert card_of(reader, question).due <= timezone.now()
    page = parse(client.get(question.get_absolute_url()))
    assert text(find(page, css_class="review-add-form")) == "In your reviews"
    assert not find_all(page, "form", css_class="review-add-form")


def test_adding_a_topic_adds_its_published_questions_once(client, reader, topic):
    for number in range(3):
        make_question(f"Routing {number}?", topic=topic)
    make_draft("Routing draft?", topic=topic)
    make_question("Elsewhere?", topic=make_topic("ORM", slug="orm"))
    client.force_login(reader)
    button = find(parse(client.get(topic.get_absolute_url())), "form", css_class="add-reviews-form")
    assert "Add this topic\u2019s 3 questions to my reviews" in text(button)

    first = client.post(ADD, {"topic": topic.slug}, follow=True)
    second = client.post(ADD, {"topic": topic.slug}, follow=True)

    assert ReviewCard.objects.filter(user=reader).count() == 3
    assert set(ReviewCard.objects.values_list("question__topic", flat=True)) == {topic.pk}
    assert "Added 3 questions to your reviews." in messages_of(first)
    assert "These questions are already in your reviews." in messages_of(second)


def test_adding_a_filtered_list_adds_exactly_what_it_shows(
    client, reader, topic, django_framework, flask_framework
):
    for number in range(4):
        make_question(f"Django advanced {number}?", topic=topic, difficulty=Difficulty.ADVANCED)
    make_question("Django beginner?", topic=topic)
    make_question("Flask advanced?", topic=topic, framework=flask_framework, difficulty="advanced")
    make_draft("Draft advanced?", topic=topic, difficulty=Difficulty.ADVANCED)
    client.force_login(reader)
    listing = client.get("/questions/?framework=django&difficulty=advanced")
    form = find(parse(listing), "form", css_class="add-reviews-form")
    assert "Add these 4 to my reviews" in text(form)
    fields = {
        attr(field, "name"): attr(field, "value")
        for field in find_all(form, "input")
        if attr(field, "type") == "hidden"
    }
    assert fields["framework"] == "django"
    assert fields["difficulty"] == "advanced"

    response = client.post(ADD, fields, follow=True)

    titles = set(ReviewCard.objects.filter(user=reader).values_list("question__title", flat=True))
    assert titles == {f"Django advanced {number}?" for number in range(4)}
    assert "Added 4 questions to your reviews." in messages_of(response)


def test_adding_is_bounded(client, reader, topic, django_framework):
    bulk_make_questions(MAX_ADD + 1, topics=[topic], frameworks=[django_framework], answers=0)
    client.force_login(reader)
    listing = parse(client.get("/questions/"))
    assert not find_all(find(listing, "form", css_class="add-reviews-form"), "button")

    response = client.post(ADD, {}, follow=True)

    assert not ReviewCard.objects.exists()
    assert f"more than {MAX_ADD} questions: nothing was added" in " ".join(messages_of(response))
    first = Question.objects.order_by("pk").values_list("pk", flat=True)[:MAX_ADD]
    assert added(reader, *Question.objects.filter(pk__in=list(first))).added == MAX_ADD


def test_adding_refuses_bad_filters(client, reader, question):
    client.force_login(reader)

    assert client.post(ADD, {"difficulty": "impossible"}).status_code == 400
    assert client.post(ADD, {"question": "x"}).status_code == 400
    assert client.post(ADD, {"topic": "no-such-topic"}).status_code == 404
    for hostile in ["9" * 30, "\u0661", "-1", "1\x00"]:
        assert client.post(ADD, {"question": hostile}).status_code == 400
    assert client.post(ADD, {"topic": "routing\x00"}).status_code == 400
    assert client.get(ADD).status_code == 405
    assert not ReviewCard.objects.exists()


# The review page


def test_the_review_page_shows_one_due_question_and_rates_it(client, reader, question, topic):
    make_question("Not added?", topic=topic)
    added(reader, question, now=timezone.now())
    client.force_login(reader)

    page = parse(client.get(REVIEW))

    assert "1 question is due now." in text(find(page, "p", css_class="lead"))
    assert text(find(page, "h2", attrs={"id": "review-title"})) == "What is a URLconf?"
    details = find(page, "details", css_class="answer")
    assert "A map." in text(details)
    buttons = find_all(find(page, "form", css_class="review-form"), "button")
    assert [attr(button, "value") for button in buttons] == ["1", "2", "3", "4"]
    assert [attr(button, "data-shortcut") for button in buttons] == ["1", "2", "3", "4"]
    assert [text(button).split()[0] for button in buttons] == ["Again", "Hard", "Good", "Easy"]

    response = client.post(REVIEW, {"question": question.pk, "rating": "4", "stamp": "new"})

    assert response.status_code == 302
    assert response["Location"] == REVIEW
    card = card_of(reader, question)
    assert card.due > timezone.now() + timedelta(days=1)
    log = ReviewLog.objects.get(user=reader)
    assert (log.rating, log.source) == (ReviewRating.EASY, ReviewSource.REVIEW)
    lead = text(find(parse(client.get(REVIEW)), "p", css_class="lead"))
    assert lead.startswith("Nothing is due now. The next question is due on")


def test_a_second_submit_of_the_same_review_is_ignored(client, reader, question):
    added(reader, question, now=timezone.now())
    client.force_login(reader)
    data = {"question": question.pk, "rating": "1", "stamp": "new"}

    client.post(REVIEW, data)
    response = client.post(REVIEW, data, follow=True)

    assert ReviewLog.objects.count() == 1
    assert "That question was already reviewed." in messages_of(response)


def test_a_review_of_a_hostile_question_id_is_a_400(client, reader, question):
    added(reader, question, now=timezone.now())
    client.force_login(reader)

    for hostile in ["9" * 30, "", "x", "\u0661"]:
        response = client.post(REVIEW, {"question": hostile, "rating": "3", "stamp": "new"})
        assert response.status_code == 400
    assert not ReviewLog.objects.exists()


@pytest.mark.parametrize("rating", ["0", "5", "good", "", "3.0"])
def test_a_bad_rating_is_a_400(client, reader, question, rating):
    added(reader, question, now=timezone.now())
    client.force_login(reader)

    response = client.post(REVIEW, {"question": question.pk, "rating": rating, "stamp": "new"})

    assert response.status_code == 400
    assert not ReviewLog.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, question):
    for response in (client.get(REVIEW), client.post(ADD, {"question": question.pk})):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    assert not ReviewCard.objects.exists()


# Progress marks and mock interviews feed the same schedule


def test_progress_marks_are_reviews(client, reader, question):
    client.force_login(reader)
    url = f"/accounts/questions/{question.pk}/progress/"

    client.post(url, {"state": "known"})
    known = card_of(reader, question)
    client.post(url, {"state": "learning"})
    learning = card_of(reader, question)
    client.post(url, {"state": "new"})

    logs = ReviewLog.objects.filter(user=reader)
    assert [(log.rating, log.source) for log in logs] == [
        (ReviewRating.EASY, ReviewSource.PROGRESS),
        (ReviewRating.AGAIN, ReviewSource.PROGRESS),
    ]
    assert known.due - known.last_review > timedelta(days=1)
    assert learning.due - learning.last_review <= timedelta(minutes=10)


def test_mock_interview_answers_are_reviews(client, reader, topic):
    for number in range(2):
        make_question(f"Routing {number}?", topic=topic)
    client.force_login(reader)
    client.post("/practice/mock/", {"topic": topic.slug, "questions": "2", "minutes": "2"})

    for number, result in [(1, "knew"), (2, "missed")]:
        token = client.session["mock_interview"]["token"]
        client.get(f"/practice/mock/{number}/")
        client.post(f"/practice/mock/{number}/", {"result": result, "token": token})

    ids = client.session["mock_interview"]["question_ids"]
    ratings = [ReviewLog.objects.get(user=reader, question_id=pk).rating for pk in ids]
    assert ratings == [ReviewRating.GOOD, ReviewRating.AGAIN]
    assert set(ReviewLog.objects.values_list("source", flat=True)) == {ReviewSource.MOCK}


def test_anonymous_mock_interviews_keep_no_reviews(client, topic, question):
    client.post("/practice/mock/", {"topic": topic.slug, "questions": "1", "minutes": "2"})
    token = client.session["mock_interview"]["token"]
    client.get("/practice/mock/1/")
    client.post("/practice/mock/1/", {"result": "knew", "token": token})

    assert not ReviewLog.objects.exists()


# The header and the profile


def test_the_header_counts_what_is_due_in_one_query(
    client, reader, topic, django_framework, django_assert_num_queries
):
    bulk_make_questions(50, topics=[topic], frameworks=[django_framework], answers=0)
    ids = list(Question.objects.order_by("pk").values_list("pk", flat=True))
    client.force_login(reader)
    counts = {}
    for due in (1, 50):
        add_to_reviews(user=reader, questions=Question.objects.filter(pk__in=ids[:due]))
        for url in ("/", "/questions/"):
            with CaptureQueriesContext(connection) as queries:
                page = parse(client.get(url))
            nav = find(page, "nav", css_class="site-nav")
            link = find(nav, "a", attrs={"href": REVIEW})
            assert text(link) == f"Reviews {due} due"
            review_counts = [
                query["sql"]
                for query in queries.captured_queries
                if "COUNT" in query["sql"] and "practice_reviewcard" in query["sql"]
            ]
            assert len(review_counts) == 1
            counts.setdefault(url, []).append(len(queries))
    for url, measured in counts.items():
        assert measured[0] == measured[1], url
        with django_assert_num_queries(measured[0]):
            client.get(url)


def test_the_header_has_no_reviews_link_for_anonymous_visitors(client, question):
    nav = find(parse(client.get("/")), "nav", css_class="site-nav")
    assert not find_all(nav, "a", attrs={"href": REVIEW})


def test_history_and_retention_per_day(reader, other_reader, topic):
    first, second = make_question("One?", topic=topic), make_question("Two?", topic=topic)
    added(reader, first, second, now=NOW - timedelta(days=40))
    reviews = [
        (first, ReviewRating.GOOD, NOW - timedelta(days=35)),  # before the 30 days
        (first, ReviewRating.AGAIN, NOW - timedelta(days=3)),
        (second, ReviewRating.GOOD, NOW - timedelta(days=3, hours=1)),
        (first, ReviewRating.GOOD, NOW - timedelta(hours=1)),
        (second, ReviewRating.EASY, NOW - timedelta(hours=2)),
    ]
    for question, rating, moment in reviews:
        record_review(user=reader, question=question, rating=rating, now=moment)
    added(other_reader, first, now=NOW)
    record_review(user=other_reader, question=first, rating=ReviewRating.AGAIN, now=NOW)

    chart, retention = review_history(reader, NOW)

    assert len(chart.bars) == 30
    assert chart.bars[-1].day == NOW.date()
    by_day = {bar.day: bar.count for bar in chart.bars if bar.count}
    assert by_day == {NOW.date() - timedelta(days=3): 2, NOW.date(): 2}
    assert chart.total == 4
    assert retention == 75
    assert review_history(make_reader("idle"), NOW)[1] is None


def test_due_forecast_per_day(reader, topic):
    questions = [make_question(f"Q{n}?", topic=topic) for n in range(4)]
    added(reader, *questions, now=NOW)
    moves = [NOW - timedelta(days=5), NOW, NOW + timedelta(days=2), NOW + timedelta(days=20)]
    for question, due in zip(questions, moves, strict=True):
        ReviewCard.objects.filter(question=question).update(due=due)
    unpublish(questions[2])

    chart = due_forecast(reader, NOW)

    assert len(chart.bars) == 14
    assert {bar.day: bar.count for bar in chart.bars if bar.count} == {NOW.date(): 2}


def test_the_profile_draws_the_charts_with_a_text_alternative(client, reader, question):
    added(reader, question, now=timezone.now() - timedelta(days=1))
    record_review(user=reader, question=question, rating=ReviewRating.GOOD, now=timezone.now())
    client.force_login(reader)

    page = parse(client.get("/accounts/profile/"))

    section = find(page, "section", attrs={"aria-labelledby": "reviews-title"})
    charts = find_all(section, "svg")
    assert len(charts) == 2
    for chart in charts:
        assert attr(chart, "role") == "img"
        title = find(chart, "title", attrs={"id": attr(chart, "aria-labelledby")})
        assert "in total" in text(title)
    tables = find_all(section, "table")
    assert [len(find_all(table, "tr")) for table in tables] == [31, 15]
    assert "Retention over the last 30 days: 100% of reviews not rated Again." in text(section)
    assert len(find_all(charts[0], "rect")) == 1
