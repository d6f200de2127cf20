#!/usr/bin/env python3
"""Judge every hour of checkout CSV days with the formulas of rules/checkout.rules.yml.

Design-time check for the alert thresholds: prints, per hour, today's count, the four baselines, the
expected count, the z-score, the deviation and the alert the rules give. docs/alerting.md holds its output
for the two real days.

    rules/tools/judge-hours.py [--format markdown|text] CSV...     per-hour tables
    rules/tools/judge-hours.py --promtool-test RULES_DIR CSV...    a promtool test that replays every hour
                                                                   through the real rules and expects exactly
                                                                   the alerts printed in the table
    rules/tools/judge-hours.py --summary CSV...                    one line per alerting hour:
                                                                   "<dataset> <hour> <severity> <alert>"

The thresholds are not in this script: they are read, like the exporter reads them, from exporter/appsettings.json
(Checkout:Thresholds, per dataset Checkout:Datasets:<name>:Thresholds), with --thresholds FILE (an exporter
settings file, the exporter's --config) layered on top.

The last form is how rules/tools/check-rules.sh proves that this script and the PromQL agree. Standard
library only.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
from dataclasses import dataclass

BASELINES = ("yesterday", "same_day_last_week", "avg_last_week", "avg_last_month")

EXPORTER_SETTINGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "exporter", "appsettings.json")

# Configuration key (Checkout:Thresholds:<key>) -> label value of kpi_checkout_threshold, in the exporter's order.
THRESHOLD_LABELS = {
    "StoppedMinExpected": "stopped_min_expected",
    "StoppedMaxDeviationRatio": "stopped_max_deviation_ratio",
    "StoppedMaxLnTailBound": "stopped_max_ln_tail_bound",
    "SharpDropMaxZScore": "sharp_drop_max_zscore",
    "SharpDropMaxDeviationRatio": "sharp_drop_max_deviation_ratio",
    "DropMaxZScore": "drop_max_zscore",
    "DropMaxDeviationRatio": "drop_max_deviation_ratio",
    "DropMinExpected": "drop_min_expected",
}


def _lower_keys(value):
    """.NET configuration keys are case-insensitive: compare them lower-cased."""
    if isinstance(value, dict):
        return {k.lower(): _lower_keys(v) for k, v in value.items()}
    return value


class Thresholds:
    """The checkout thresholds as the exporter resolves them: the section's, then a dataset's own where it sets one."""

    def __init__(self, files: list[str]):
        self.section: dict[str, float] = {}
        self.datasets: dict[str, dict[str, float]] = {}
        for path in files:
            with open(path, encoding="utf-8") as handle:
                checkout = _lower_keys(json.load(handle)).get("checkout", {})
            for key, value in checkout.get("thresholds", {}).items():
                self.section[key] = float(value)
            for dataset, settings in checkout.get("datasets", {}).items():
                own = self.datasets.setdefault(dataset, {})
                for key, value in settings.get("thresholds", {}).items():
                    own[key] = float(value)
        missing = [k for k in THRESHOLD_LABELS if k.lower() not in self.section]
        if missing:
            raise SystemExit(f"judge-hours: Checkout:Thresholds:{missing[0]} is not set in {', '.join(files)}")

    def for_dataset(self, dataset: str) -> dict[str, float]:
        """Configuration key -> value for one dataset (dataset names keep their case in the exporter too)."""
        own = next((v for k, v in self.datasets.items() if k == dataset.lower()), {})
        return {key: own.get(key.lower(), self.section[key.lower()]) for key in THRESHOLD_LABELS}


def shipped_thresholds() -> dict[str, float]:
    return Thresholds([EXPORTER_SETTINGS]).for_dataset("")


ALERT_SEVERITY = {
    "CheckoutZeroTransactions": "P1",
    "CheckoutSharpDrop": "P2",
    "CheckoutDrop": "P3",
}


@dataclass(frozen=True)
class JudgedHour:
    hour: int
    today: float
    baselines: tuple[float, ...]
    expected: float
    baseline_stddev: float
    expected_stddev: float
    zscore: float
    deviation: float
    ln_tail_bound: float
    alert: str | None


def quantile(values: list[float], q: float) -> float:
    """Prometheus' quantile(): linear interpolation between closest ranks."""
    ordered = sorted(values)
    rank = q * (len(ordered) - 1)
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def stddev(values: list[float]) -> float:
    """Prometheus' stddev(): population standard deviation."""
    mean = sum(values) / len(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))


def poisson_lower_tail_ln_bound(count: float, expected: float) -> float:
    """dataset:checkout_transactions:poisson_lower_tail_ln_bound: the Chernoff bound on ln P(X <= count) for
    X ~ Poisson(expected), (count - expected) + count * ln(expected / count); -expected when count is 0."""
    if expected <= 0:
        return math.nan
    return (count - expected) + count * math.log(expected / max(count, 1e-9))


def poisson_lower_tail_ln(count: float, expected: float) -> float:
    """The exact ln P(X <= count) for X ~ Poisson(expected), for the docs: the bound is never below it."""
    terms = [k * math.log(expected) - expected - math.lgamma(k + 1) for k in range(int(count) + 1)]
    top = max(terms)
    return top + math.log(sum(math.exp(t - top) for t in terms))


def stopped(expected: float, deviation: float, ln_tail_bound: float, t: dict[str, float]) -> bool:
    """dataset:checkout_transactions:stopped, the P1 condition: stopped or nearly stopped."""
    return (expected >= t["StoppedMinExpected"]
            and deviation <= t["StoppedMaxDeviationRatio"]
            and ln_tail_bound <= t["StoppedMaxLnTailBound"])


def judge(hour: int, today: float, baselines: tuple[float, ...], t: dict[str, float] | None = None) -> JudgedHour:
    """One hour through the formulas of rules/checkout.rules.yml with thresholds t (default: the shipped ones)."""
    t = t or shipped_thresholds()
    expected = quantile(list(baselines), 0.5)
    spread = stddev(list(baselines))
    sigma = math.sqrt(expected + spread**2)
    zscore = (today - expected) / sigma if sigma > 0 else math.nan
    deviation = (today - expected) / expected if expected > 0 else math.nan
    ln_tail_bound = poisson_lower_tail_ln_bound(today, expected)

    alert = None
    if stopped(expected, deviation, ln_tail_bound, t):
        alert = "CheckoutZeroTransactions"
    elif (expected >= t["DropMinExpected"] and zscore <= t["SharpDropMaxZScore"]
          and deviation <= t["SharpDropMaxDeviationRatio"]):
        alert = "CheckoutSharpDrop"
    elif (expected >= t["DropMinExpected"] and zscore <= t["DropMaxZScore"]
          and deviation <= t["DropMaxDeviationRatio"]):
        alert = "CheckoutDrop"
    return JudgedHour(hour, today, baselines, expected, spread, sigma, zscore, deviation, ln_tail_bound, alert)


def read_day(path: str) -> list[tuple[int, float, tuple[float, ...]]]:
    with open(path, newline="", encoding="utf-8") as handle:
        sample = handle.readline()
        handle.seek(0)
        rows = csv.DictReader(handle, delimiter="\t" if "\t" in sample else ",")
        day = []
        for row in rows:
            hour = int(row["time"].strip().rstrip("h"))
            baselines = tuple(float(row[name]) for name in BASELINES)
            day.append((hour, float(row["today"]), baselines))
    return day


def dataset_name(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


def fmt(value: float, digits: int) -> str:
    return "-" if math.isnan(value) else f"{value:.{digits}f}"


def judge_day(path: str, thresholds: Thresholds) -> list[JudgedHour]:
    t = thresholds.for_dataset(dataset_name(path))
    return [judge(*row, t) for row in read_day(path)]


def print_table(path: str, markdown: bool, thresholds: Thresholds) -> None:
    judged = judge_day(path, thresholds)
    header = ["hour", "today", "baselines (y, sdlw, avg w, avg m)", "expected", "spread", "sigma", "z", "deviation", "alert"]
    rows = []
    for j in judged:
        rows.append([
            f"{j.hour:02d}",
            f"{j.today:.0f}",
            ", ".join(f"{b:.4g}" for b in j.baselines),
            fmt(j.expected, 1),
            fmt(j.baseline_stddev, 1),
            fmt(j.expected_stddev, 1),
            fmt(j.zscore, 2),
            "-" if math.isnan(j.deviation) else f"{j.deviation:+.0%}",
            f"**{ALERT_SEVERITY[j.alert]} {j.alert}**" if j.alert and markdown else
            (f"{ALERT_SEVERITY[j.alert]} {j.alert}" if j.alert else ""),
        ])
    print(f"#### {dataset_name(path)}\n" if markdown else f"== {dataset_name(path)}")
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join("---:" if i < len(header) - 1 else "---" for i in range(len(header))) + "|")
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
        print("  ".join(h.rjust(w) for h, w in zip(header, widths)))
        for row in rows:
            print("  ".join(c.rjust(w) for c, w in zip(row, widths)))
    fired = [f"{j.hour:02d} {ALERT_SEVERITY[j.alert]}" for j in judged if j.alert]
    print(f"\nAlerts: {', '.join(fired) if fired else 'none'}\n")


def print_promtool_test(rules_dir: str, paths: list[str], thresholds: Thresholds) -> None:
    """One promtool test group per day: hour h is served at minute h; ALERTS is checked every minute."""
    rules_file = os.path.abspath(os.path.join(rules_dir, "checkout.rules.yml"))
    print("# Generated by rules/tools/judge-hours.py --promtool-test; not committed.")
    print(f"rule_files:\n  - {rules_file}\nevaluation_interval: 1m\ntests:")
    for path in paths:
        name = dataset_name(path)
        day = read_day(path)
        labels = f'dataset="{name}",instance="exporter:9464",job="kpi-exporter"'

        def series(metric: str, extra: str, values: list[float]) -> None:
            print(f"      - series: '{metric}{{{extra}{labels}}}'")
            print(f"        values: '{' '.join(repr(v) for v in values)}'")

        print("  - interval: 1m\n    input_series:")
        series("kpi_checkout_judged_hour", "", [float(h) for h, _, _ in day])
        series("kpi_checkout_judged_hour_transactions", "", [t for _, t, _ in day])
        for index, baseline in enumerate(BASELINES):
            series("kpi_checkout_judged_hour_baseline_transactions", f'baseline="{baseline}",',
                   [b[index] for _, _, b in day])
        t = thresholds.for_dataset(name)
        for key, label in THRESHOLD_LABELS.items():
            series("kpi_checkout_threshold", f'threshold="{label}",', [t[key]] * len(day))
        print("    promql_expr_test:")
        for minute, (hour, today, baselines) in enumerate(day):
            verdict = judge(hour, today, baselines, t)
            print(f"      - expr: 'ALERTS{{alertstate=\"firing\",dataset=\"{name}\"}}'")
            print(f"        eval_time: {minute}m")
            if verdict.alert is None:
                print("        exp_samples: []")
            else:
                print("        exp_samples:")
                print(f"          - labels: 'ALERTS{{alertname=\"{verdict.alert}\",alertstate=\"firing\","
                      f"dataset=\"{name}\",severity=\"{ALERT_SEVERITY[verdict.alert]}\"}}'")
                print("            value: 1")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("csv", nargs="+", help="checkout CSV/TSV files (time,today,yesterday,...)")
    parser.add_argument("--format", choices=("markdown", "text"), default="text")
    parser.add_argument("--promtool-test", metavar="RULES_DIR")
    parser.add_argument("--summary", action="store_true")
    parser.add_argument("--thresholds", metavar="FILE",
                        help="an exporter settings file (JSON, its --config) layered over exporter/appsettings.json")
    args = parser.parse_args()
    thresholds = Thresholds([EXPORTER_SETTINGS, *([args.thresholds] if args.thresholds else [])])

    if args.summary:
        for path in args.csv:
            for judged in judge_day(path, thresholds):
                if judged.alert:
                    print(f"{dataset_name(path)} {judged.hour:02d} {ALERT_SEVERITY[judged.alert]} {judged.alert}")
    elif args.promtool_test:
        print_promtool_test(args.promtool_test, args.csv, thresholds)
    else:
        for path in args.csv:
            print_table(path, markdown=args.format == "markdown", thresholds=thresholds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
