"""What never reaches a log line: survey codes and other single-use links, client addresses,
tracebacks of bad input.

Django writes the request's path on every 4xx and 5xx ("Forbidden (CSRF cookie not set.):
/enkat/K7QF…/"), and a path under /enkat/ may hold a resident's single-use code; django-axes,
Django's security loggers and others may name a client address; and a request that is merely
malformed (a latin-1 form, a broken multipart body, a foreign Host) is logged with a full
traceback. ``RedactFilter`` sits on the handler, so it sees every record of every logger
that reaches it, and rewrites the message (and any traceback) before it is written.
"""

import ipaddress
import logging
import re

# Paths that carry a single-use secret: a resident's survey code (/enkat/<code>/), an
# invitation link (/accounts/invite/<token>/) and a password-reset link
# (/accounts/reset/<uid>/<token>/). Everything after the prefix is replaced.
SECRET_PATH_PREFIXES = ("/enkat", "/accounts/invite", "/accounts/reset")
SECRET_PATH = re.compile(
    "(" + "|".join(re.escape(p) for p in SECRET_PATH_PREFIXES) + ")"
    + r"(?:[/?][^\s'\"<>]*|(?=[\s'\"<>]|$))")
ADDRESS_REDACTED = "[address]"
# Candidates only; ipaddress decides (so times such as 12:30:45 and versions stay).
IPV4_LIKE = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])")
IPV6_LIKE = re.compile(r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}"
                       r"(?:%\w+)?(?:(?<=:)(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])")


def _address_or_text(match: re.Match) -> str:
    try:
        ipaddress.ip_address(match.group(0).split("%", 1)[0])
    except ValueError:
        return match.group(0)
    return ADDRESS_REDACTED


def is_secret_path(path: str | None) -> bool:
    """Whether a request path carries a single-use secret (see SECRET_PATH_PREFIXES)."""
    path = "/" + (path or "").split("?", 1)[0].lstrip("/")
    return any(path == p or path.startswith(p + "/") for p in SECRET_PATH_PREFIXES)


def redact_paths(text: str) -> str:
    """The text without the secrets of secret-carrying paths."""
    return SECRET_PATH.sub(r"\1/…", text)


def redact(text: str) -> str:
    """The text without secret-carrying paths and IP addresses."""
    text = redact_paths(text)
    text = IPV6_LIKE.sub(_address_or_text, text)
    return IPV4_LIKE.sub(_address_or_text, text)


def _malformed_request(record: logging.LogRecord) -> bool:
    """A record about a request answered with a 4xx (or Django's SuspiciousOperation log)."""
    status = getattr(record, "status_code", None)
    return record.name.startswith("django.security.") or (
        isinstance(status, int) and 400 <= status < 500)


class RedactFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: log what was given, still redacted
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = redact(message), ()
        if record.exc_info and _malformed_request(record):
            record.exc_info, record.exc_text = None, None
        elif record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
