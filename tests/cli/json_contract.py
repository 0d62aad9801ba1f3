"""Validates emready's JSON documents against the schemas in schemas/ (draft 2020-12), with
Debian's python3-jsonschema."""
import json
import os

import jsonschema

SCHEMAS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "schemas")


def schema(name):
    with open(os.path.join(SCHEMAS, f"{name}.schema.json")) as f:
        return json.load(f)


def problems(document, name):
    """Every way `document` breaks schemas/NAME.schema.json, as 'path: message' lines."""
    validator = jsonschema.Draft202012Validator(schema(name), format_checker=jsonschema.FormatChecker())
    return [f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]
