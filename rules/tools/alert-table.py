#!/usr/bin/env python3
"""Read the Prometheus rule and rule-test files with a YAML parser for rules/tools/check-rules.sh.

    rules/tools/alert-table.py alerts RULE_FILE...   one tab-separated line per alerting rule:
                                                     file, alert, severity (- when absent), has title (1/0),
                                                     has summary (1/0), has description (1/0), runbook_url
                                                     (- when absent)
    rules/tools/alert-table.py tested TEST_FILE...   the alert names that at least one alert_rule_test item
                                                     expects to fire (a non-empty exp_alerts), one a line

An annotation or label counts as present when it has a non-empty value. A file that is not YAML, or not shaped
like a rule or rule-test file, is named on stderr and the exit code is 1. Needs PyYAML (Debian: python3-yaml).
"""

from __future__ import annotations

import sys

import yaml


def load(path: str) -> dict:
    with open(path, encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise ValueError("the top level is not a mapping")
    return document


def mapping(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def items(value: object) -> list:
    return value if isinstance(value, list) else []


def text(value: object) -> str:
    return "" if value is None else str(value).strip()


def alerts(path: str) -> list[str]:
    lines = []
    for group in items(load(path).get("groups")):
        for rule in items(mapping(group).get("rules")):
            rule = mapping(rule)
            name = text(rule.get("alert"))
            if not name:
                continue
            labels = mapping(rule.get("labels"))
            annotations = mapping(rule.get("annotations"))
            lines.append("\t".join([
                path,
                name,
                text(labels.get("severity")) or "-",
                "1" if text(annotations.get("title")) else "0",
                "1" if text(annotations.get("summary")) else "0",
                "1" if text(annotations.get("description")) else "0",
                text(annotations.get("runbook_url")) or "-",
            ]))
    return lines


def tested(path: str) -> set[str]:
    names = set()
    for test in items(load(path).get("tests")):
        for case in items(mapping(test).get("alert_rule_test")):
            case = mapping(case)
            if items(case.get("exp_alerts")) and text(case.get("alertname")):
                names.add(text(case.get("alertname")))
    return names


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in ("alerts", "tested"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    mode, paths = argv[0], argv[1:]
    failed = False
    out: list[str] = []
    found: set[str] = set()
    for path in paths:
        try:
            if mode == "alerts":
                out.extend(alerts(path))
            else:
                found |= tested(path)
        except (OSError, ValueError, yaml.YAMLError) as error:
            print(f"{path}: cannot read it as YAML: {error}", file=sys.stderr)
            failed = True
    out.extend(sorted(found))
    for line in out:
        print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
