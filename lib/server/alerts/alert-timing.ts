import "server-only";

/**
 * A run that logs is analysed for alerts this long after its first unchecked batch: a run logging
 * every 100 ms is analysed every couple of seconds, not ten times a second.
 */
export const ALERT_CHECK_DELAY_SECONDS = 2;
