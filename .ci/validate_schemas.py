"""Checks the published JSON Schema of each generated crate with a validator from outside the Rust world (Python's
jsonschema): every file and the bundle against the draft 2020-12 meta-schema, every `$ref`
resolved across files by `$id`, every example instance of the Rust tests valid, and invalid
instances (wrong type, missing required property, value outside an enum) rejected. Then runs
the consumer example of README.md exactly as written there."""

import json
import pathlib
import re
import sys

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

ROOT = pathlib.Path(__file__).resolve().parent.parent
# Each generated crate: its published schemas, and the instances its Rust tests wrote.
CRATES = {"moov-models": ROOT / "generated", "openai-models": ROOT / "examples" / "openai"}
INSTANCES = ROOT / "target" / "tmp" / "instances"

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAILED: {what}")


def refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs(item)


def check_crate(crate, schemas_dir):
    index = json.loads((schemas_dir / "index.json").read_text())
    schemas = {}
    for model in index["models"]:
        schema = json.loads((schemas_dir / model["file"]).read_text())
        check(schema.get("$id") == model["$id"], f"{model['file']}: $id matches the index")
        schemas[model["$id"]] = (model, schema)
    bundle = json.loads((schemas_dir / "bundle.json").read_text())

    for schema in [s for _, s in schemas.values()] + [bundle]:
        try:
            Draft202012Validator.check_schema(schema)
            check(True, "")
        except Exception as e:  # noqa: BLE001 - report and go on
            check(False, f"{schema.get('$id')}: not valid draft 2020-12: {e}")

    registry = Registry().with_resources(
        [(uri, Resource.from_contents(schema)) for uri, (_, schema) in schemas.items()]
        + [(bundle["$id"], Resource.from_contents(bundle))]
    )
    for uri, schema in [(u, s) for u, (_, s) in schemas.items()] + [(bundle["$id"], bundle)]:
        resolver = registry.resolver(base_uri=uri)
        for ref in refs(schema):
            try:
                resolver.lookup(ref)
                check(True, "")
            except Exception as e:  # noqa: BLE001
                check(False, f"{uri}: $ref {ref} does not resolve: {e}")


    def validator_for(uri):
        return Draft202012Validator({"$ref": uri}, registry=registry)


    instances = 0
    for uri, (model, schema) in sorted(schemas.items()):
        validator = validator_for(uri)
        saved = INSTANCES / crate / model["file"]
        if saved.exists():
            instances += 1
            instance = json.loads(saved.read_text())
            errors = [e.message for e in validator.iter_errors(instance)]
            check(not errors, f"{model['file']}: example instance rejected: {errors[:3]}")
            # Invalid variants of the valid instance.
            if isinstance(instance, dict) and schema.get("required"):
                missing = dict(instance)
                missing.pop(schema["required"][0], None)
                check(not validator.is_valid(missing), f"{model['file']}: accepted without `{schema['required'][0]}`")
            for name, prop in schema.get("properties", {}).items():
                if isinstance(instance, dict) and prop.get("type") in ("string", ["string", "null"]):
                    wrong = dict(instance, **{name: 12345})
                    check(not validator.is_valid(wrong), f"{model['file']}: accepted a number for string `{name}`")
                    break
        if model["kind"] == "enum":
            check(not validator.is_valid("surely-not-a-listed-value"), f"{model['file']}: accepted a value outside the enum")
    check(instances == len(schemas), f"{crate}: {instances} example instances for {len(schemas)} models (run `cargo test` first)")


for crate, out in CRATES.items():
    check_crate(crate, out / "json-schema")

# The README's consumer example, exactly as written.
readme = (ROOT / "README.md").read_text()
example = re.search(r"<!-- tested by \.ci/validate_schemas\.py -->\s*```python\n(.*?)```", readme, re.S)
check(example is not None, "README.md has the tested Python example")
if example:
    import os

    os.chdir(ROOT)
    try:
        exec(compile(example.group(1), "README.md", "exec"), {})
        check(True, "")
    except Exception as e:  # noqa: BLE001
        check(False, f"the README example fails: {e!r}")

print(f"schemas: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
