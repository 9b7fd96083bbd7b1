import django_filters
from django.utils.translation import gettext_lazy as _

from questions.filters import QuestionFilter
from questions.models import Question, Topic


def topics_for(request):
    """The topic choices a visitor may practise."""
    if request is None:
        return Topic.objects.visible()
    return Topic.objects.visible_to(request.user)


class PracticeFilter(QuestionFilter):
    """The list filters plus a topic, since practice draws from the whole bank."""

    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"), queryset=topics_for, to_field_name="slug", empty_label=_("Any topic")
    )

    class Meta(QuestionFilter.Meta):
        fields = ["topic", *QuestionFilter.Meta.fields]

    def __init__(self, data=None, queryset=None, **kwargs):
        # Practice draws from the published questions only, even for editors.
        super().__init__(
            data, Question.objects.published() if queryset is None else queryset, **kwargs
        )
