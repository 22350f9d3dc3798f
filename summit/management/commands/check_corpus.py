from django.core.management.base import BaseCommand, CommandError

from claims.models import Claim, Contradiction, Statement
from claims.services.corpus_checks import corpus_problems


class Command(BaseCommand):
    help = "Fail on quotes that are not their article's text, claims without statements, shared aliases, bad pairs."

    def handle(self, *args, **options):
        problems = corpus_problems()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in the corpus")
        self.stdout.write(
            f"corpus ok: {Statement.objects.count()} statements, {Claim.objects.count()} claims, "
            f"{Contradiction.objects.count()} contradictions"
        )
