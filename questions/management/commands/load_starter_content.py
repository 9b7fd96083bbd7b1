from pathlib import Path

from django.core.management.base import BaseCommand

from questions.starter import CONTENT_DIR, load_starter_content


class Command(BaseCommand):
    help = (
        "Load the starter question bank. The first load publishes it; later loads bring "
        "new and fixed questions in for review (or live with --publish) and never change "
        "what editors edited."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Write new and fixed questions live instead of sending them to review.",
        )
        parser.add_argument(
            "--directory",
            type=Path,
            default=CONTENT_DIR,
            help="A bank in the same format (default: the one shipped with the site).",
        )

    def handle(self, *args, publish=False, directory=CONTENT_DIR, **options):
        report = load_starter_content(directory=directory, publish=True if publish else None)
        created = report.created
        write = self.stdout.write
        if not report.changed:
            write(f"Starter content already loaded ({report.unchanged} questions).")
        else:
            write(
                self.style.SUCCESS(
                    f"Loaded {created['question']} questions, {created['topic']} topics, "
                    f"{created['framework']} frameworks ({report.unchanged} already there)."
                )
            )
        if report.submitted:
            write(f"{len(report.submitted)} new questions are drafts waiting for review.")
        if report.updated:
            write(f"{len(report.updated)} questions updated to the bank's new version.")
        if report.proposed:
            write(
                f"{len(report.proposed)} published questions have the bank's fixes as pending "
                "changes: compare and approve them in the admin's review queue."
            )
        if report.kept:
            write(
                f"{len(report.kept)} questions were edited here, so the bank left them alone: "
                + ", ".join(report.kept)
            )
        for merged in report.merged:
            old, new = merged.split(" -> ")
            write(f"{old} was merged into {new}: unpublish it and its address leads to {new}.")
