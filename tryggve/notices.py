"""Telling the user, on the next page, what was masked in what they just saved."""

from django.contrib import messages

from reports.privacy import Masking


def tell_masked(request, masking: Masking) -> None:
    """One message per kind of identifier masked (and one on wording that singles people
    out), as the report receipt says them, for every other form that stores free text."""
    for sentence in masking.warnings:
        messages.warning(request, sentence)
