"""Read a rule-pack test file: YAML -> checked against its JSON Schema -> plain data.

Every error names the file, the line and column of the offending node and the field's
path (``tests[1].expect.repeated_execution``), because a test file is written by hand
and a bare "invalid" would leave its author guessing. Timestamps stay text: the YAML
loader used here does not turn ``2026-11-24T00:00:00Z`` into a datetime.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from engine.errors import AutopatternError, Location
from engine.resources import schemas_dir

TEST_SUFFIX = ".test.yaml"
SCHEMA_NAME = "ruletest.schema.json"

Path_ = tuple[Any, ...]  # a path into the document: keys and list indexes
KEY = object()           # appended to a path: the position of the key rather than its value


class TestFileError(AutopatternError):
    """A test file cannot be read, does not match the schema, or names a missing pack."""

    __test__ = False  # not a pytest test class, despite its name


class _TextLoader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: times stay the text the author wrote."""


_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class RuleExpectation:
    rule: str
    findings: list[dict[str, Any]] = field(default_factory=list)
    count: int | None = None
    none: bool = False
    in_order: bool = False
    line: int | None = None
    finding_lines: list[int | None] = field(default_factory=list)


@dataclass
class TestCase:
    __test__ = False
    name: str
    now: str
    index: int                              # position in the file's tests list
    line: int | None
    set: dict[str, Any] = field(default_factory=dict)
    events: list[tuple[dict[str, Any], int | None]] = field(default_factory=list)  # (event, line)
    events_file: str | None = None
    registry: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    expect: list[RuleExpectation] = field(default_factory=list)

    def where(self, *path: Any) -> str:
        return field_path(("tests", self.index, *path))


@dataclass
class TestFile:
    __test__ = False
    path: Path
    pack: str
    tests: list[TestCase]
    lines: dict[Path_, tuple[int, int]]     # document path -> (line, column), 1-based

    def location(self, doc_path: Path_, *, key: bool = False) -> Location:
        """Where a path is in the file: its value, or with ``key`` the key naming it."""
        line, column = nearest_position(self.lines, (*doc_path, KEY) if key else doc_path)
        return Location(str(self.path), line, column, field_path(doc_path))


def field_path(doc_path: Path_) -> str:
    """``('tests', 0, 'expect')`` -> ``tests[0].expect``."""
    text = ""
    for part in doc_path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "<document>"


def nearest_position(lines: dict[Path_, tuple[int, int]], doc_path: Path_) -> tuple[int | None, int | None]:
    """The position of a path, or of its nearest ancestor present in the file."""
    if doc_path in lines:
        return lines[doc_path]
    doc_path = tuple(part for part in doc_path if part is not KEY)
    for end in range(len(doc_path), -1, -1):
        if doc_path[:end] in lines:
            return lines[doc_path[:end]]
    return None, None


@cache
def schema() -> dict[str, Any]:
    return json.loads((schemas_dir() / SCHEMA_NAME).read_text(encoding="utf-8"))


def load_test_file(path: Path) -> TestFile:
    """Parse, validate and convert one test file; raise ``TestFileError`` naming where."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TestFileError(f"cannot read test file: {exc}", Location(str(path))) from exc
    try:
        node = yaml.compose(text, Loader=_TextLoader)
        document = yaml.load(text, Loader=_TextLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise TestFileError(f"not valid YAML: {problem}", Location(str(path), line, column)) from exc
    lines = positions(node) if node is not None else {}
    _validate(path, document, lines)
    return TestFile(path, document["pack"], [_test_case(t, i, lines) for i, t in enumerate(document["tests"])],
                    lines)


def positions(node: yaml.Node, doc_path: Path_ = ()) -> dict[Path_, tuple[int, int]]:
    """Map every path of the document to where its value starts in the file."""
    found = {doc_path: (node.start_mark.line + 1, node.start_mark.column + 1)}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*doc_path, key.value)
            found.update(positions(value, child))
            found[(*child, KEY)] = (key.start_mark.line + 1, key.start_mark.column + 1)
            if value.start_mark.line != key.start_mark.line:  # a block below its key: point at the key
                found[child] = found[(*child, KEY)]
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found.update(positions(item, (*doc_path, index)))
    return found


def _validate(path: Path, document: Any, lines: dict[Path_, tuple[int, int]]) -> None:
    validator = jsonschema.Draft202012Validator(schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is None:
        return
    doc_path = tuple(error.absolute_path)
    hint = "see schemas/ruletest.schema.json and docs/ruletest.md"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(error.schema.get("properties", {}))
        extra = sorted(str(k) for k in error.instance if k not in allowed)
        if extra:
            doc_path = (*doc_path, extra[0])
            close = difflib.get_close_matches(extra[0], allowed, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"allowed here: {', '.join(allowed)}"
            line, column = nearest_position(lines, (*doc_path, KEY))
            raise TestFileError(f"unknown field {extra[0]!r}", Location(str(path), line, column,
                                                                      field_path(doc_path)), hint=hint)
    line, column = nearest_position(lines, doc_path)
    raise TestFileError(_schema_message(error), Location(str(path), line, column, field_path(doc_path)), hint=hint)


def _schema_message(error: jsonschema.ValidationError) -> str:
    if error.validator == "oneOf":
        return ("expected a list of findings, or an object with none / count / findings / in_order: "
                + error.message)
    return error.message


def _test_case(raw: dict[str, Any], index: int, lines: dict[Path_, tuple[int, int]]) -> TestCase:
    base = ("tests", index)
    events = [(event, nearest_position(lines, (*base, "events", i))[0])
              for i, event in enumerate(raw.get("events") or [])]
    expect = [_rule_expectation(rule, value, (*base, "expect", rule), lines)
              for rule, value in raw["expect"].items()]
    return TestCase(name=raw["name"], now=raw["now"], index=index, line=nearest_position(lines, base)[0],
                    set=dict(raw.get("set") or {}), events=events, events_file=raw.get("events_file"),
                    registry=dict(raw.get("registry") or {}), expect=expect)


def _rule_expectation(rule: str, value: Any, where: Path_, lines: dict[Path_, tuple[int, int]]) -> RuleExpectation:
    line = nearest_position(lines, where)[0]
    if isinstance(value, list):
        found = [nearest_position(lines, (*where, i))[0] for i in range(len(value))]
        return RuleExpectation(rule, findings=value, line=line, finding_lines=found)
    findings = list(value.get("findings") or [])
    found = [nearest_position(lines, (*where, "findings", i))[0] for i in range(len(findings))]
    return RuleExpectation(rule, findings=findings, count=value.get("count"), none=bool(value.get("none")),
                           in_order=bool(value.get("in_order")), line=line, finding_lines=found)


def find_test_files(paths: list[Path]) -> list[Path]:
    """Expand folders to their *.test.yaml files (recursively, sorted); keep files as given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(path.rglob(f"*{TEST_SUFFIX}")))
        else:
            found.append(path)
    return found
