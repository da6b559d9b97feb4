/** What an alert can fire on. Pure: the server evaluates these, the settings UI lists them. */
export const ALERT_RULES = ["nan", "divergence", "spike", "plateau", "crashed", "finished", "comment", "mention"] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

/** Rules found by analysing a run's series after it logs (the rest follow events directly). */
export const ANALYSIS_RULES: readonly AlertRule[] = ["nan", "divergence", "spike", "plateau"];

export const ALERT_RULE_LABELS: Record<AlertRule, string> = {
  nan: "First NaN/Inf in a run",
  divergence: "Loss diverges",
  spike: "Loss spike",
  plateau: "Main metric plateaus for N evaluations",
  crashed: "Run crashed (stopped heart-beating)",
  finished: "Run finished",
  comment: "New comment",
  mention: "Someone is @mentioned",
};

export const ALERT_FORMATS = ["json", "slack"] as const;
export type AlertFormat = (typeof ALERT_FORMATS)[number];
