"""Schemathesis against the live OpenAPI schema, in `make test` on both databases.

Every operation gets requests built from the schema: its examples, the coverage phase's
boundary values (each limit ± 1, every enum value, each pattern broken, each field
missing or of the wrong type) and fuzzed ones, valid and invalid. They go through the
WSGI application (no server) as the cast: anonymous, alice (a reporter with reports)
and bob (a coordinator who sees the picture, the surveys and the measures), each with a
real API token. Every answer must be documented for its operation, shaped as the schema
says and never a server error; a request that breaks the schema must be refused.

Deterministic and bounded: derandomised, a fixed number of fuzzed examples per
operation, no example database. The same code and the same test selection send the same
requests (Hypothesis also draws constants from the loaded modules); the count is printed.
"""

from collections import Counter
from datetime import date
from types import SimpleNamespace

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings

from measures.services import do_create_measure
from orgs.models import ApiToken
from reports.intake import do_create_report
from surveys.tests.test_indicators import make_survey
from tryggve.test import build_cast

FUZZED_PER_OPERATION = 25
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_schema_conformance", "negative_data_rejection")

CONFIG = schemathesis.Config.from_dict({
    "generation": {"mode": "all", "max-examples": FUZZED_PER_OPERATION,
                   "deterministic": True, "database": "none"},
    "phases": {"examples": {"enabled": True},
               "coverage": {"enabled": True, "unexpected-methods": []},
               "fuzzing": {"enabled": True}, "stateful": {"enabled": False}},
    "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
    "suppress-health-check": ["all"],
})

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application(),
                                        config=CONFIG)

WEEK = "2025-W23"
FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"
SENT = {"cases": 0, "answers": Counter()}


@pytest.fixture
def world():
    """The cast, with something to find: alice's shared and internal reports in WEEK,
    one of charlie's elsewhere, a measure and a survey round."""
    cast = SimpleNamespace()
    with override_settings(PASSWORD_HASHERS=[FAST_HASHER]):  # nobody logs in here
        build_cast(cast)
    point = {"latitude": 59.247, "longitude": 17.86, "occurred_at": "2025-06-07T21:30"}
    cast.report = do_create_report(cast.alice, point | {"category": "graffiti"}).report
    do_create_report(cast.alice, point | {"category": "drugs_found", "visibility": "internal"})
    do_create_report(cast.charlie, {"category": "vandalism", "latitude": 55.59,
                                    "longitude": 13.04})
    do_create_measure(cast.bob, cast.est, {"title": "Belysning", "kind": "lighting",
                                           "corner": "place", "area": cast.fittja.pk,
                                           "started_on": "2025-05-01"})
    make_survey(cast, "AktivBo 2024", date(2024, 12, 31), {cast.fittja: (640, 1000)})
    cast.tokens = [{"Authorization": f"Bearer {ApiToken.issue(user)[1]}"}
                   for user in (cast.alice, cast.bob)]
    # Requests run inside the test's transaction: hold off Django's closing of old
    # connections around each request, as Django's own test client does.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield cast
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def aim_at_the_data(case, world) -> None:
    """Point a valid request at what exists, so that answers with data are checked too:
    the cast's collaboration, WEEK, alice's shared report, a place it knows."""
    for name, value in (("collaboration", "test"), ("week", WEEK),
                        ("report_id", str(world.report.pk))):
        if name in (case.path_parameters or {}):
            case.path_parameters[name] = value
    if case.query and "collaboration" in case.query:
        case.query["collaboration"] = "test"
    if case.operation.label == "POST /api/reports" and isinstance(case.body, dict):
        for name in ("latitude", "longitude", "area", "property", "collaboration",
                     "organisation"):
            case.body.pop(name, None)
        case.body["place"] = "Fittja torg"


@pytest.mark.django_db
@schema.parametrize()
def test_it_answers_every_generated_request_as_documented(case, world):
    SENT["cases"] += 1
    if case.meta.generation.mode.is_positive:
        if SENT["cases"] % 2:
            aim_at_the_data(case, world)
        callers = [{}, *world.tokens]
    else:  # refused before it reaches anyone's data: one caller is enough
        callers = [world.tokens[SENT["cases"] % 2]]
    for headers in callers:
        response = case.call_and_validate(headers=headers)
        SENT["answers"][response.status_code] += 1


@pytest.fixture(scope="module", autouse=True)
def _print_the_count(request):
    yield
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin(
        "capturemanager")
    if SENT["cases"] and reporter is not None and capture is not None:
        answers = ", ".join(f"{n} × {status}" for status, n in sorted(SENT["answers"].items()))
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\nschemathesis: {SENT['cases']} generated requests sent "
                                f"as {SENT['answers'].total()} calls, answered {answers}")
