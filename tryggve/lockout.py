"""Login lockouts through django-axes (settings: AXES_*; the page: errorpages.locked_out)."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a login whose username and client address are locked out.

    Every login through a page (/login/, /admin/login/) comes with its request. One
    without a request (Django's test client, a script) has no client address to lock, so
    it is left to the next backend, where axes itself would stop with an error."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
