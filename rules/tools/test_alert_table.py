#!/usr/bin/env python3
"""Tests of rules/tools/alert-table.py (run by check-rules.sh): what it reports for rule and test files."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import tempfile
import unittest

_spec = importlib.util.spec_from_file_location("alert_table", os.path.join(os.path.dirname(__file__), "alert-table.py"))
alert_table = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(alert_table)


class AlertTableTest(unittest.TestCase):
    def write(self, text: str) -> str:
        handle = tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False, encoding="utf-8")
        self.addCleanup(os.remove, handle.name)
        with handle:
            handle.write(text)
        return handle.name

    def test_alert_fields_are_read_whatever_the_key_order_and_style(self):
        path = self.write(
            "groups:\n"
            "  - name: g\n"
            "    rules:\n"
            "      - record: level:metric:op\n"
            "        expr: vector(1)\n"
            "      - expr: vector(1)\n"
            "        annotations: {runbook_url: docs/runbooks/A.md, summary: s, title: t}\n"
            "        labels: {severity: \"P2\"}\n"
            "        alert: A\n"
        )
        self.assertEqual(alert_table.alerts(path), [f"{path}\tA\tP2\t1\t1\t0\tdocs/runbooks/A.md"])

    def test_missing_or_empty_values_show_as_absent(self):
        path = self.write(
            "groups:\n"
            "  - name: g\n"
            "    rules:\n"
            "      - alert: B\n"
            "        expr: vector(1)\n"
            "        annotations:\n"
            "          title:\n"
            "          summary:\n"
            "          description: ''\n"
        )
        self.assertEqual(alert_table.alerts(path), [f"{path}\tB\t-\t0\t0\t0\t-"])

    def test_only_cases_expecting_an_alert_count_as_firing_tests(self):
        path = self.write(
            "tests:\n"
            "  - alert_rule_test:\n"
            "      - alertname: Quiet\n"
            "        exp_alerts: []\n"
            "      - alertname: Fires\n"
            "        exp_alerts:\n"
            "          - exp_labels: {severity: P1}\n"
            "  - alert_rule_test:\n"
            "      - {alertname: Flow, exp_alerts: [{exp_labels: {}}]}\n"
        )
        self.assertEqual(alert_table.tested(path), {"Fires", "Flow"})

    def test_a_file_that_is_not_yaml_fails(self):
        path = self.write("groups: [\n")
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr):
            self.assertEqual(alert_table.main(["alerts", path]), 1)
        self.assertIn("cannot read it as YAML", stderr.getvalue())


if __name__ == "__main__":
    unittest.main()
