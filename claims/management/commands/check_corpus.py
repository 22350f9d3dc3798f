"""`manage.py check_corpus`: list every corpus fault; a non-zero exit status if there is any."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from claims.services.corpus_checks import check_corpus, corpus_counts


class Command(BaseCommand):
    help = (
        "Check the corpus: every quote is its article's text at its span, every claim has a "
        "statement, no spelling names two speakers, contradictions fit their kind."
    )

    def handle(self, *args, **options):
        problems = check_corpus()
        for problem in problems:
            self.stdout.write(str(problem))
        if problems:
            raise CommandError(gettext("%(count)d problem(s) in the corpus") % {"count": len(problems)})
        statements, claims, contradictions = corpus_counts()
        message = gettext(
            "corpus ok: %(statements)d statements, %(claims)d claims, %(contradictions)d contradictions"
        )
        self.stdout.write(
            message % {"statements": statements, "claims": claims, "contradictions": contradictions}
        )
