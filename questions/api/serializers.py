from rest_framework import serializers

from ..models import Answer, Framework, Question, Topic


class SiteURLField(serializers.SerializerMethodField):
    """The object's page on the site, as an absolute URL."""

    def __init__(self, **kwargs):
        super().__init__(method_name="_site_url", **kwargs)


class SiteURLMixin:
    def _site_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class TopicSerializer(SiteURLMixin, serializers.ModelSerializer):
    question_count = serializers.IntegerField(read_only=True, help_text="Published questions.")
    site_url = SiteURLField()

    class Meta:
        model = Topic
        fields = ["slug", "name", "description", "description_html", "question_count", "site_url"]


class FrameworkSerializer(SiteURLMixin, serializers.ModelSerializer):
    question_count = serializers.IntegerField(read_only=True, help_text="Published questions.")
    site_url = SiteURLField()

    class Meta:
        model = Framework
        fields = ["slug", "name", "question_count", "site_url"]


class TopicRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name"]


class FrameworkRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Framework
        fields = ["slug", "name"]


class QuestionSerializer(SiteURLMixin, serializers.ModelSerializer):
    """A question as lists show it: no body, no answers."""

    url = serializers.HyperlinkedIdentityField(
        view_name="api:question-detail", lookup_field="slug", help_text="This question in the API."
    )
    topic = TopicRefSerializer(read_only=True)
    framework = FrameworkRefSerializer(read_only=True)
    published_at = serializers.DateTimeField(source="publish_at", read_only=True)
    site_url = SiteURLField()

    class Meta:
        model = Question
        fields = [
            *("slug", "title", "difficulty", "topic", "framework", "published_at"),
            *("url", "site_url"),
        ]


class AnswerSerializer(serializers.ModelSerializer):
    body = serializers.CharField(read_only=True, help_text="Markdown, as the editor wrote it.")
    body_html = serializers.CharField(read_only=True, help_text="Rendered and sanitised HTML.")

    class Meta:
        model = Answer
        fields = ["id", "position", "body", "body_html"]


class QuestionDetailSerializer(QuestionSerializer):
    body = serializers.CharField(read_only=True, help_text="Markdown, as the editor wrote it.")
    body_html = serializers.CharField(read_only=True, help_text="Rendered and sanitised HTML.")
    answers = AnswerSerializer(many=True, read_only=True)
    checked_against = serializers.StringRelatedField(
        source="checked_versions",
        many=True,
        read_only=True,
        help_text="The framework versions the answers were checked against.",
    )

    class Meta(QuestionSerializer.Meta):
        fields = [
            *QuestionSerializer.Meta.fields,
            *("updated_at", "body", "body_html", "answers", "checked_against"),
        ]


class ErrorSerializer(serializers.Serializer):
    """What every error answers (404, 405, 429): a sentence for people."""

    detail = serializers.CharField()


class FilterErrorSerializer(ErrorSerializer):
    """A 400 for invalid filter values: each field's messages too."""

    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
