from django.conf import settings
from django.db import models


class RequestCount(models.Model):
    """A client's requests in its current throttle window, shared by every server process.

    The table is unlogged (migration 0003): the counters are rewritten on every request, and a
    crash that empties them only gives each client a fresh window.
    """

    key = models.TextField(primary_key=True)
    window = models.BigIntegerField(help_text="Which window of the rate's period is counted.")
    count = models.PositiveIntegerField()
    expires = models.FloatField(db_index=True, help_text="When the window ends (Unix time).")

    class Meta:
        verbose_name = "request count"

    def __str__(self) -> str:
        return f"{self.key}: {self.count} in window {self.window}"


class SeedRecord(models.Model):
    """The row one entry of the seed corpus (`fixtures/`, `seeds/`) made, and what seed last wrote to it.

    An entry is named as its fixture names it (model and natural key), so a row renamed since still
    answers to its entry, and a row whose values are still `values` is one nobody has changed.
    """

    model = models.CharField(max_length=100, help_text='The entry\'s model, e.g. "claims.claim".')
    entry = models.TextField(help_text="The natural key the fixture gives the entry, as JSON.")
    object_id = models.BigIntegerField(help_text="The row seed created or adopted for the entry.")
    values = models.JSONField(help_text="The fields seed last wrote to the row, as text.")
    seeded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "seed record"
        constraints = [models.UniqueConstraint(fields=["model", "entry"], name="seed_record_entry_once")]

    def __str__(self) -> str:
        return f"{self.model} {self.entry} → {self.object_id}"


class RecentWrite(models.Model):
    """Until when a user's reads go to the primary database, after a write (core/replicas).

    Read in the query that authenticates an API token, so a token client that just wrote reads
    its own write on every app server without a query more. Written only when read replicas are
    configured.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="recent_write"
    )
    until = models.DateTimeField(help_text="Reads go to the primary until this time.")

    class Meta:
        verbose_name = "recent write"

    def __str__(self) -> str:
        return f"user {self.user_id} reads from the primary until {self.until:%Y-%m-%d %H:%M:%S}"
