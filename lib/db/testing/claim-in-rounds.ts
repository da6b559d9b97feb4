// Child process of data-dir-lock.test.ts's race test. For each round r it spins until the file
// `go-r` appears in the base folder (so every child starts at the same instant), tries to claim
// the folder `dir-r`, prints "r claimed" or "r refused", and keeps what it claimed until `quit` appears.
import fs from "node:fs";
import path from "node:path";
import { claimDataDir } from "../data-dir-lock";

const [base, roundsArg] = process.argv.slice(2);
console.log("ready");
for (let r = 0; r < Number(roundsArg); r++) {
  const go = path.join(base, `go-${r}`);
  while (!fs.existsSync(go));
  const dir = path.join(base, `dir-${r}`);
  fs.mkdirSync(dir, { recursive: true }); // as openDatabase does before claiming
  try {
    claimDataDir(dir);
    console.log(`${r} claimed`);
  } catch (err) {
    console.log(`${r} refused: ${(err as Error).message}`);
  }
}
const quit = path.join(base, "quit");
while (!fs.existsSync(quit)) await new Promise((r) => setTimeout(r, 10));
