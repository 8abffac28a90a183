"""Every URL to try: each page pattern of the URL resolver (the admin's included) and each
operation of the OpenAPI schema, with its parameters filled from every tenant.

A parameter is filled by what it names, never by which page it is on: an id (<int:pk>,
<int:area_pk>, <path:object_id>, {report_id}) with each tenant's shared and internal
number, a slug with each tenant's slug, a week with the seeded week, a single-use code or
open-link key with each tenant's survey's (a capability: it shows its holder that survey),
Django's password reset link (uidb64 and token) with each tenant's user's, and a secret
link the seed has none of (an invitation's token) with a forged one.
Several ids of one URL are filled with the same tenant's number. A parameter of any other
kind raises ``UnfilledParameter``, so a new URL that cannot be filled fails the matrix
instead of being left out.
"""

import itertools
import re
from dataclasses import dataclass, field

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLResolver, get_resolver, resolve
from django.urls.converters import (
    IntConverter,
    PathConverter,
    SlugConverter,
    StringConverter,
    UUIDConverter,
)
from django.urls.resolvers import RegexPattern, RoutePattern

from tryggve.tests.matrix.tenants import NUMBERS, TENANTS, World, report_uuid, tenant_of


class UnfilledParameter(Exception):
    pass


FORGED_SECRET = "Zq7Forged-link-secret0"


@dataclass(frozen=True)
class Fill:
    value: str
    number: int | None = None  # the tenant record it names
    survey: int | None = None  # the survey a capability opens
    slug: bool = False  # names a collaboration or organisation, which has no internal twin
    grants: frozenset = field(default_factory=frozenset)  # what a secret link shows


@dataclass
class Target:
    pattern: str  # as in the resolver or the schema, for messages
    url: str
    number: int | None = None
    survey: int | None = None
    slug: bool = False
    api: dict | None = None  # the OpenAPI operation, for API targets
    grants: frozenset = frozenset()
    method: str = "get"
    query: dict = field(default_factory=dict)


def _id_name(name: str) -> bool:
    return name in ("pk", "id") or name.endswith(("_pk", "_id"))


def _numbers(as_uuid: bool = False) -> list[Fill]:
    return [Fill(str(report_uuid(n)) if as_uuid else str(n), n) for n in NUMBERS]


def _slugs() -> list[Fill]:
    return [Fill(f"t{t.number}", t.number, slug=True) for t in TENANTS]


def _uuid_pk(callback) -> bool:
    model_admin = getattr(callback, "model_admin", None)
    return model_admin is not None and model_admin.model._meta.pk.get_internal_type() == \
        "UUIDField"


def fills_for(name: str, converter, world: World, callback=None) -> list[Fill]:
    """The values to try for one parameter; ``converter`` is a URL converter, "regex",
    or an OpenAPI schema (a dict)."""
    if isinstance(converter, dict):  # an API parameter
        if converter.get("format") == "uuid":
            return _numbers(as_uuid=True)
        converter = IntConverter() if converter.get("type") == "integer" else StringConverter()
        if name == "collaboration":
            return _slugs()
    if name == "content_type_id":  # the admin's "view on site"
        return [Fill(str(ct.pk)) for ct in _view_on_site_types()]
    if name == "object_id" or (_id_name(name) and type(converter) in (
            IntConverter, StringConverter, PathConverter)):
        return _numbers(as_uuid=_uuid_pk(callback))
    if isinstance(converter, UUIDConverter):
        return _numbers(as_uuid=True)
    if isinstance(converter, SlugConverter) and (name == "slug" or name.endswith("_slug")):
        return _slugs()
    if name == "week" and type(converter) in (StringConverter, PathConverter):
        return [Fill(world.week)]
    if name == "code":
        return [Fill(code, survey=n) for code, n in sorted(world.codes.items())]
    if name == "key":
        return [Fill(key, survey=n) for key, n in sorted(world.keys.items())]
    if name == "token" and type(converter) in (StringConverter, PathConverter):
        return [Fill(FORGED_SECRET)]  # a secret link the seed has none of: a forged one
    if name == "app_label" and converter == "regex":
        return [Fill(label) for label in sorted({m._meta.app_label for m in admin.site._registry})]
    if name == "url" and converter == "regex":  # the admin's catch-all
        return [Fill("no-such-page/")]
    raise UnfilledParameter(f"{name} ({type(converter).__name__})")


def _view_on_site_types() -> list[ContentType]:
    """Models with a page of their own, and one without (which must just be 404)."""
    models = [m for m in admin.site._registry if hasattr(m, "get_absolute_url")]
    without = next(m for m in admin.site._registry if not hasattr(m, "get_absolute_url"))
    return [ContentType.objects.get_for_model(m) for m in [*models, without]]


def combine(params: dict[str, list[Fill]]) -> list[dict[str, Fill]]:
    """Ids and slugs of one URL name the same tenant; other parameters vary freely."""
    tenant_params = {k: v for k, v in params.items() if any(f.number for f in v)}
    free = {k: v for k, v in params.items() if k not in tenant_params}
    if tenant_params:
        shared = set.intersection(*({f.number for f in v} for v in tenant_params.values()))
        numbered = [{k: next(f for f in v if f.number == n) for k, v in tenant_params.items()}
                    for n in sorted(shared)]
    else:
        numbered = [{}]
    combos = [dict(zip(free, values, strict=True))
              for values in itertools.product(*free.values())] if free else [{}]
    return [a | b for a in numbered for b in combos]


# Pages from the URL resolver ------------------------------------------------------------

_GROUP = re.compile(r"\(\?P<(\w+)>")


def _regex_parts(regex: str) -> list:
    """A regex pattern as text and named groups, e.g. ['', ('app_label',), '/']."""
    parts, i, text = [], 0, regex.lstrip("^").rstrip("$")
    while (m := _GROUP.search(text, i)) is not None:
        parts.append(text[i:m.start()])
        depth, j = 1, m.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(text[j], 0)
            j += 1
        parts.append((m.group(1),))
        i = j
    parts.append(text[i:])
    return parts


def _walk(resolver, chain=()):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, (*chain, entry.pattern))
        else:
            yield (*chain, entry.pattern), entry.callback


def _params(chain) -> dict[str, object]:
    found = {}
    for pattern in chain:
        if isinstance(pattern, RoutePattern):
            found |= pattern.converters
        elif isinstance(pattern, RegexPattern):
            found |= {name: "regex" for name in pattern.regex.groupindex}
    return found


def _build(chain, values: dict[str, str]) -> str:
    url = "/"
    for pattern in chain:
        if isinstance(pattern, RoutePattern):
            route = str(pattern)
            url += re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], route)
        else:
            url += "".join(p if isinstance(p, str) else values[p[0]]
                           for p in _regex_parts(pattern.regex.pattern))
    return url


def _route(chain) -> str:
    return "".join(str(p) for p in chain)


def page_targets(world: World, api_routes: set[str]) -> tuple[list[Target], list[str]]:
    """Targets of every resolver pattern except the API's operations, and the patterns
    whose parameters could not be filled."""
    targets, unfilled = [], []
    for chain, callback in _walk(get_resolver()):
        route = _route(chain)
        if route in api_routes:
            continue
        names = _params(chain)
        links = [{}]
        if "uidb64" in names and "token" in names:  # Django's password reset link
            links = _reset_links()
            names = {k: v for k, v in names.items() if k not in ("uidb64", "token")}
        try:
            params = {name: fills_for(name, conv, world, callback)
                      for name, conv in names.items()}
        except UnfilledParameter as exc:
            unfilled.append(f"{route}: {exc}")
            continue
        for combo in (a | b for a in combine(params) for b in links):
            url = _build(chain, {k: f.value for k, f in combo.items()})
            if resolve(url).func is not callback:
                unfilled.append(f"{route}: built {url}, which resolves elsewhere")
                continue
            grants = frozenset(g for f in combo.values() for g in f.grants)
            for query in _queries(callback):
                targets.append(Target(route, url, _number(combo), _survey(combo),
                                      any(f.slug for f in combo.values()), query=query,
                                      grants=grants))
    return targets, unfilled


def _reset_links() -> list[dict[str, Fill]]:
    """A valid password reset link (Django's token) for a user of each tenant class; it
    shows its holder that user's name."""
    from django.contrib.auth.models import User
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    links = []
    for user in User.objects.filter(pk__in=NUMBERS).order_by("pk"):
        grants = frozenset({user.username})
        links.append({"uidb64": Fill(urlsafe_base64_encode(force_bytes(user.pk)), grants=grants),
                      "token": Fill(default_token_generator.make_token(user), grants=grants)})
    return links


def _queries(callback) -> list[dict]:
    """The admin's autocomplete answers a query only: ask it about every relation of every
    model in the admin (Django refuses those not set up for it). Other views: none."""
    if getattr(callback, "__name__", "") != "autocomplete_view":
        return [{}]
    return [{"app_label": model._meta.app_label, "model_name": model._meta.model_name,
             "field_name": f.name, "term": "zq"}
            for model in admin.site._registry for f in model._meta.get_fields()
            if f.concrete and (f.many_to_one or f.many_to_many)]


def _number(combo: dict[str, Fill]) -> int | None:
    return next((f.number for f in combo.values() if f.number), None)


def _survey(combo: dict[str, Fill]) -> int | None:
    return next((f.survey for f in combo.values() if f.survey), None)


# Operations from the OpenAPI schema --------------------------------------------------------

TENANT_QUERY = ("collaboration", "organisation", "area", "place", "property")


def tenant_value(name: str, number: int) -> str:
    """What a request names for tenant ``number`` in a field called ``name``."""
    tenant = tenant_of(number)
    if name == "collaboration":
        return f"t{tenant.collaboration}"
    if name in ("organisation", "owner", "responsible"):
        return f"t{tenant.number}"
    return str(tenant.number)  # areas, places, properties: ids


def api_targets(schema: dict, world: World) -> tuple[list[Target], list[str]]:
    targets, unfilled = [], []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            params = operation.get("parameters", [])
            try:
                fills = {p["name"]: fills_for(p["name"], p.get("schema", {}), world)
                         for p in params if p["in"] == "path"}
                for p in params:
                    if p["in"] != "path" and p.get("required"):
                        fills[p["name"]] = fills_for(p["name"], p.get("schema", {}), world)
            except UnfilledParameter as exc:
                unfilled.append(f"{method.upper()} {path}: {exc}")
                continue
            optional = [p["name"] for p in params if p["in"] == "query"
                        and not p.get("required") and p["name"] in TENANT_QUERY]
            for combo in combine(fills):
                url = path
                for name, fill in combo.items():
                    url = url.replace("{" + name + "}", fill.value)
                number = _number(combo)
                plain = {k: f.value for k, f in combo.items() if f"{{{k}}}" not in path}
                targets.append(Target(f"{method.upper()} {path}", url, number,
                                      slug=any(f.slug for f in combo.values()),
                                      api=operation, method=method, query=plain))
                # The optional filters, naming every tenant in turn (they narrow a list,
                # so the answer is not about one record: no number).
                for n in (NUMBERS if optional and number is None else []):
                    targets.append(Target(
                        f"{method.upper()} {path}?…", url, api=operation, method=method,
                        query=plain | {k: tenant_value(k, n) for k in optional}))
    return targets, unfilled


def api_routes(schema: dict) -> set[str]:
    """The resolver's routes of the schema's operations ("api/reports/<report_id>")."""
    return {re.sub(r"\{(\w+)\}", r"<\1>", path.lstrip("/")) for path in schema["paths"]}
