from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.roles import EDITORS, PUBLISHERS, READERS

# username: (group, is_staff, is_superuser). The password is the username:
# fine on a laptop, which is why production settings refuse to run this.
DEMO_ACCOUNTS = {
    "admin": (None, True, True),
    "publisher": (PUBLISHERS, True, False),
    "editor": (EDITORS, True, False),
    "reader": (READERS, False, False),
}


class Command(BaseCommand):
    help = "Create demo accounts (admin, publisher, editor, reader). Development only."

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_ACCOUNTS_ALLOWED", False):
            raise CommandError(
                "Demo accounts have well-known passwords and are refused by these settings."
            )
        User = get_user_model()
        created = []
        with transaction.atomic():
            for username, (group_name, is_staff, is_superuser) in DEMO_ACCOUNTS.items():
                user, was_created = User.objects.get_or_create(
                    username=username,
                    defaults={
                        "is_staff": is_staff,
                        "is_superuser": is_superuser,
                        "email": f"{username}@example.com",
                    },
                )
                if was_created:
                    user.set_password(username)
                    user.save(update_fields=["password"])
                    if group_name:
                        user.groups.add(Group.objects.get(name=group_name))
                    created.append(username)
        if created:
            self.stdout.write(self.style.SUCCESS(f"Created demo accounts: {', '.join(created)}."))
        self.stdout.write(
            "Log in at http://127.0.0.1:8000/accounts/login/ (admin at /admin/) as "
            "admin, publisher, editor or reader; each password is the same as the username."
        )
