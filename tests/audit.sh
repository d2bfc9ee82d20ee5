#!/usr/bin/env bash
# Known-vulnerable dependency versions: the locked Python environment (pip-audit, PyPI's advisory data) and the
# SPA's runtime packages (npm audit). Fails on any finding. When an advisory service cannot be reached (this
# workplace's sandbox reaches the package registries but not their advisory endpoints) it says so plainly and
# goes on: an unreachable service is not a clean bill of health, and the line says that too.
set -uo pipefail
cd "$(dirname "$0")/.."
uv=${UV:-uv}
status=0

python_out=$("$uv" export --frozen --format requirements-txt --no-emit-project --all-groups --quiet \
  | "$uv" run pip-audit --strict --disable-pip --require-hashes --vulnerability-service pypi -r /dev/stdin 2>&1)
python_rc=$?
if [ $python_rc -eq 0 ]; then
  echo "pip-audit: no known vulnerabilities"
elif grep -qiE "found [0-9]+ known vulnerabilit" <<<"$python_out"; then
  echo "$python_out"
  status=1
else
  echo "SKIPPED (NOT CHECKED): pip-audit could not read PyPI's advisory data: $(tail -n 1 <<<"$python_out")"
fi

npm_out=$(cd frontend && npm audit --omit=dev --json 2>/dev/null)
npm_rc=$?
found=$(node -e 'try { const r = JSON.parse(process.argv[1]); const v = (r.metadata || {}).vulnerabilities;
  console.log(v ? Object.values(v).reduce((a, b) => a + b, 0) : -1) } catch { console.log(-1) }' "$npm_out")
if [ $npm_rc -eq 0 ] && [ "$found" = 0 ]; then
  echo "npm audit: no known vulnerabilities"
elif [ "$found" -gt 0 ] 2>/dev/null; then
  (cd frontend && npm audit --omit=dev)
  status=1
else
  echo "SKIPPED (NOT CHECKED): npm audit could not reach the registry's advisory endpoint"
fi
exit $status
