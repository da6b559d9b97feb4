/** How to log a first run, with the Python client the server hosts and with plain HTTP. */
export function FirstRunSnippet({ project = "cityscapes-seg" }: { project?: string }) {
  const download = "curl -O http://localhost:3000/anneal.py   # next to your training script";
  const python = `import anneal                       # ANNEAL_URL defaults to http://127.0.0.1:3000
run = anneal.init(project="${project}", name="adamw-1e-4-poly",
                  config={"optimizer": "AdamW", "lr": 1e-4, "batch_size": 16, "schedule": "poly"})
run.log({"loss": 0.71, "lr": 1e-4}, step=100, epoch=0)
run.log({"mIoU": 0.412}, step=500, epoch=1)
run.finish()`;
  const curl = `RUN=$(curl -s -X POST localhost:3000/api/v1/runs -H 'content-type: application/json' \\
  -d '{"project":"${project}","name":"first","config":{"optimizer":"AdamW","lr":1e-4}}' | sed 's/.*"id":"\\([^"]*\\)".*/\\1/')
curl -X POST localhost:3000/api/v1/runs/$RUN/metrics -H 'content-type: application/json' \\
  -d '{"step":[100,200],"values":{"loss":[0.71,0.64],"lr":[1e-4,9e-5]}}'`;
  return (
    <section aria-labelledby="first-run" className="space-y-3">
      <h2 id="first-run" className="text-base font-semibold">
        Log your first run
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">With the Python client (one file, standard library only):</p>
      <Code text={download} label="Download the Python client" />
      <Code text={python} label="Python example" />
      <p className="text-sm text-slate-600 dark:text-slate-400">Or with plain HTTP:</p>
      <Code text={curl} label="curl example" />
    </section>
  );
}

function Code({ text, label }: { text: string; label: string }) {
  return (
    <pre
      aria-label={label}
      tabIndex={0}
      className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:bg-slate-900 dark:ring-1 dark:ring-slate-700"
    >
      <code>{text}</code>
    </pre>
  );
}
