"""System checks for settings that come from the environment."""

from django.conf import settings
from django.core.checks import Error, Warning, register

from tryggve.clientaddr import parse_networks
from tryggve.policies import allows_own_origin, parse_permissions_policy, tile_source


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


@register()
def check_security_settings(app_configs, **kwargs):
    """HTTPS, proxies and header policies: a typo here must not quietly switch them off."""
    problems = []
    for name, value in sorted(settings.UNREADABLE_ENV.items()):
        problems.append(Error(f"{name} has a value that cannot be read: {value!r}.",
                              hint="Use true/false for switches and a whole number for "
                                   "counts; the default is used until then.",
                              id="tryggve.E004"))
    for entry in settings.TRUSTED_PROXIES:
        try:
            parse_networks([entry])
        except ValueError:
            problems.append(Error(f"TRUSTED_PROXIES: {entry!r} is not an IP address or network.",
                                  hint="A comma-separated list such as 127.0.0.1,10.0.0.0/24.",
                                  id="tryggve.E005"))
    if settings.SECURE_HSTS_SECONDS < 0:
        problems.append(Error("SECURE_HSTS_SECONDS must be 0 (off) or more.",
                              id="tryggve.E006"))
    problems.extend(_permissions_policy_problems(settings.PERMISSIONS_POLICY))
    if settings.TILE_URL and tile_source(settings.TILE_URL) is None:
        problems.append(Error("TRYGGVE_TILE_URL must be an http(s) URL whose host is fixed "
                              "(or starts with {s}.): the Content-Security-Policy names it.",
                              hint=f"Got {settings.TILE_URL!r}.", id="tryggve.E008"))
    return problems


def _permissions_policy_problems(policy: str) -> list:
    if not policy:
        return []
    try:
        features = parse_permissions_policy(policy)
    except ValueError as exc:
        return [Error(f"PERMISSIONS_POLICY is malformed: {exc}.",
                      hint='Comma-separated directives such as camera=(), geolocation=(self).',
                      id="tryggve.E007")]
    if "geolocation" in features and not allows_own_origin(features["geolocation"]):
        return [Warning("PERMISSIONS_POLICY forbids geolocation on our own pages: "
                        '"use my position" on the report form stops working.',
                        hint="Use geolocation=(self).", id="tryggve.W001")]
    return []
