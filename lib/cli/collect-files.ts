import fs from "node:fs";
import path from "node:path";

const SKIP_DIRS = new Set(["node_modules", ".git", "__pycache__", ".ipynb_checkpoints"]);

export interface LocalFile {
  /** Path sent to the server: relative to the common parent of the arguments, so folder names survive. */
  uploadPath: string;
  absPath: string;
  size: number;
}

/** Expands files and folders (recursively) into the files to upload; hidden and cache folders are skipped. */
export function collectFiles(args: string[]): LocalFile[] {
  const abs = args.map((a) => path.resolve(a));
  for (const a of abs) if (!fs.existsSync(a)) throw new Error(`${a}: no such file or folder`);
  const base = commonParent(abs);
  const out: LocalFile[] = [];
  const visit = (p: string) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) {
        if (entry.startsWith(".") || SKIP_DIRS.has(entry)) continue;
        visit(path.join(p, entry));
      }
    } else if (st.isFile()) out.push({ uploadPath: path.relative(base, p).split(path.sep).join("/"), absPath: p, size: st.size });
  };
  abs.forEach(visit);
  return out;
}

function commonParent(paths: string[]): string {
  const dirs = paths.map((p) => path.dirname(p));
  let prefix = dirs[0];
  while (!dirs.every((d) => d === prefix || d.startsWith(prefix + path.sep))) prefix = path.dirname(prefix);
  return prefix;
}
