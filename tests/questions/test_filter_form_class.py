"""The filters' form class is built once per process; each form has its own choices."""

from django.contrib.auth.models import AnonymousUser

from questions.filters import QuestionFilter
from questions.models import Question
from questions.practice.filters import PracticeFilter
from tests.factories import make_draft, make_framework, make_question, make_topic


def filters(rf, user, **scope):
    request = rf.get("/", {"framework": "flask"})
    request.user = user
    return QuestionFilter(request.GET, queryset=Question.objects.all(), request=request, **scope)


def offered(filterset):
    return [framework.slug for framework in filterset.form.fields["framework"].queryset]


def test_every_filter_set_shares_one_form_class(rf, topic):
    first, second = filters(rf, AnonymousUser(), topic=topic), filters(rf, AnonymousUser())

    assert type(first.form) is type(second.form)
    assert first.form is not second.form


def test_each_form_offers_the_choices_of_its_own_scope_and_visitor(rf, topic, editor):
    other = make_topic()
    make_question(topic=topic, framework=make_framework("django"))
    make_question(topic=other, framework=make_framework("flask"))
    make_draft(topic=other, framework=make_framework("fastapi"))

    # A topic offers its own frameworks, and keeps the one the link asks for.
    assert offered(filters(rf, AnonymousUser(), topic=topic)) == ["django", "flask"]
    assert offered(filters(rf, AnonymousUser(), topic=other)) == ["flask"]
    assert offered(filters(rf, AnonymousUser())) == ["django", "flask"]
    assert offered(filters(rf, editor)) == ["django", "fastapi", "flask"]
    assert filters(rf, AnonymousUser(), topic=other).qs.count() == 1


def test_a_subclass_has_its_own_form_class_with_fresh_choices(rf, topic):
    request = rf.get("/")
    request.user = AnonymousUser()
    first = PracticeFilter(request.GET, request=request).form
    later = make_topic()
    make_question(topic=later)

    practice = PracticeFilter(request.GET, request=request)
    assert type(practice.form) is type(first)
    assert type(practice.form) is not type(filters(rf, AnonymousUser()).form)
    assert [t.pk for t in practice.form.fields["topic"].queryset] == [later.pk]
