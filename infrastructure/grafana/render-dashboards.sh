#!/usr/bin/env bash
# Writes the dashboards of dashboards/ for one place, with the runbook links pointing at your copy of the docs.
#
#   DOCS_URL=https://git.mycompany.com/ops/kpi-monitoring/-/blob/main infrastructure/grafana/render-dashboards.sh OUT_DIR
#
# Every runbook link of the dashboards is ${docs_url}/docs/runbooks/<AlertName>.md, where docs_url is a hidden
# constant variable of each dashboard. This sets that constant from DOCS_URL (the same variable
# infrastructure/alertmanager/render-config.sh reads for the notifications' runbook links) and writes every
# dashboard to OUT_DIR; point Grafana's dashboard provider at OUT_DIR. Without DOCS_URL the files are copied as
# shipped (the repository's docs on GitHub). Needs python3.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dashboards=${DASHBOARDS_DIR:-$here/../../dashboards}
out=${1:?usage: DOCS_URL=... render-dashboards.sh OUT_DIR}

mkdir -p "$out"
python3 - "$dashboards" "$out" "${DOCS_URL:-}" <<'PYTHON'
import json
import pathlib
import sys

source, target, docs_url = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3].rstrip("/")
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
    (target / path.name).write_text(json.dumps(dashboard, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(target / path.name)
PYTHON
