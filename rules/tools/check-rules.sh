#!/usr/bin/env bash
# Checks the Prometheus rules: syntax, unit tests, and the conventions every alert must follow.
#
#   bash rules/tools/check-rules.sh
#
# 0. rules/tools/test_alert_table.py: the YAML reader used by step 4 reads what it should
# 1. promtool check rules rules/*.yml
# 2. promtool test rules rules/tests/*.test.yml
# 3. rules/<name>.rules.yml and rules/tests/<name>.rules.test.yml come in pairs
# 4. every alert has labels.severity (P1/P2/P3; `none` for Watchdog only, `info` for DailySummary only), annotations title (the first line of
#    every notification, with the numbers), summary, description and runbook_url = docs/runbooks/<AlertName>.md
#    (a path in this repository; Alertmanager and Grafana put the configured docs base URL in front of it), a
#    runbook file with the five standard sections, and an alert_rule_test in rules/tests that expects it to fire
#    (a non-empty exp_alerts)
# 5. the real checkout days (data/checkout_1.csv, data/checkout_2.csv, or $CHECKOUT_DATA_DIR) replayed hour by
#    hour through rules/checkout.rules.yml give exactly the alerts rules/tools/judge-hours.py computes (the
#    tables in docs/alerting.md), and those meet the required outcomes
#
# Needs promtool (Debian package `prometheus`) and python3 with PyYAML (Debian package `python3-yaml`): the rule
# and test files are read with a YAML parser (rules/tools/alert-table.py), so any valid layout is understood.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"

runbook_dir="docs/runbooks"
runbook_sections=("## Meaning" "## PromQL" "## Likely causes" "## What to do" "## Escalation")
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

command -v promtool >/dev/null 2>&1 || {
  echo "promtool not found: install the Debian package 'prometheus' (make deps)" >&2
  exit 1
}
command -v python3 >/dev/null 2>&1 || {
  echo "python3 not found: rules/tools/judge-hours.py and alert-table.py need it (make deps)" >&2
  exit 1
}
python3 -c 'import yaml' 2>/dev/null || {
  echo "PyYAML not found: install the Debian package 'python3-yaml' (make deps)" >&2
  exit 1
}

shopt -s nullglob
rule_files=(rules/*.yml)
test_files=(rules/tests/*.test.yml)
((${#rule_files[@]} > 0)) || { echo "no rule files in rules/" >&2; exit 1; }

echo "== rules/tools/alert-table.py (the YAML reader of the checks below)"
python3 rules/tools/test_alert_table.py || fail "rules/tools/test_alert_table.py"

echo "== promtool check rules"
promtool check rules "${rule_files[@]}" || fail "promtool check rules"

echo "== promtool test rules"
promtool test rules "${test_files[@]}" || fail "promtool test rules"

echo "== rule and test files pair up"
for file in "${rule_files[@]}"; do
  name=$(basename "$file" .yml)
  [[ -f rules/tests/$name.test.yml ]] || fail "$file has no rules/tests/$name.test.yml"
done
for file in "${test_files[@]}"; do
  name=$(basename "$file" .test.yml)
  [[ -f rules/$name.yml ]] || fail "$file tests no rules/$name.yml"
done

echo "== every alert: labels, annotations, runbook, a firing test"
# One line per alert: "<file> <alert> <severity> <has title> <has summary> <has description> <runbook_url>",
# tab-separated.
alert_table=$(python3 rules/tools/alert-table.py alerts "${rule_files[@]}") || fail "rules/tools/alert-table.py could not read the rule files"

# Alert names with at least one alert_rule_test item whose exp_alerts lists an alert.
tested_alerts=$(python3 rules/tools/alert-table.py tested "${test_files[@]}") || fail "rules/tools/alert-table.py could not read the test files"

alert_count=0
while IFS=$'\t' read -r file alert severity title summary description url; do
  [[ -n $alert ]] || continue
  alert_count=$((alert_count + 1))
  case "$severity" in
    P1 | P2 | P3) ;;
    none) [[ $alert == Watchdog ]] || fail "$file: $alert has severity none (only Watchdog may)" ;;
    info) [[ $alert == DailySummary ]] || fail "$file: $alert has severity info (only DailySummary may: it is routed to Slack and email only)" ;;
    -) fail "$file: $alert has no severity label" ;;
    *) fail "$file: $alert has severity '$severity' (want P1, P2 or P3)" ;;
  esac
  ((title)) || fail "$file: $alert has no title annotation (the first line of its notifications, with the numbers)"
  ((summary)) || fail "$file: $alert has no summary annotation"
  ((description)) || fail "$file: $alert has no description annotation"
  if [[ $url == - ]]; then
    fail "$file: $alert has no runbook_url annotation"
  elif [[ $url != "$runbook_dir/$alert.md" ]]; then
    fail "$file: $alert runbook_url is $url, want $runbook_dir/$alert.md (the docs base URL is configured in Alertmanager and Grafana, not in rules)"
  fi
  runbook=$runbook_dir/$alert.md
  if [[ ! -s $runbook ]]; then
    fail "$alert has no runbook $runbook"
  else
    for section in "${runbook_sections[@]}"; do
      grep -qxF "$section" "$runbook" || fail "$runbook has no '$section' section"
    done
  fi
  grep -qxF "$alert" <<<"$tested_alerts" || fail "$alert has no alert_rule_test with a non-empty exp_alerts in rules/tests"
done <<<"$alert_table"
((alert_count > 0)) || fail "no alerts found in rules/*.yml"
echo "checked $alert_count alerts"

echo "== real checkout days, hour by hour"
data_dir=${CHECKOUT_DATA_DIR:-data}
days=("$data_dir/checkout_1.csv" "$data_dir/checkout_2.csv")
days_found=1
for day in "${days[@]}"; do
  [[ -f $day ]] || { fail "$day not found (set CHECKOUT_DATA_DIR to the folder holding the real days)"; days_found=0; }
done
if ((days_found)); then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  python3 rules/tools/judge-hours.py --promtool-test rules "${days[@]}" >"$tmp/real-days.test.yml"
  promtool test rules "$tmp/real-days.test.yml" ||
    fail "the rules and rules/tools/judge-hours.py disagree on the real days (docs/alerting.md tables)"
  summary=$(python3 rules/tools/judge-hours.py --summary "${days[@]}")
  echo "${summary:-no alerts}"
  for hour in 15 16 17; do
    grep -qx "checkout_2 $hour P1 CheckoutZeroTransactions" <<<"$summary" ||
      fail "checkout_2 hour $hour must give P1 CheckoutZeroTransactions"
  done
  if grep -E '^checkout_[12] 0[0-7] ' <<<"$summary" >&2; then
    fail "no alert may fire for hours 00-07 of the real days"
  fi
  if grep -E '^checkout_1 [0-9]+ P1 ' <<<"$summary" >&2; then
    fail "checkout_1 (a normal day) must give no P1"
  fi
fi

if ((failures > 0)); then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "OK: rules, tests and runbooks are consistent"
