"""`{% route %}`: a URL without arguments, reversed once per process."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse, set_script_prefix


def render(source):
    return Template("{% load nav_tags %}" + source).render(Context())


def test_route_is_the_reversed_url():
    assert render("{% route 'questions:home' %}") == reverse("questions:home")
    assert (
        render("{% route 'accounts:login' as url %}[{{ url }}]") == f"[{reverse('accounts:login')}]"
    )


def test_route_follows_the_script_prefix():
    render("{% route 'questions:question_list' %}")
    set_script_prefix("/mounted/")
    try:
        assert render("{% route 'questions:question_list' %}") == "/mounted/questions/"
    finally:
        set_script_prefix("/")
    assert render("{% route 'questions:question_list' %}") == "/questions/"


def test_an_unknown_name_fails_as_url_does():
    with pytest.raises(NoReverseMatch):
        render("{% route 'questions:nowhere' %}")
