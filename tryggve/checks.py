"""System checks for settings that come from the environment."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_settings(app_configs, **kwargs):
    problems = []
    local = {"127.0.0.1", "localhost", "testserver", "::1"}
    public = any(host not in local for host in settings.ALLOWED_HOSTS)
    if public and settings.SECRET_KEY == settings.DEV_SECRET_KEY:
        problems.append(
            Error(
                "SECRET_KEY is the development default, but ALLOWED_HOSTS serves other hosts.",
                hint="Set the SECRET_KEY environment variable in production.",
                id="tryggve.E003",
            )
        )
    if settings.REPORT_TEXT_MAX_LENGTH < 100:
        problems.append(
            Error(
                "TRYGGVE_REPORT_TEXT_MAX_LENGTH must be at least 100.",
                id="tryggve.E001",
            )
        )
    tile = settings.TILE_URL
    if tile and not all(part in tile for part in ("{z}", "{x}", "{y}")):
        problems.append(
            Error(
                "TRYGGVE_TILE_URL must contain {z}, {x} and {y}.",
                hint=f"Got {tile!r}.",
                id="tryggve.E002",
            )
        )
    return problems
