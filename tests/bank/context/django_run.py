"""Run a `python django` block: configure Django, then import the block as `bank.snippet`.

Each model the block defines gets its table just before the block's first query after the
definition, so models may refer to ones defined later in the block.
"""

import importlib
import sys

import django
from django.conf import settings
from snippet_settings import SETTINGS

settings.configure(ROOT_URLCONF="bank.snippet", **SETTINGS)
django.setup()

from django.apps import apps  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.backends.signals import connection_created  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

setup_test_environment()
call_command("migrate", run_syncdb=True, verbosity=0)
created = set()
creating = []


def _ready(model) -> bool:
    related = [field.related_model for field in model._meta.get_fields() if field.is_relation]
    return all(not isinstance(target, str) for target in related)


def create_missing_tables(execute, sql, params, many, context):
    if not creating:
        creating.append(True)
        try:
            for model in apps.get_app_config("bank").get_models():
                meta = model._meta
                if model in created or meta.proxy or not meta.managed or not _ready(model):
                    continue
                created.add(model)
                with context["connection"].schema_editor() as editor:
                    editor.create_model(model)
        finally:
            creating.clear()
    return execute(sql, params, many, context)


def install(sender=None, connection=connection, **kwargs):
    if create_missing_tables not in connection.execute_wrappers:
        connection.execute_wrappers.append(create_missing_tables)


install()
connection_created.connect(install)
sys.path.insert(0, ".")
importlib.import_module("bank.snippet")
