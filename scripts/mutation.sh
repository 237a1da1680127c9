#!/usr/bin/env bash
# Mutation testing of the modules where a silent bug costs most (issue 13), with mutmut.
#   scripts/mutation.sh            every mutant of the modules listed in pyproject's [tool.mutmut]
#                                  (~1,700 mutants, about 3 minutes on 2 cores); writes
#                                  tests/mutation/RESULTS.md (per-module table and every survivor)
#   scripts/mutation.sh --report-only   rewrite RESULTS.md from the last run
#   scripts/mutation.sh --sample   the CI sample (risk, write auth, article identity, update
#                                  refusal); prints its table
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
MUTMUT=.venv/bin/mutmut
[ "${1:-}" = "--report-only" ] || rm -rf mutants
if [ "${1:-}" = "--sample" ]; then
  "$MUTMUT" run --max-children 2 "kg.risk*" "kg.service.auth*" "extractors.identity*" "kg.service.updates*" \
    > mutants.log 2>&1
  "$MUTMUT" results --all true 2>/dev/null | grep -v "not checked" | "$PY" scripts/mutation_report.py
  exit 0
fi
if [ "${1:-}" != "--report-only" ]; then
  "$MUTMUT" run --max-children 2 > mutants.log 2>&1
fi
"$MUTMUT" results --all true > mutants/results.txt 2>/dev/null
{
  echo "# Mutation testing results"
  echo
  echo "\`scripts/mutation.sh\` on $(date -u +%Y-%m-%d), mutmut $("$MUTMUT" --version 2>/dev/null | awk '{print $NF}'),"
  echo "over the modules and the fast unit tests listed in pyproject.toml's \`[tool.mutmut]\`."
  echo "Score: killed (or timed out) over all mutants some test runs. Equivalent mutants (a"
  echo "default nobody reaches, a limit one byte over an unreachable edge, a separator inside a"
  echo "hash key) are not subtracted: they stay in the survivors below, each with its diff, so"
  echo "the score is a lower bound of the share of non-equivalent mutants killed."
  echo
  "$PY" scripts/mutation_report.py < mutants/results.txt
  echo
  echo "## Survivors"
  echo
  for name in $(grep -E ": (survived|no tests)$" mutants/results.txt | awk -F: '{print $1}'); do
    echo "- \`$name\`"
    { "$MUTMUT" show "$name" 2>/dev/null | grep -E "^[-+][^-+]" | sed 's/^/      /'; } || true
  done
} > tests/mutation/RESULTS.md
echo "wrote tests/mutation/RESULTS.md"
