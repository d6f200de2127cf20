#!/usr/bin/env bash
# Writes the dashboards of dashboards/ for one place: where the runbooks are, the business time zone, the currency,
# and for a replayed demo the time range and refresh.
#
#   DOCS_URL=https://git.mycompany.com/ops/kpi-monitoring/-/blob/main TIME_ZONE=America/Sao_Paulo \
#   REVENUE_UNIT=currencyBRL infrastructure/grafana/render-dashboards.sh OUT_DIR
#
#   DOCS_URL      base of your copy of the repository's docs. Every runbook link of the dashboards is
#                 ${docs_url}/docs/runbooks/<AlertName>.md, where docs_url is a hidden constant variable of each
#                 dashboard; this sets it. The same variable infrastructure/alertmanager/render-config.sh reads
#                 for the notifications' runbook links.                       shipped: the repository on GitHub
#   TIME_ZONE     the dashboards' time zone: the exporter's business time zone (Checkout:TimeZone), an IANA
#                 name, or utc or browser.                                    shipped: utc (the exporter's default)
#   REVENUE_UNIT  Grafana unit of the revenue amounts (currencyEUR, currencyBRL, currencyGBP, ... or
#                 currency:<symbol>).                                         shipped: currencyUSD
#   TIME_FROM     the time range the dashboards open on, up to now (now-15m for a replayed demo, where an
#                 hour lasts seconds).                                        shipped: now-24h
#   REFRESH       the dashboards' refresh interval (5s for a replayed demo).  shipped: 1m
#
# Unset variables keep the shipped value. Point Grafana's dashboard provider at OUT_DIR. Needs python3.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dashboards=${DASHBOARDS_DIR:-$here/../../dashboards}
out=${1:?usage: DOCS_URL=... render-dashboards.sh OUT_DIR}

mkdir -p "$out"
python3 - "$dashboards" "$out" "${DOCS_URL:-}" "${TIME_ZONE:-}" "${REVENUE_UNIT:-}" "${TIME_FROM:-}" "${REFRESH:-}" <<'PYTHON'
import json
import pathlib
import re
import sys

source, target = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
docs_url, time_zone, revenue_unit = sys.argv[3].rstrip("/"), sys.argv[4], sys.argv[5]
time_from, refresh = sys.argv[6], sys.argv[7]
if time_from and not re.fullmatch(r"now-[1-9][0-9]*[smhdwMy]", time_from):
    sys.exit(f"render-dashboards: TIME_FROM must look like now-15m or now-24h, not '{time_from}'")
if refresh and not re.fullmatch(r"[1-9][0-9]*[smhd]", refresh):
    sys.exit(f"render-dashboards: REFRESH must look like 5s or 1m, not '{refresh}'")


def panels(items):
    for panel in items:
        yield panel
        yield from panels(panel.get("panels", []))


files = sorted(source.glob("*.json"))
if not files:
    sys.exit(f"render-dashboards: no *.json in {source}")
for path in files:
    dashboard = json.loads(path.read_text(encoding="utf-8"))
    constants = [v for v in dashboard.get("templating", {}).get("list", []) if v.get("name") == "docs_url"]
    if len(constants) != 1 or constants[0].get("type") != "constant":
        sys.exit(f"render-dashboards: {path.name} has no constant variable docs_url")
    if docs_url:
        constant = constants[0]
        constant["query"] = docs_url
        constant["current"] = {"selected": False, "text": docs_url, "value": docs_url}
        constant["options"] = [{"selected": True, "text": docs_url, "value": docs_url}]
    if time_zone:
        dashboard["timezone"] = time_zone
    if time_from:
        dashboard["time"]["from"] = time_from
    if refresh:
        dashboard["refresh"] = refresh
    if revenue_unit:
        for panel in panels(dashboard.get("panels", [])):
            defaults = panel.get("fieldConfig", {}).get("defaults", {})
            if str(defaults.get("unit", "")).startswith("currency"):
                defaults["unit"] = revenue_unit
    (target / path.name).write_text(json.dumps(dashboard, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(target / path.name)
PYTHON
