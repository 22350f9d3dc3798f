"""`manage.py create_factchecker NAME`: a fact-checker account; its API token is the last line printed."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext
from rest_framework.authtoken.models import Token

from claims.services.accounts import fact_checker_group


class Command(BaseCommand):
    help = "Create (or reuse) a fact-checker account in the Fact-checkers group and print its API token last."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password", help="Lets the user log in to the admin too; without it the account is token-only."
        )

    @transaction.atomic
    def handle(self, *args, username, email, password, **options):
        group = fact_checker_group()
        user, created = get_user_model().objects.get_or_create(username=username, defaults={"email": email})
        if password:
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        # Staff so that the admin lets them in; the group's permissions decide what they see.
        user.is_staff = True
        user.save()
        user.groups.add(group)
        token, _ = Token.objects.get_or_create(user=user)
        done = (
            gettext("created fact-checker %(name)s") if created else gettext("updated fact-checker %(name)s")
        )
        self.stdout.write(done % {"name": username})
        self.stdout.write(token.key)  # last, alone on its line: scripts read it with `tail -n 1`
