"""The API docs page, rendered on the server from the OpenAPI description: every operation with its
parameters, request body, answers and an example; every schema with its fields. No scripts.

The description's texts are English msgids (marked with gettext_noop where they are written), so
the page translates them with gettext in the viewer's language."""

import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

METHOD_ORDER = {"get": 0, "post": 1, "put": 2, "patch": 3, "delete": 4}
EXAMPLE_DEPTH = 12
FORMAT_EXAMPLES = {"date": "2025-03-07", "date-time": "2025-03-07T09:00:00+07:00"}


def tr(text: str) -> str:
    return _(text) if text else ""


def ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def type_label(schema: dict) -> str:
    """A short reading of a JSON schema: "string", "list of ProjectOut", "integer or null"…"""
    if "$ref" in schema:
        return ref_name(schema["$ref"])
    if "anyOf" in schema or "oneOf" in schema:
        options = schema.get("anyOf") or schema.get("oneOf")
        return _(" or ").join(type_label(option) for option in options)
    if "enum" in schema:
        return _("one of: %(values)s") % {
            "values": ", ".join(json.dumps(value, ensure_ascii=False) for value in schema["enum"])
        }
    if "const" in schema:
        return json.dumps(schema["const"], ensure_ascii=False)
    kind = schema.get("type", "")
    if kind == "array":
        return _("list of %(item)s") % {"item": type_label(schema.get("items", {}))}
    if kind == "null":
        return "null"
    if kind == "string" and schema.get("format"):
        return f"string ({schema['format']})"
    return kind or _("any")


def constraints(schema: dict) -> str:
    """Limits worth knowing: lengths, ranges, list sizes, from the schema or its non-null option."""
    for option in schema.get("anyOf", []):
        if option.get("type") != "null" and "$ref" not in option:
            schema = {**option, **{key: value for key, value in schema.items() if key != "anyOf"}}
    parts = []
    for key, label in (
        ("minimum", "≥ %s"),
        ("exclusiveMinimum", "> %s"),
        ("maximum", "≤ %s"),
        ("exclusiveMaximum", "< %s"),
    ):
        if key in schema:
            parts.append(label % schema[key])
    if "maxLength" in schema:
        parts.append(_("at most %(count)s characters") % {"count": schema["maxLength"]})
    if "minItems" in schema:
        parts.append(_("at least %(count)s items") % {"count": schema["minItems"]})
    if "maxItems" in schema:
        parts.append(_("at most %(count)s items") % {"count": schema["maxItems"]})
    if "default" in schema and schema["default"] not in (None, "", []):
        parts.append(_("default %(value)s") % {"value": json.dumps(schema["default"], ensure_ascii=False)})
    return "; ".join(parts)


def example(schema: dict, components: dict, depth: int = 0):
    """A plausible value for a schema: its own example if it has one, else one by type."""
    if depth > EXAMPLE_DEPTH:
        return None
    if schema.get("examples"):
        return schema["examples"][0]
    if "$ref" in schema:
        return example(components.get(ref_name(schema["$ref"]), {}), components, depth + 1)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [option for option in schema[key] if option.get("type") != "null"]
            return example(options[0], components, depth + 1) if options else None
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {
            name: example(prop, components, depth + 1) for name, prop in schema.get("properties", {}).items()
        }
    if kind == "array":
        return [example(schema.get("items", {}), components, depth + 1)]
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    if kind == "string":
        return FORMAT_EXAMPLES.get(schema.get("format", ""), "…")
    return None


@dataclass
class Parameter:
    name: str
    where: str
    type: str
    required: bool
    description: str
    limits: str


@dataclass
class Response:
    status: str
    description: str
    type: str
    schema_name: str = ""


@dataclass
class Operation:
    method: str
    path: str
    operation_id: str
    summary: str
    description: str
    needs_token: bool
    parameters: list[Parameter] = field(default_factory=list)
    body_type: str = ""
    body_schema: str = ""
    body_example: str = ""
    responses: list[Response] = field(default_factory=list)
    curl: str = ""
    example: str = ""


@dataclass
class Section:
    tag: str
    anchor: str
    operations: list[Operation] = field(default_factory=list)


@dataclass
class Property:
    name: str
    type: str
    required: bool
    description: str
    limits: str


@dataclass
class SchemaDoc:
    name: str
    description: str
    properties: list[Property]

    @property
    def is_input(self) -> bool:
        """Request bodies: a required field must be sent. In answers it is always present."""
        return self.name.endswith("In")


def dumped(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def operation_doc(method: str, path: str, details: dict, components: dict, base: str) -> Operation:
    security = details.get("security", [])
    needs_token = {} not in security
    operation = Operation(
        method=method.upper(),
        path=path,
        operation_id=details.get("operationId", ""),
        summary=tr(details.get("summary", "")),
        description=tr(details.get("description", "")),
        needs_token=needs_token,
    )
    query = []
    for parameter in details.get("parameters", []):
        schema = parameter.get("schema", {})
        operation.parameters.append(
            Parameter(
                name=parameter["name"],
                where=parameter["in"],
                type=type_label(schema),
                required=parameter.get("required", False),
                description=tr(parameter.get("description") or schema.get("description", "")),
                limits=constraints(schema),
            )
        )
        if parameter.get("required") and parameter["in"] == "query":
            query.append(f"{parameter['name']}={example(schema, components)}")
    body = details.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    if body:
        operation.body_type = type_label(body)
        operation.body_schema = ref_name(body["$ref"]) if "$ref" in body else ""
        operation.body_example = dumped(example(body, components))
    for status, response in sorted(details.get("responses", {}).items()):
        schema = response.get("content", {}).get("application/json", {}).get("schema", {})
        operation.responses.append(
            Response(
                status=str(status),
                description=tr(response.get("description", "")),
                type=type_label(schema) if schema else "",
                schema_name=ref_name(schema["$ref"]) if "$ref" in schema else "",
            )
        )
        if str(status) in ("200", "201") and schema:
            operation.example = dumped(example(schema, components))
    url = base.rstrip("/") + path
    for parameter in operation.parameters:
        if parameter.where == "path":
            url = url.replace("{" + parameter.name + "}", "1" if "integer" in parameter.type else "example")
    if query:
        url += "?" + "&".join(query)
    lines = ["curl"]
    if method != "get":
        lines.append(f"-X {method.upper()}")
    if needs_token:
        lines.append('-H "Authorization: Bearer $TOKEN"')
    if body:
        lines.append('-H "Content-Type: application/json" -d @body.json')
    lines.append(f'"{url}"')
    operation.curl = " ".join(lines)
    return operation


def sections(schema: dict, base: str, slugs: dict[str, str]) -> list[Section]:
    """Operations grouped by their tag, in the order the tags first appear; `slugs` names each
    tag's page."""
    components = schema.get("components", {}).get("schemas", {})
    found: dict[str, Section] = {}
    for path, operations in schema.get("paths", {}).items():
        for method, details in sorted(operations.items(), key=lambda item: METHOD_ORDER.get(item[0], 9)):
            tag = (details.get("tags") or [""])[0]
            if tag not in found:
                found[tag] = Section(tag=tr(tag), anchor=slugs.get(tag, "other"))
            found[tag].operations.append(operation_doc(method, path, details, components, base))
    return list(found.values())


def schema_docs(schema: dict) -> list[SchemaDoc]:
    docs = []
    for name, component in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(component.get("required", []))
        docs.append(
            SchemaDoc(
                name=name,
                description=tr(component.get("description", "")),
                properties=[
                    Property(
                        name=prop_name,
                        type=type_label(prop),
                        required=prop_name in required,
                        description=tr(prop.get("description", "")),
                        limits=constraints(prop),
                    )
                    for prop_name, prop in component.get("properties", {}).items()
                ],
            )
        )
    return docs
