"""Take over the reader's marks from `accounts` without touching their tables.

The tables stay where `accounts` 0003 created them (the state says so with
`db_table`); accounts 0004 forgets the models, and 0002 here renames the tables.
"""

import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0003_reader_progress'),
        ('questions', '0003_list_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Bookmark',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='questions.question', verbose_name='question')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL, verbose_name='reader')),
                    ],
                    options={
                        'db_table': 'accounts_bookmark',
                        'verbose_name': 'bookmark',
                        'verbose_name_plural': 'bookmarks',
                        'ordering': ['-updated_at', '-id'],
                        'abstract': False,
                        'default_related_name': 'bookmarks',
                        'constraints': [models.UniqueConstraint(fields=('user', 'question'), name='bookmark_once_per_reader')],
                    },
                ),
                migrations.CreateModel(
                    name='Note',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('text', models.TextField(max_length=2000, verbose_name='note')),
                        ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='questions.question', verbose_name='question')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL, verbose_name='reader')),
                    ],
                    options={
                        'db_table': 'accounts_note',
                        'verbose_name': 'note',
                        'verbose_name_plural': 'notes',
                        'ordering': ['-updated_at', '-id'],
                        'abstract': False,
                        'default_related_name': 'notes',
                        'constraints': [models.UniqueConstraint(fields=('user', 'question'), name='note_once_per_reader'), models.CheckConstraint(condition=models.Q(('text', ''), _negated=True), name='note_not_empty'), models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('text'), 2000), name='note_max_length')],
                    },
                ),
                migrations.CreateModel(
                    name='Progress',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('state', models.CharField(choices=[('learning', 'Learning'), ('known', 'Known')], help_text='A question without a row is new to the reader.', max_length=10, verbose_name='state')),
                        ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='questions.question', verbose_name='question')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL, verbose_name='reader')),
                    ],
                    options={
                        'db_table': 'accounts_progress',
                        'verbose_name': 'progress',
                        'verbose_name_plural': 'progress',
                        'ordering': ['-updated_at', '-id'],
                        'abstract': False,
                        'default_related_name': 'reader_progress',
                        'indexes': [models.Index(fields=['user', 'state'], name='progress_user_state')],
                        'constraints': [models.UniqueConstraint(fields=('user', 'question'), name='progress_once_per_reader'), models.CheckConstraint(condition=models.Q(('state__in', ['learning', 'known'])), name='progress_state_valid')],
                    },
                ),
            ],
        ),
    ]
