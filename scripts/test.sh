#!/usr/bin/env bash
# `npm test`: every suite, in order of speed. Integration tests run against the embedded PGlite and
# against a real PostgreSQL server (TEST_DATABASE_URL, default the local one; in CI it must exist).
set -euo pipefail
cd "$(dirname "$0")/.."
out=.test-summary  # not test-results/: Playwright empties that folder when it starts
rm -rf "$out" && mkdir -p "$out"
pg_url="${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test}"

step() { printf '\n=== %s\n' "$*"; }

step "typecheck"
npx tsc --noEmit -p .

step "lint (ESLint with type-aware rules, Prettier)"
npm run -s lint

step "migrations match prisma/schema.prisma"
npm run -s db:check

step "unit tests"
npx vitest run --reporter=default --reporter=json --outputFile.json="$out/unit.json"

step "API integration tests on embedded PGlite"
ANNEAL_TEST_BACKEND=pglite npx vitest run -c vitest.integration.config.ts --reporter=default --reporter=json --outputFile.json="$out/integration-pglite.json"

if node -e "const {Client}=require('pg');const c=new Client({connectionString:process.argv[1]});c.connect().then(()=>c.end(),()=>process.exit(1))" "$pg_url"; then
  step "API integration tests on PostgreSQL ($pg_url)"
  ANNEAL_TEST_BACKEND=postgres TEST_DATABASE_URL="$pg_url" npx vitest run -c vitest.integration.config.ts --reporter=default --reporter=json --outputFile.json="$out/integration-postgres.json"
elif [ -n "${CI:-}" ]; then
  echo "PostgreSQL is not reachable at $pg_url, and CI requires it" >&2
  exit 1
else
  echo "SKIPPED: PostgreSQL integration tests (no server at $pg_url; set TEST_DATABASE_URL)" >&2
fi

step "Python client unit tests"
python3 -m unittest discover -s tests/python 2>&1 | tee "$out/python.txt"

step "build"
npx next build 2>&1 | tee "$out/build.txt"
# A Turbopack warning is a defect to fix, not noise: e.g. a dynamic filesystem path makes the build
# trace the whole project into the server output.
if grep -q "Turbopack build encountered" "$out/build.txt"; then
  echo "next build printed warnings (above): fix them" >&2
  exit 1
fi

step "end-to-end tests (Playwright, Chromium)"
npx playwright test

node scripts/test-summary.mjs "$out"
