"""Rename the marks' tables to this app's, and move their content types along.

Renaming keeps every row, index and constraint. The content types are moved
(not recreated) so that permissions and admin log entries keep pointing at them.
"""

from django.db import migrations

MODELS = ["bookmark", "note", "progress"]


def move_content_types(apps, old_label, new_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    # Where both exist (post_migrate created the new ones), the old ones are the
    # ones with history: drop the fresh, empty ones.
    ContentType.objects.filter(app_label=new_label, model__in=MODELS).filter(
        model__in=ContentType.objects.filter(app_label=old_label).values("model")
    ).delete()
    ContentType.objects.filter(app_label=old_label, model__in=MODELS).update(app_label=new_label)


def forwards(apps, schema_editor):
    move_content_types(apps, "accounts", "practice")


def backwards(apps, schema_editor):
    move_content_types(apps, "practice", "accounts")


class Migration(migrations.Migration):

    dependencies = [
        ('practice', '0001_initial'),
        ('accounts', '0004_move_reader_marks'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AlterModelTable(name='bookmark', table=None),
        migrations.AlterModelTable(name='note', table=None),
        migrations.AlterModelTable(name='progress', table=None),
        migrations.RunPython(forwards, backwards),
    ]
