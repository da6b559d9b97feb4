import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { claimDataDir, LOCK_FILE, processStarted, type LockHolder } from "./data-dir-lock";

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "anneal-lock-"));
  dirs.push(d);
  return d;
}

/** An unrelated live process (its pid stands for one the OS handed out again after a kill -9). */
function unrelatedProcess(): ChildProcess {
  const c = spawn("sleep", ["30"], { stdio: "ignore" });
  children.push(c);
  return c;
}

function writeLock(dir: string, holder: LockHolder) {
  fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify(holder));
}

describe("embedded database lock", () => {
  it("takes a free folder, refuses a second claim naming the holder, frees it on release", () => {
    const dir = tempDir();
    const release = claimDataDir(dir);
    const held = JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), "utf8"));
    expect(held).toMatchObject({ pid: process.pid, host: os.hostname() });
    release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it("refuses a folder held by a live process that started when the lock says", () => {
    const dir = tempDir();
    const other = unrelatedProcess();
    writeLock(dir, { pid: other.pid!, started: processStarted(other.pid!), host: os.hostname() });
    expect(() => claimDataDir(dir)).toThrow(new RegExp(`in use by process ${other.pid}`));
  });

  it("takes over after a kill -9 when the pid now belongs to an unrelated process (started at another time)", () => {
    const dir = tempDir();
    const other = unrelatedProcess();
    expect(processStarted(other.pid!)).toBeDefined();
    writeLock(dir, { pid: other.pid!, started: "an-earlier-boot:12345", host: os.hostname() });
    const release = claimDataDir(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), "utf8")).pid).toBe(process.pid);
    release();
  });

  it("takes over a lock whose process is gone, and a damaged lock file", () => {
    const dir = tempDir();
    const dead = spawn("true");
    return new Promise<void>((done) =>
      dead.on("exit", () => {
        writeLock(dir, { pid: dead.pid!, started: "x", host: os.hostname() });
        claimDataDir(dir)();
        fs.writeFileSync(path.join(dir, LOCK_FILE), "");
        claimDataDir(dir)();
        done();
      }),
    );
  });

  it("lets exactly one of four processes started at the same instant take the folder, round after round", async () => {
    const base = tempDir();
    const rounds = 15;
    const outputs = Array.from({ length: 4 }, () => {
      const c = spawn(process.execPath, [
        "--conditions=react-server",
        "--import",
        "tsx",
        path.join(import.meta.dirname, "testing", "claim-in-rounds.ts"),
        base,
        String(rounds),
      ]);
      children.push(c);
      let out = "";
      c.stdout.on("data", (b: Buffer) => (out += b.toString()));
      return { ready: () => out.includes("ready"), text: () => out, exited: new Promise((r) => c.on("exit", r)) };
    });
    while (!outputs.every((o) => o.ready())) await new Promise((r) => setTimeout(r, 20));
    for (let r = 0; r < rounds; r++) {
      fs.writeFileSync(path.join(base, `go-${r}`), "");
      await new Promise((res) => setTimeout(res, 30));
    }
    // Everyone answers every round before anyone lets go (a late process must not find a released folder).
    while (
      !outputs.every((o) =>
        o
          .text()
          .split("\n")
          .some((l) => l.startsWith(`${rounds - 1} `)),
      )
    )
      await new Promise((r) => setTimeout(r, 20));
    fs.writeFileSync(path.join(base, "quit"), "");
    await Promise.all(outputs.map((o) => o.exited));
    for (let r = 0; r < rounds; r++) {
      const claimed = outputs.filter((o) => o.text().split("\n").includes(`${r} claimed`)).length;
      const refused = outputs.filter((o) =>
        o
          .text()
          .split("\n")
          .some((l) => l.startsWith(`${r} refused: The embedded database`)),
      ).length;
      expect({ round: r, claimed, refused }).toEqual({ round: r, claimed: 1, refused: 3 });
    }
  }, 60_000);
});
