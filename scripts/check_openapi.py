"""Reads openapi.yaml as strict consumers do and fails on what they would trip over.

- PyYAML's pure-Python SafeLoader (YAML 1.1, stricter than libyaml: a `?` inside a flow mapping is an error
  there), refusing a key given twice in one mapping (PyYAML would silently keep the last).
- No key without a value: in a flow mapping (`{ description: a, b }`) an unquoted comma splits a description
  into a bogus key `b` whose value is null; OpenAPI and JSON Schema have no member whose value is null.
- openapi-spec-validator (OpenAPI 3.1 with JSON Schema 2020-12).

Usage: python3 scripts/check_openapi.py [openapi.yaml]
"""

import sys

import yaml
from openapi_spec_validator import validate


class StrictLoader(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    lambda loader, node: loader.construct_mapping(node, deep=True))


def null_members(value, path="$"):
    if isinstance(value, dict):
        for key, member in value.items():
            if member is None:
                yield f"{path}.{key}"
            else:
                yield from null_members(member, f"{path}.{key}")
    elif isinstance(value, list):
        for index, member in enumerate(value):
            yield from null_members(member, f"{path}[{index}]")


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "openapi.yaml"
    with open(path, encoding="utf-8") as file:
        try:
            document = yaml.load(file, Loader=StrictLoader)
        except yaml.YAMLError as error:
            print(f"{path}: not strict YAML 1.1: {error}", file=sys.stderr)
            return 1
    bogus = list(null_members(document))
    if bogus:
        print(f"{path}: keys without a value (a description split at a comma?): {', '.join(bogus)}", file=sys.stderr)
        return 1
    validate(document)
    print(f"{path}: strict YAML 1.1, no bogus keys, valid OpenAPI {document['openapi']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
