#!/usr/bin/env bash
# Run the suite on SQLite and on PostgreSQL side by side (one process each; the machine's two CPUs) and report
# both: the two runs share nothing (a database each, in-memory media, free ports, a LibreOffice profile per
# conversion), and together they take about as long as the slower one alone instead of the sum.
# Each run's output goes to var/test-<db>.log and is printed whole when it ends; the exit status fails if either
# run failed.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
PYTEST=${PYTEST:-.venv/bin/pytest}
# The slowest tests of each run are listed at its end: where CI's 30 minutes go.
(DATABASE_URL= "$PYTEST" --durations=30 "$@" >var/test-sqlite.log 2>&1; echo $? >var/test-sqlite.status) &
sqlite=$!
(scripts/with-postgres.sh "$PYTEST" --durations=30 "$@" >var/test-postgres.log 2>&1; echo $? >var/test-postgres.status) &
postgres=$!
wait "$sqlite" "$postgres"
failed=0
for db in sqlite postgres; do
  echo "================================ $db ================================"
  cat "var/test-$db.log"
  status=$(cat "var/test-$db.status" 2>/dev/null || echo 1)
  [ "$status" = 0 ] || { echo "test-both: the $db run failed (exit $status)" >&2; failed=1; }
done
exit "$failed"
