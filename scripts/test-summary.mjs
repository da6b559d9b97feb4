// Prints one closing line for the whole `npm test` run: "N passed, N failed".
import fs from "node:fs";
import path from "node:path";

const dir = process.argv[2];
let passed = 0,
  failed = 0,
  skipped = 0;
const read = (f) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), "utf8") : null);
for (const f of ["unit.json", "integration-pglite.json", "integration-postgres.json"]) {
  const t = read(f);
  if (!t) continue;
  const j = JSON.parse(t);
  passed += j.numPassedTests;
  failed += j.numFailedTests;
  skipped += j.numPendingTests + (j.numTodoTests ?? 0);
}
const py = read("python.txt");
if (py) {
  const ran = Number(/Ran (\d+) tests?/.exec(py)?.[1] ?? 0);
  const bad =
    /FAILED \((.*)\)/
      .exec(py)?.[1]
      .match(/\d+/g)
      ?.reduce((a, b) => a + Number(b), 0) ?? 0;
  passed += ran - bad;
  failed += bad;
}
const e2e = read("e2e.json");
if (e2e) {
  const s = JSON.parse(e2e).stats;
  passed += s.expected + s.flaky;
  failed += s.unexpected;
  skipped += s.skipped;
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed ? 1 : 0);
