"""Coming to the end of a practice list says so once, with the way on."""

from questions.practice.models import Progress
from tests.factories import make_question, make_topic
from tests.pages import attr, find, find_all, parse, text

PRACTICE = "/practice/"


def shown_messages(response):
    """Every flash message and status line the page shows, in order."""
    page = parse(response)
    flashes = find_all(page, "li", css_class="message")
    statuses = [
        element
        for element in find_all(find(page, "main"), attrs={"role": "status"})
        if "messages" not in (attr(element, "class") or "").split()
    ]
    return [text(element) for element in [*flashes, *statuses]]


def test_marking_the_last_question_of_a_list_known_finishes_it_with_one_message(client, reader):
    topic = make_topic("ORM", slug="orm")
    question = make_question("ORM question?", topic=topic)
    Progress.objects.create(user=reader, question=question, state="learning")
    client.force_login(reader)
    url = f"{PRACTICE}?topic=orm&progress=learning"
    form = find(parse(client.get(url)), "form", css_class="progress-form")
    following = attr(find(form, "input", attrs={"name": "next"}), "value")

    response = client.post(attr(form, "action"), {"state": "known", "next": following}, follow=True)

    assert shown_messages(response) == [
        "Marked as known.",
        "You have been through every question that matches these filters. "
        "Change the filters · Start over with every question",
    ]
    done = find(parse(response), "div", css_class="empty")
    links = {text(link): attr(link, "href") for link in find_all(done, "a")}
    assert links == {
        "Change the filters": "#practice-filters-title",
        "Start over with every question": PRACTICE,
    }


def test_going_round_a_seen_list_again_says_so_once(client):
    topic = make_topic("ORM", slug="orm")
    make_question("ORM question?", topic=topic)
    first = client.get(f"{PRACTICE}?topic=orm")
    again = client.get(attr(find(parse(first), "a", attrs={"data-shortcut": "n"}), "href"))

    assert shown_messages(again) == [
        "You have seen every question that matches these filters recently, "
        "so they come round again. Change the filters"
    ]
