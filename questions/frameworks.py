"""Frameworks (Django, Flask, Python) and the versions questions are checked against.

Defined here and named in `questions.models`, where Django and callers find them.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .derived import save_derived_with, version_sort_key
from .querysets import FrameworkQuerySet


class Framework(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("Used in filter URLs: /questions/?framework=<slug>."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('questions:question_list')}?framework={self.slug}"


class FrameworkVersion(models.Model):
    """A release of a framework that questions can be checked against (Django 5.2, Flask 3.1)."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="versions", verbose_name=_("framework")
    )
    version = models.CharField(
        _("version"),
        max_length=20,
        help_text=_(
            "Numbers and dots, such as 5.2 or 3.13. Adding a newer version than a "
            "question was checked against makes that question due for review."
        ),
    )
    # The version as a sortable number (5.2.1 -> 5_002_001), set on save.
    sort_key = models.PositiveBigIntegerField(editable=False, default=0)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["framework__position", "framework__name", "-sort_key"]
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "version"], name="framework_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(version__regex=r"^[0-9]+(\.[0-9]+){0,2}$"),
                name="framework_version_format",
            ),
        ]

    def __str__(self):
        return f"{self.framework.name} {self.version}"

    def save(self, *args, **kwargs):
        self.sort_key = version_sort_key(self.version)
        save_derived_with(kwargs, "version", "sort_key")
        super().save(*args, **kwargs)
