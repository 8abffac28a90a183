from django.conf import settings
from django.utils.functional import SimpleLazyObject


def site(request):
    from orgs.permissions import can_manage_accounts, can_report

    user = getattr(request, "user", None)
    return {
        "TILE_URL": settings.TILE_URL,
        "TILE_ATTRIBUTION": settings.TILE_ATTRIBUTION,
        # For the maps' scripts, through json_script (no inline script under the CSP).
        "MAP_TILES": {"url": settings.TILE_URL, "attribution": settings.TILE_ATTRIBUTION},
        "can_report": SimpleLazyObject(lambda: bool(user and can_report(user))),
        "can_manage_accounts": SimpleLazyObject(
            lambda: bool(user and can_manage_accounts(user))),
    }
