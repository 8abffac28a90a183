from django.db import models


class RateCounter(models.Model):
    """How often one subject did one thing in one time window.

    The digest is a keyed hash of the scope, the subject (a user id, or a client address
    and an area) and the window, so the table never holds an address in the clear; rows
    are deleted once their window has passed."""

    digest = models.CharField(max_length=64, primary_key=True)
    hits = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.digest[:12]}… {self.hits}"
