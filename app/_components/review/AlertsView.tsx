"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ALERT_RULE_LABELS, ALERT_RULES, type AlertRule } from "@/lib/alerts/alert-rules";
import { queryKeys } from "@/lib/client/query-keys";
import { ErrorNotice, SkeletonRows } from "../Notice";
import { RelativeTime } from "../RelativeTime";
import { alertDeliveriesQuery, alertsQuery } from "../query/queries";
import type { Alert } from "./review-types";
import { sendJson } from "./send-json";
import { useProjectCan } from "../auth/ProjectTabs";

const DELIVERY_REFRESH_MS = 5_000;

/** A project's alerts (webhooks and the rules that fire them) and the log of what was delivered. */
export function AlertsView({ slug }: { slug: string }) {
  const client = useQueryClient();
  const alerts = useQuery(alertsQuery(slug));
  // Viewers read the alerts and their delivery log; editors make, test and change them.
  const canEdit = useProjectCan(slug, "write") === true;
  // Deliveries change without project events (retries): this log polls while it is open.
  const deliveries = useQuery({ ...alertDeliveriesQuery(slug), refetchInterval: DELIVERY_REFRESH_MS });
  const refresh = () =>
    Promise.all([client.invalidateQueries({ queryKey: queryKeys.alerts(slug) }), client.invalidateQueries({ queryKey: queryKeys.alertDeliveries(slug) })]);
  return (
    <div className="space-y-8">
      <section aria-labelledby="alerts-h" className="space-y-3">
        <h1 id="alerts-h" className="text-2xl font-semibold">
          Alerts
        </h1>
        <p className="max-w-prose text-sm text-slate-600 dark:text-slate-400">
          Each alert posts to a webhook when one of its rules fires — once per occurrence. Generic JSON deliveries carry{" "}
          <code>X-Anneal-Signature: sha256=HMAC(secret, timestamp + &quot;.&quot; + body)</code> and <code>X-Anneal-Timestamp</code>; Slack-compatible ones post
          a message. Failed deliveries are retried with backoff.
        </p>
        {alerts.error && <ErrorNotice message={alerts.error.message} onRetry={() => void alerts.refetch()} />}
        {alerts.isPending && <SkeletonRows rows={2} label="Loading alerts" />}
        {alerts.data?.alerts.length === 0 && <p className="text-sm text-slate-500">No alerts yet.</p>}
        <ul className="space-y-2">
          {alerts.data?.alerts.map((a) => (
            <AlertRow key={a.id} alert={a} canEdit={canEdit} onChange={refresh} />
          ))}
        </ul>
        {canEdit && <NewAlert slug={slug} onCreated={refresh} />}
      </section>

      <section aria-labelledby="deliveries-h" className="space-y-2" data-testid="deliveries">
        <h2 id="deliveries-h" className="text-base font-semibold">
          Delivery log
        </h2>
        {deliveries.error && <ErrorNotice message={deliveries.error.message} onRetry={() => void deliveries.refetch()} />}
        {deliveries.data?.deliveries.length === 0 && <p className="text-sm text-slate-500">Nothing delivered yet.</p>}
        {!!deliveries.data?.deliveries.length && (
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm">
              <thead className="text-left text-xs text-slate-600 dark:text-slate-400">
                <tr>
                  <th className="px-2 py-1">When</th>
                  <th className="px-2 py-1">Alert</th>
                  <th className="px-2 py-1">What</th>
                  <th className="px-2 py-1">Status</th>
                  <th className="px-2 py-1">Last answer</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {deliveries.data.deliveries.map((d) => (
                  <tr key={d.id} data-testid="delivery" data-status={d.status}>
                    <td className="px-2 py-1 whitespace-nowrap">
                      <RelativeTime iso={d.createdAt} />
                    </td>
                    <td className="px-2 py-1">{d.alertName}</td>
                    <td className="px-2 py-1">
                      <a className="link" href={d.link ?? undefined}>
                        {d.title}
                      </a>
                    </td>
                    <td className="px-2 py-1 whitespace-nowrap">
                      {d.status} ({d.attempts} attempt{d.attempts === 1 ? "" : "s"})
                      {d.nextAttemptAt && (
                        <span className="block text-xs text-slate-500">
                          next <RelativeTime iso={d.nextAttemptAt} />
                        </span>
                      )}
                    </td>
                    <td className="max-w-md px-2 py-1 font-mono text-xs break-all">
                      {d.lastStatus !== null ? `HTTP ${d.lastStatus} ` : ""}
                      {d.lastError && d.lastStatus === null ? d.lastError : ""}
                      {d.lastResponse ? `· ${d.lastResponse.slice(0, 200)}` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

function AlertRow({ alert, canEdit, onChange }: { alert: Alert; canEdit: boolean; onChange: () => Promise<unknown> }) {
  const [note, setNote] = useState<string | null>(null);
  const act = (fn: () => Promise<unknown>, done?: string) =>
    fn().then(
      () => (setNote(done ?? null), onChange()),
      (err: unknown) => setNote(message(err)),
    );
  return (
    <li className="rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-800" data-testid="alert">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{alert.name}</span>
        <span className="text-xs text-slate-500">
          {alert.format === "slack" ? "Slack-compatible" : "JSON, signed"} → <span className="font-mono break-all">{alert.url}</span>
        </span>
        {!alert.enabled && <span className="text-xs text-amber-700 dark:text-amber-300">disabled</span>}
        {canEdit && (
          <span className="ml-auto flex gap-2">
            <button
              type="button"
              className="btn-secondary"
              onClick={() => void act(() => sendJson("POST", `/api/v1/alerts/${alert.id}/test`), "Test delivery queued.")}
            >
              Send test
            </button>
            <button
              type="button"
              className="btn-secondary"
              onClick={() => void act(() => sendJson("PATCH", `/api/v1/alerts/${alert.id}`, { enabled: !alert.enabled }))}
            >
              {alert.enabled ? "Disable" : "Enable"}
            </button>
            <button
              type="button"
              className="btn-secondary"
              onClick={() => window.confirm(`Delete the alert ${alert.name}?`) && void act(() => sendJson("DELETE", `/api/v1/alerts/${alert.id}`))}
            >
              Delete
            </button>
          </span>
        )}
      </div>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        {alert.rules
          .map((r) => (r === "plateau" ? `${ALERT_RULE_LABELS.plateau} (N = ${alert.plateauEvaluations})` : (ALERT_RULE_LABELS[r as AlertRule] ?? r)))
          .join(" · ")}
      </p>
      {note && (
        <p role="status" className="mt-1 text-xs">
          {note}
        </p>
      )}
    </li>
  );
}

function NewAlert({ slug, onCreated }: { slug: string; onCreated: () => Promise<unknown> }) {
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [format, setFormat] = useState<"json" | "slack">("json");
  const [rules, setRules] = useState<Set<AlertRule>>(new Set(["nan", "divergence", "crashed"]));
  const [plateau, setPlateau] = useState(10);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const created = await sendJson<Alert>("POST", `/api/v1/projects/${encodeURIComponent(slug)}/alerts`, {
        name,
        url,
        format,
        rules: [...rules],
        plateauEvaluations: plateau,
      });
      setResult({ ok: true, text: `Created. Signing secret (shown once): ${created.secret}` });
      setName("");
      setUrl("");
      await onCreated();
    } catch (err) {
      setResult({ ok: false, text: message(err) });
    }
  };
  return (
    <form
      onSubmit={(e) => void submit(e)}
      className="space-y-3 rounded-lg border border-dashed border-slate-300 p-3 dark:border-slate-700"
      data-testid="new-alert"
    >
      <h2 className="text-sm font-semibold">New alert</h2>
      <div className="flex flex-wrap gap-3">
        <label className="flex flex-col gap-1 text-xs font-medium">
          Name
          <input required value={name} onChange={(e) => setName(e.target.value)} className="field w-48" />
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium">
          Webhook URL
          <input
            required
            type="url"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            className="field w-96"
            placeholder="https://hooks.slack.com/services/…"
          />
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium">
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value as "json" | "slack")} className="field">
            <option value="json">Generic JSON (HMAC-signed)</option>
            <option value="slack">Slack-compatible</option>
          </select>
        </label>
      </div>
      <fieldset className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        <legend className="mb-1 text-xs font-medium">Fire on</legend>
        {ALERT_RULES.map((r) => (
          <label key={r} className="flex items-center gap-1">
            <input
              type="checkbox"
              checked={rules.has(r)}
              onChange={(e) => {
                const next = new Set(rules);
                if (e.target.checked) next.add(r);
                else next.delete(r);
                setRules(next);
              }}
            />
            {ALERT_RULE_LABELS[r]}
            {r === "plateau" && rules.has("plateau") && (
              <input
                aria-label="Evaluations without improvement"
                type="number"
                min={1}
                value={plateau}
                onChange={(e) => setPlateau(Number(e.target.value))}
                className="field ml-1 w-16"
              />
            )}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="btn-primary" disabled={!rules.size}>
        Create alert
      </button>
      {result && (
        <p
          role={result.ok ? "status" : "alert"}
          className={`text-sm break-all ${result.ok ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}`}
        >
          {result.text}
        </p>
      )}
    </form>
  );
}
