from django.core.management.base import BaseCommand

from questions.search.models import SearchDocument


class Command(BaseCommand):
    help = (
        "Rebuild the full-text search index from every question and its answers. "
        "Needed after writes that bypass the models' save(), such as a restore or a bulk update."
    )

    def handle(self, *args, **options):
        count = SearchDocument.objects.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} questions."))
