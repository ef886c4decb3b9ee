// Emulator mode: which simulated device this window is. Choosing a device in the panel also keeps the
// choice for this window (sessionStorage: per tab, and it survives the trip to the check URL and
// back), and this window then reaches the emulator at `<device>.localhost:<port>`, which the emulator
// attributes to that device (src/emulator/attribution.ts). So two windows on one machine can be two
// devices at once — a desktop on WiFi beside a phone on mobile data, for the hand-off.
import type { Simulation } from './api.js';

const KEY = 'simpass.simulatedDevice';
const DEVICE_ID = /^[a-z0-9-]{1,63}$/;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function chosenDevice(): string | null {
  try {
    const id = sessionStorage.getItem(KEY);
    return id !== null && DEVICE_ID.test(id) ? id : null;
  } catch {
    return null;
  }
}

export function rememberDevice(deviceId: string): void {
  try {
    if (DEVICE_ID.test(deviceId)) sessionStorage.setItem(KEY, deviceId);
  } catch {
    // Storage refused (private mode): the window follows the emulator's active device, as before.
  }
}

/** The panel shows this window's own device when it chose one. */
export function withChosenDevice(simulation: Simulation): Simulation {
  const id = chosenDevice();
  return id !== null && simulation.devices.some((d) => d.id === id) ? { ...simulation, activeDeviceId: id } : simulation;
}

/** An emulator URL as this window's device reaches it; unchanged without a choice or for a non-local emulator. */
export function asChosenDevice(url: string): string {
  const id = chosenDevice();
  if (id === null) return url;
  const parsed = new URL(url);
  if (!LOOPBACK.has(parsed.hostname)) return url;
  parsed.hostname = `${id}.localhost`;
  // URL keeps a bare origin's trailing slash; the SDK adds its own path.
  return parsed.pathname === '/' && !url.endsWith('/') ? parsed.origin : parsed.toString();
}
