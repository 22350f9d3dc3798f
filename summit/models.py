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
