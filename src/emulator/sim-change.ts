// SIM-change facts for SubscriberCheck and SIMCheck, from the device's sim_changed_at
// (models/sim_check/SimCheckResourceModels.v1.yaml: NoSimChange, SimChangeWithin, NoSimChangePeriod).

/** Default `period`: 7 days in minutes (SubscriberCheckCreatePayload.period). */
export const DEFAULT_NO_SIM_CHANGE_PERIOD = 10080;
export const MIN_PERIOD = 60;
export const MAX_PERIOD = 540000;

/** Upper bounds of the SimChangeWithin table; beyond the last, 525601 means "> 365d". */
const WITHIN_BUCKETS = [60, 360, 720, 1440, 2880, 4320, 10080, 43200, 129600, 259200, 525600] as const;

export interface SimFacts {
  no_sim_change: boolean;
  no_sim_change_period: number;
  /** Omitted when the SIM was never changed: "only returned if the MNO provides this information". */
  sim_change_within?: number;
}

export function simFacts(simChangedAt: string | null, periodMinutes: number, now: number): SimFacts {
  if (simChangedAt === null) return { no_sim_change: true, no_sim_change_period: periodMinutes };
  // Whole minutes, as the table reads ("12h01m - 24h"): a change exactly a day ago is in the 1440 bucket.
  const minutesAgo = Math.max(0, Math.floor((now - Date.parse(simChangedAt)) / 60_000));
  const within = WITHIN_BUCKETS.find((bound) => minutesAgo <= bound) ?? 525601;
  return { no_sim_change: minutesAgo > periodMinutes, no_sim_change_period: periodMinutes, sim_change_within: within };
}
