from django.core.management.base import BaseCommand

from claims.services.detection import detect_all


class Command(BaseCommand):
    help = "Record opposite stances on one topic as suspected contradictions; dismissed pairs stay dismissed."

    def handle(self, *args, **options):
        created = detect_all()
        self.stdout.write(f"{len(created)} suspected contradiction(s) recorded")
