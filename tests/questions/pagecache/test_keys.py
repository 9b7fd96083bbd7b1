"""A page is cached under its path and known parameters only: tracking links share it."""

from django.core.cache import cache

from questions.pagecache.middleware import KEY_PREFIX
from tests.factories import make_question
from tests.pages import listed_titles
from tests.questions.pagecache.visits import fetch


def stored_pages():
    # The test settings' cache is Django's local memory; its keys carry ours.
    return [key for key in cache._cache if KEY_PREFIX in key]


def test_a_hundred_unknown_parameters_make_one_entry_and_one_render(client, question):
    states = [
        fetch(client, f"/topics/routing/?utm_source={number}&fbclid=x{number}")["X-Page-Cache"]
        for number in range(100)
    ]

    assert states.count("miss") == 1
    assert len(stored_pages()) == 1
    assert fetch(client, "/topics/routing/")["X-Page-Cache"] == "hit"


def test_a_page_reached_through_a_tracking_link_is_the_plain_page(client, question):
    tracked = fetch(client, "/topics/routing/?utm_source=newsletter")
    plain = fetch(client, "/topics/routing/")

    assert plain["X-Page-Cache"] == "hit"
    assert b"utm_source" not in tracked.content
    assert b"Clear filters" not in tracked.content


def test_known_parameters_still_make_pages_of_their_own(client, topic):
    make_question("Beginner one?", topic=topic, difficulty="beginner")
    make_question("Advanced one?", topic=topic, difficulty="advanced")
    fetch(client, "/topics/routing/?difficulty=advanced&utm_source=a")

    again = fetch(client, "/topics/routing/?utm_medium=b&difficulty=advanced")
    unfiltered = fetch(client, "/topics/routing/")

    assert again["X-Page-Cache"] == "hit"
    assert listed_titles(again) == ["Advanced one?"]
    assert unfiltered["X-Page-Cache"] == "miss"
    assert len(stored_pages()) == 2


def test_a_repeated_parameter_is_keyed_by_the_value_the_filter_reads(client, topic):
    make_question("Beginner one?", topic=topic, difficulty="beginner")
    make_question("Advanced one?", topic=topic, difficulty="advanced")

    first = fetch(client, "/topics/routing/?difficulty=beginner&difficulty=advanced")
    second = fetch(client, "/topics/routing/?difficulty=advanced")

    assert listed_titles(first) == listed_titles(second) == ["Advanced one?"]
    assert second["X-Page-Cache"] == "hit"


def test_made_up_filter_values_are_answered_but_never_stored(client, question):
    responses = [fetch(client, f"/topics/routing/?framework=made-up-{n}") for n in range(20)]

    assert all(response["X-Page-Cache"] == "miss" for response in responses)
    assert stored_pages() == []
    assert question.title in listed_titles(responses[-1])


def test_an_encoded_parameter_name_is_still_the_parameter(client, topic):
    make_question("Beginner one?", topic=topic, difficulty="beginner")
    make_question("Advanced one?", topic=topic, difficulty="advanced")

    encoded = fetch(client, "/topics/routing/?%64ifficulty=advanced")
    plain = fetch(client, "/topics/routing/")

    assert listed_titles(encoded) == ["Advanced one?"]
    assert plain["X-Page-Cache"] == "miss"
    assert listed_titles(plain) == ["Beginner one?", "Advanced one?"]
    assert fetch(client, "/topics/routing/?difficulty=advanced")["X-Page-Cache"] == "hit"
