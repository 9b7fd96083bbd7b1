"""The reader's marks now belong to `questions.practice` (label `practice`).

State only: the tables are kept, with their rows, and `practice` 0002 renames them.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_reader_progress'),
        ('practice', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='Bookmark'),
                migrations.DeleteModel(name='Note'),
                migrations.DeleteModel(name='Progress'),
            ],
        ),
    ]
