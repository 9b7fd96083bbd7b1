"""Bump the content generation whenever a row shown on the public pages changes."""

from django.db.models.signals import post_delete, post_migrate, post_save

from ..models import Answer, Framework, Question, Topic
from .generation import bump_content_generation


def content_changed(sender, **kwargs):
    bump_content_generation()


def connect_signals(app_config):
    """Bump on every save and delete of a public model, and after every `migrate`.

    Data migrations write without signals, and each release runs `migrate`, so
    pages rendered by the previous release's templates go too.
    """
    for model in (Topic, Framework, Question, Answer):
        uid = f"page-cache-{model._meta.label_lower}"
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}-delete")
    post_migrate.connect(content_changed, sender=app_config, dispatch_uid="page-cache-migrate")
