// Emulator mode: the simulation panel's words (messages.ts has the page's), with the panel's chunk.

export const simulation = {
  connectionMobile: (operator: string, supported: boolean): string =>
    supported ? `Mobile data on ${operator}` : `Mobile data on ${operator} (not covered)`,
  connectionWifi: 'WiFi (no mobile data)',
  switched: (label: string): string => `Simulated phone switched to: ${label}.`,
  switchFailed: 'Could not switch the simulated phone. Please try again.',
  loadFailed: 'Could not load the simulated phones. Reload the page to try again.',
  numberUsed: (phoneNumber: string): string => `Filled in ${phoneNumber}.`,
  /** The simulation panel's "SIM changed … ago" control. */
  simulationChanged: (label: string): string => `Simulated SIM change set to: ${label}.`,
  simulationChangeFailed: 'Could not change when the simulated SIM changed. Please try again.',
  simulationNever: 'Never',
  simulationAgo: (minutes: number): string => {
    if (minutes < 90) return `${Math.max(1, Math.round(minutes))} minutes ago`;
    if (minutes < 36 * 60) return `${Math.round(minutes / 60)} hours ago`;
    return `${Math.round(minutes / 1440)} days ago`;
  },
} as const;
