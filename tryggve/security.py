"""Middleware for what a proxy tells us and what browsers may do with our pages."""

from django.conf import settings

from tryggve.clientaddr import is_trusted_proxy

FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST",
                     "HTTP_X_FORWARDED_PORT", "HTTP_FORWARDED")


class ForwardedHeadersMiddleware:
    """Forget X-Forwarded-* headers unless the direct peer is one of TRUSTED_PROXIES.

    Anyone can send them; only our own proxy's are worth reading. Dropping the others
    before Django's SecurityMiddleware means that ``request.is_secure()`` (through
    SECURE_PROXY_SSL_HEADER) and every later reader see only what a trusted proxy said."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_trusted_proxy(request):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """The Permissions-Policy header (settings.PERMISSIONS_POLICY) on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
