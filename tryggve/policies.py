"""Header policies built from settings: the map tiles' source for the Content-Security-Policy
and the Permissions-Policy. Plain functions (no Django), read by settings.py and checked by
the system checks in tryggve/checks.py."""

import re
from urllib.parse import urlsplit

# Everything a browser could hand a page that Tryggve never uses is off; geolocation stays
# on for our own pages, since the report form and the safety walk offer "use my position".
DEFAULT_PERMISSIONS_POLICY = ", ".join([
    "accelerometer=()", "autoplay=()", "camera=()", "display-capture=()",
    "encrypted-media=()", "fullscreen=()", "geolocation=(self)", "gyroscope=()",
    "magnetometer=()", "microphone=()", "midi=()", "payment=()", "picture-in-picture=()",
    "publickey-credentials-get=()", "screen-wake-lock=()", "usb=()",
    "xr-spatial-tracking=()",
])

_ALLOW_ITEM = r'(?:self|\*|src|"[^"\s]+")'
_DIRECTIVE = re.compile(
    rf"^(?P<feature>[a-z][a-z0-9-]*)=(?P<allow>\*|self|\(\s*(?:{_ALLOW_ITEM}(?:\s+{_ALLOW_ITEM})*)?\s*\))$"
)


def parse_permissions_policy(text: str) -> dict[str, str]:
    """{feature: allowlist} of a Permissions-Policy header value; ValueError if malformed."""
    features: dict[str, str] = {}
    for part in text.split(","):
        match = _DIRECTIVE.match(part.strip())
        if match is None:
            raise ValueError(f"not a directive: {part.strip()!r}")
        if match["feature"] in features:
            raise ValueError(f"{match['feature']!r} appears twice")
        features[match["feature"]] = match["allow"]
    return features


def allows_own_origin(allowlist: str) -> bool:
    """Whether a feature's allowlist lets our own pages use it."""
    tokens = allowlist.strip("()").split()
    return allowlist in ("*", "self") or "self" in tokens or "*" in tokens


def tile_source(url: str) -> str | None:
    """The CSP source that lets the map load tiles from ``url`` (a ``{z}/{x}/{y}`` template);
    a ``{s}`` subdomain becomes a ``*.`` wildcard. None when there are no tiles or the URL
    cannot be expressed as a source (the system checks say so)."""
    if not url:
        return None
    parts = urlsplit(url)
    host = parts.netloc
    if host.startswith("{s}."):
        host = "*." + host[4:]
    if parts.scheme not in ("http", "https") or not host or "{" in host or "}" in host:
        return None
    return f"{parts.scheme}://{host}"
