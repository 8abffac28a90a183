"""The OpenAPI schema and the real endpoints agree (in the spirit of zulip's openapi
tests): every documented operation is served, every route under /api/ is documented,
no method answers that the schema leaves out, and every parameter is typed as the API
accepts it, with its fixed sets taken from the taxonomy and the models."""

import re

from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from measures.models import Corner, MeasureStatus, MeasureType, Technique
from reports import categories
from reports.models import Source, Status, Visibility
from surveys import bank
from tryggve.schemas import ERROR_MEANINGS

METHODS = ("get", "post", "put", "patch", "delete")
# Served by Ninja beside the operations: the schema, its page, and a root that sends
# to the page (only with DEBUG on; a 404 otherwise).
NOT_OPERATIONS = {"/api/openapi.json", "/api/docs", "/api/"}
SAMPLE = {"report_id": "e3e70682-c209-4cac-a29f-6fbed82c07cd", "collaboration": "test",
          "week": "2025-W23"}


def api_routes(patterns=None, prefix="") -> set[str]:
    """Every route under /api/ in Django's URL configuration, written as OpenAPI paths."""
    routes = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            routes |= api_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and route.startswith("api/"):
            routes.add("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route))
    return routes


class OpenApiTestCase(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.schema = cls.client_class().get("/api/openapi.json").json()

    def operations(self):
        for path, item in self.schema["paths"].items():
            for method in METHODS:
                if method in item:
                    yield path, method, item[method]

    def parameters(self):
        for path, method, operation in self.operations():
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                typed = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
                yield f"{method} {path} {parameter['name']}", parameter, typed[0]

    def component(self, ref: str) -> dict:
        return self.schema["components"]["schemas"][ref.rsplit("/", 1)[1]]


class RoutesTestCase(OpenApiTestCase):
    def test_it_documents_every_route_under_api_and_nothing_else(self):
        self.assertEqual(api_routes() - NOT_OPERATIONS, set(self.schema["paths"]))

    def test_it_serves_every_documented_operation_and_no_other_method(self):
        for path, item in self.schema["paths"].items():
            url = path.format(**SAMPLE)
            self.assertEqual(resolve(url).namespace, "api", url)
            for method in METHODS:
                r = getattr(self.client, method)(url)
                if method in item:  # answered (401 for want of a key), not refused
                    self.assertIn(r.status_code, (200, 401), f"{method} {url}")
                else:
                    self.assertEqual(r.status_code, 405, f"{method} {url}")

    def test_it_documents_its_error_answers_with_their_json_shape(self):
        for path, method, operation in self.operations():
            name = f"{method} {path}"
            errors = {int(code): answer for code, answer in operation["responses"].items()
                      if int(code) >= 400}
            protected = operation.get("security") is not None
            self.assertEqual(401 in errors, protected, name)
            self.assertLessEqual(set(errors), set(ERROR_MEANINGS), name)
            if operation.get("parameters") or operation.get("requestBody"):
                self.assertIn(422, errors, name)
            if operation.get("requestBody"):
                self.assertIn(400, errors, name)
            for answer in errors.values():
                ref = answer["content"]["application/json"]["schema"]["$ref"]
                self.assertEqual(self.component(ref)["required"], ["detail", "errors"], name)


class TypesTestCase(OpenApiTestCase):
    def test_it_bounds_every_number_it_takes_in_the_query_or_path(self):
        for name, _, schema in self.parameters():
            if schema.get("type") in ("integer", "number"):
                self.assertIn("minimum", schema, name)
                self.assertIn("maximum", schema, name)

    def test_it_types_every_text_parameter_by_a_set_or_a_bounded_pattern(self):
        for name, _, schema in self.parameters():
            schema = schema.get("allOf", [schema])[0]
            if "$ref" in schema:
                schema = self.component(schema["$ref"])
            if schema.get("type") != "string" or "enum" in schema or "format" in schema:
                continue
            self.assertIn("pattern", schema, name)
            if re.search(r"[*+]", schema["pattern"]):  # unbounded repetition
                self.assertIn("maxLength", schema, name)

    def test_it_takes_its_fixed_sets_from_the_taxonomy_and_the_models(self):
        enums = {name: schema["enum"] for name, schema
                 in self.schema["components"]["schemas"].items() if "enum" in schema}
        self.assertEqual(enums, {
            "Category": list(categories.CATEGORIES),
            "Level": [level.value for level in categories.Level],
            "Group": [group.value for group in categories.Group],
            "Status": Status.values, "Visibility": Visibility.values, "Source": Source.values,
            "Question": list(bank.QUESTIONS), "TargetStatus": ["met", "within_reach", "missed"],
            "MeasureType": MeasureType.values, "Corner": Corner.values,
            "MeasureStatus": MeasureStatus.values, "Technique": Technique.values,
        })

    def test_it_describes_weeks_by_their_iso_pattern(self):
        weeks = {name: schema for name, _, schema in self.parameters()
                 if name.split()[-1] in ("week", "week_from", "week_to")}
        self.assertEqual(len(weeks), 5)
        for name, schema in weeks.items():
            self.assertRegex("2025-W07", schema["pattern"], name)
            self.assertNotRegex("2025-07", schema["pattern"], name)
