import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.pagination import PageNumberPagination

from ..models import Framework, Question, Topic, published_q
from . import serializers
from .filters import FilterBackend, QuestionFilter

logger = logging.getLogger(__name__)

CORS_HEADERS = {
    # Public, read-only data: any site's scripts may read it. No credentials are
    # ever allowed, and the API reads none.
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Retry-After",
    "Access-Control-Max-Age": "86400",
}
LAST_MODIFIED_KEY = "api:last-modified:"
# Any query string makes a key, so none is kept for ever; a date forgotten comes
# back later, never earlier, which costs a client one full answer.
LAST_MODIFIED_SECONDS = 24 * 3600
# Every operation may answer these, besides its own.
ERRORS = {429: serializers.ErrorSerializer}


class Pagination(PageNumberPagination):
    page_size = settings.QUESTIONS_PER_PAGE


class PublicAPIMixin:
    """Validators, CORS and caching headers for every response of the API.

    The ETag is a hash of the body, so it is right whatever changed (an edit, a
    scheduled question going live). Last-Modified is when this body was first
    served at this URL, kept in the shared cache: a copy dated after it is this
    body. Both turn a repeated request into a 304.
    """

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response.render()
            patch_cache_control(response, public=True, no_cache=True)
            response = self._conditional(request, response)
        for name, value in CORS_HEADERS.items():
            response[name] = value
        return response

    def _conditional(self, request, response):
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        key = LAST_MODIFIED_KEY + hashlib.sha256(request.get_full_path().encode()).hexdigest()
        response["ETag"] = etag
        try:
            stored_etag, last_modified = cache.get(key) or (None, 0)
            if stored_etag != etag:
                # HTTP dates count whole seconds: a body that changes within the second
                # it was first served still gets a later date than the one it replaces.
                last_modified = max(int(time.time()), last_modified + 1)
                cache.set(key, (etag, last_modified), LAST_MODIFIED_SECONDS)
        except Exception:
            # Without the cache there is no date to trust; the ETag still answers.
            logger.warning("Cache unreachable; API answer sent without Last-Modified.")
            last_modified = None
        else:
            response["Last-Modified"] = http_date(last_modified)
        return get_conditional_response(
            request, etag=etag, last_modified=last_modified, response=response
        )


@extend_schema_view(
    get=extend_schema(
        summary="Topics with published questions",
        responses={200: serializers.TopicSerializer(many=True), **ERRORS},
    )
)
class TopicList(PublicAPIMixin, generics.ListAPIView):
    """Every topic with at least one published question, in the site's order."""

    serializer_class = serializers.TopicSerializer
    pagination_class = None

    def get_queryset(self):
        return Topic.objects.visible().annotate(
            question_count=Count("questions", filter=published_q("questions__"))
        )


@extend_schema_view(
    get=extend_schema(
        summary="Frameworks with published questions",
        responses={200: serializers.FrameworkSerializer(many=True), **ERRORS},
    )
)
class FrameworkList(PublicAPIMixin, generics.ListAPIView):
    """Every framework with at least one published question."""

    serializer_class = serializers.FrameworkSerializer
    pagination_class = None

    def get_queryset(self):
        return Framework.objects.visible().annotate(
            question_count=Count("questions", filter=published_q("questions__"))
        )


@extend_schema_view(
    get=extend_schema(
        summary="Published questions, filtered and paginated",
        responses={
            200: serializers.QuestionSerializer(many=True),
            400: serializers.FilterErrorSerializer,
            404: serializers.ErrorSerializer,
            **ERRORS,
        },
    )
)
class QuestionList(PublicAPIMixin, generics.ListAPIView):
    """Published questions, easiest first; a search (`q`) puts the best matches first."""

    serializer_class = serializers.QuestionSerializer
    pagination_class = Pagination
    filter_backends = [FilterBackend]
    filterset_class = QuestionFilter

    def get_queryset(self):
        return Question.objects.published().for_listing()


@extend_schema_view(
    get=extend_schema(
        summary="A published question with its answers",
        responses={
            200: serializers.QuestionDetailSerializer,
            404: serializers.ErrorSerializer,
            **ERRORS,
        },
    )
)
class QuestionDetail(PublicAPIMixin, generics.RetrieveAPIView):
    """One published question with its answers, as Markdown and as sanitised HTML."""

    serializer_class = serializers.QuestionDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Question.objects.published().for_detail()
