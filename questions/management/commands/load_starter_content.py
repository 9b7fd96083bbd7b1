from django.core.management.base import BaseCommand

from questions.starter import load_starter_content


class Command(BaseCommand):
    help = "Load the starter question bank. Idempotent: existing content is never changed."

    def handle(self, *args, **options):
        report = load_starter_content()
        created = report.created
        if not any(created.values()):
            self.stdout.write(f"Starter content already loaded ({report.unchanged} questions).")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {created['question']} questions, {created['topic']} topics, "
                f"{created['framework']} frameworks ({report.unchanged} already there)."
            )
        )
