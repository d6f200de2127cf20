#!/usr/bin/env bash
# Repeats the failed tests of a `dotnet test` console log (normal verbosity) at its end: the test's name and the first
# lines of its message, so that whoever reads only the tail of a long run sees what failed.
# Usage: scripts/test-failures.sh LOG
set -euo pipefail
log=${1:?usage: scripts/test-failures.sh LOG}
echo
echo "==== failed tests (from $log) ===="
awk '
    /^[[:space:]]+Failed [A-Za-z_]/ { shown = 0; capturing = 1; failures++ }
    /^[[:space:]]+(Passed|Skipped) / { capturing = 0 }
    /^[[:space:]]+Stack Trace:/ { capturing = 0 }
    capturing && shown < 25 { print substr($0, 1, 240); shown++ }
    END { if (failures == 0) print "(no failed test in the log: the run failed before or after the tests)" }
' "$log"
