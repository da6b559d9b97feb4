import fs from "node:fs";
import { listProcesses, processCpuMs } from "./server";

/**
 * CPU time (ms) so far of the browser this benchmark process launched, per Chromium process type
 * (the browser process itself, renderer, gpu-process, utility…). On a 2-core machine a page load
 * waits for CPU as much as for its own work: this tells which process took it (a compositor
 * busy with animation frames shows as gpu-process), and like all CPU time it holds under load.
 */
export function browserCpuMs(): Record<string, number> {
  const children = new Map<number, number[]>();
  for (const { pid, ppid } of listProcesses()) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const out: Record<string, number> = {};
  const visit = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      let command = "";
      try {
        command = fs.readFileSync(`/proc/${child}/cmdline`, "utf8");
      } catch {
        continue; // gone
      }
      // Chromium's processes (Debian's chromium, Playwright's chrome or headless_shell), not the server's.
      if (/chrom|headless_shell/.test(command.split("\0")[0])) {
        const type = /--type=([\w-]+)/.exec(command)?.[1] ?? "browser";
        out[type] = (out[type] ?? 0) + processCpuMs([child]);
      }
      visit(child);
    }
  };
  visit(process.pid);
  return out;
}
