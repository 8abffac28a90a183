"""Plausible bodies for writes: the forms the pages show, and JSON from the schema.

Every page the matrix opens is read for its POST forms, and each form is kept under the
URL it posts to, with what a browser would send (the selected option, checked boxes, the
text in the fields). Before it is sent for tenant N, every id in it (an option "1001",
"t1001", "area:1001", a report's UUID) is turned to N's, as an attacker would forge it, so
one form tries every tenant's organisation, collaboration, area, case… Text that holds a
canary is replaced, so a canary in an answer always comes from the server.
"""

import re
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.utils import timezone

from tryggve.tests.matrix.targets import TENANT_QUERY, tenant_value
from tryggve.tests.matrix.tenants import CANARY, NUMBERS, report_uuid, tenant_of

SKIPPED_INPUTS = {"submit", "button", "image", "reset", "file"}


@dataclass
class Form:
    action: str
    method: str = "post"
    fields: list[list] = field(default_factory=list)  # [name, value]
    text_fields: set[str] = field(default_factory=set)  # typed in (a search box)
    survey: int | None = None  # a capability's form (a survey code's answer form)


class _FormParser(HTMLParser):
    """The forms of a page, read as a browser would submit them once filled in: a select
    left blank gets its first real choice."""

    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: tuple[str, bool] | None = None  # (name, multiple)
        self.selected: list[str] = []
        self.first: str | None = None
        self.option: dict | None = None
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            action = urlsplit(urljoin(self.page_url, a.get("action") or self.page_url)).path
            self.form = Form(action, a.get("method", "get").lower())
        elif self.form is None:
            return
        elif tag == "option" and self.select is not None:
            self.option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}
        elif not a.get("name"):
            return
        elif tag == "input":
            self._input(a)
        elif tag == "select":
            self.select, self.selected, self.first = (a["name"], "multiple" in a), [], None
        elif tag == "textarea":
            self.textarea, self.text = a["name"], ""

    def _input(self, a: dict) -> None:
        kind = a.get("type", "text").lower()
        if kind in SKIPPED_INPUTS:
            return
        if kind in ("checkbox", "radio"):
            if "checked" in a:
                self.form.fields.append([a["name"], a.get("value", "on")])
        else:
            self.form.fields.append([a["name"], a.get("value", "")])
            if kind in ("text", "search"):
                self.form.text_fields.add(a["name"])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self.option is not None:
            self.option["text"] += data
        elif self.textarea is not None:
            self.text += data

    def _end_option(self) -> None:
        value = self.option["value"]
        value = self.option["text"].strip() if value is None else value
        if self.first is None and value:
            self.first = value  # the first real choice, for a select left blank
        if self.option["selected"]:
            self.selected.append(value)
        self.option = None

    def handle_endtag(self, tag):
        if self.form is None:
            return
        if tag in ("option", "select") and self.option is not None:
            self._end_option()
        if tag == "form":
            self.forms.append(self.form)
            self.form = None
        elif tag == "textarea" and self.textarea is not None:
            self.form.fields.append([self.textarea, self.text])
            self.textarea = None
        elif tag == "select" and self.select is not None:
            name, multiple = self.select
            chosen = [v for v in self.selected if v]
            values = chosen or ([] if multiple or self.first is None else [self.first])
            self.form.fields.extend([name, v] for v in values)
            self.select = None


def forms_on(page_url: str, html: str) -> list[Form]:
    """The page's forms, POST and GET (a GET form is a search or a filter)."""
    parser = _FormParser(page_url)
    parser.feed(html)
    return parser.forms


def search_query(form: Form) -> dict[str, str] | None:
    """A GET form's query with every box typed in searching for canaries ("zq"), or None
    for a form without one (a filter of choices, which the page shows anyway)."""
    if not form.text_fields:
        return None
    return {name: "zq" if name in form.text_fields else value for name, value in form.fields}


_NUMBERED = re.compile(r"^(?P<prefix>(?:\w+:)?t?)(?P<number>\d{4})$")


def _moved(found: int, number: int) -> int:
    """The record of tenant ``number`` that stands where ``found`` stood in its tenant
    (a shared one for a shared one, an internal one for an internal one)."""
    return tenant_of(number).number + (found - tenant_of(found).number)


def rewrite(name: str, value: str, number: int) -> str:
    """``value`` turned to name tenant ``number``'s record, as an attacker would forge it:
    "1001" -> "3001", "t1002" -> "t3002", "area:1001" -> "area:3001", a report's UUID to
    the other tenant's; a collaboration field names the tenant's collaboration."""
    for n in NUMBERS:
        if value == str(report_uuid(n)):
            return str(report_uuid(_moved(n, number)))
    match = _NUMBERED.match(value)
    if match is None or int(match["number"]) not in NUMBERS:
        return value
    found = int(match["number"])
    target = (tenant_of(number).collaboration if "collaboration" in name
              else _moved(found, number))
    return f"{match['prefix']}{target}"


def body_for(form: Form, number: int | None) -> dict[str, list[str]]:
    """What the form sends, with every id turned to tenant ``number``'s (None: as is)."""
    body: dict[str, list[str]] = {}
    for name, value in form.fields:
        value = re.sub(CANARY, "probe", value, flags=re.I)
        if number is not None:
            value = rewrite(name, value, number)
        body.setdefault(name, []).append(value)
    return body


def default_body(number: int | None) -> dict[str, list[str]]:
    """For a URL no page has a form for: the usual field names, naming the tenant."""
    body = {"text": ["probe"], "comment": ["probe"], "status": ["in_progress"]}
    if number is not None:
        body |= {name: [tenant_value(name, number)] for name in TENANT_QUERY}
    return body


# JSON from the OpenAPI schema ----------------------------------------------------------------

PLAUSIBLE = {"category": "graffiti", "level": "preventive", "status": "in_progress",
             "visibility": "shared", "text": "probe", "comment": "probe"}


def _deref(schema: dict, root: dict) -> dict:
    while isinstance(schema, dict) and "$ref" in schema:
        node = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def _value(name: str, schema: dict, root: dict, number: int | None):
    schema = _deref(schema, root)
    if "anyOf" in schema:
        schema = next((_deref(s, root) for s in schema["anyOf"]
                       if _deref(s, root).get("type") != "null"), {})
    if number is not None and name in TENANT_QUERY:
        return tenant_value(name, number)
    if number is not None and name in ("latitude", "longitude"):
        return tenant_of(number).point[0 if name == "latitude" else 1]
    if name in PLAUSIBLE:
        return PLAUSIBLE[name]
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    kind, fmt = schema.get("type"), schema.get("format")
    if fmt == "uuid":
        return str(uuid.uuid4())
    if fmt == "date-time":
        return timezone.now().isoformat()
    if fmt == "date":
        return timezone.localdate().isoformat()
    if kind == "object":
        return {k: _value(k, s, root, number) for k, s in schema.get("properties", {}).items()}
    return {"integer": 1, "number": 1.0, "boolean": True, "array": []}.get(kind, "probe")


def json_body(operation: dict, root: dict, number: int | None) -> dict | None:
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if schema is None:
        return None
    return _value("", schema, root, number)
