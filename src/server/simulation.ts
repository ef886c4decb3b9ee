// Emulator mode only: what the page shows about the simulated phone, and switching it. Talks to the
// emulator's admin API over HTTP, so it works the same for the embedded emulator and a standalone one.
import { formatPhoneNumberForOwner } from './phone-number.js';

export interface SimulatedDevice {
  id: string;
  label: string;
  connection: 'mobile' | 'wifi';
  operator: string;
  operatorSupported: boolean;
  /** +E.164 */
  phoneNumber: string;
  /** As people write it, e.g. +44 7700 900001: the simulated phone is the visitor's own. */
  phoneNumberFormatted: string;
  simChangedAt: string | null;
}

export interface SimulationView {
  activeDeviceId: string;
  devices: SimulatedDevice[];
}

export interface Simulation {
  describe(): Promise<SimulationView>;
  /** Returns undefined when there is no such device. */
  setActiveDevice(deviceId: string): Promise<SimulationView | undefined>;
  /** The device's SIM changed `minutesAgo` minutes ago on the emulator's clock (null: never). Undefined when there is no such device. */
  setSimChangedAgo(deviceId: string, minutesAgo: number | null): Promise<SimulationView | undefined>;
}

interface EmulatorNetwork {
  operators: { network_id: string; name: string; supported: boolean }[];
  devices: {
    id: string;
    label: string;
    connection: 'mobile' | 'wifi';
    network_id: string;
    phone_number: string;
    sim_changed_at: string | null;
  }[];
  active_device: string;
}

export function createEmulatorSimulation(emulatorUrl: string, timeoutMs = 5000): Simulation {
  async function call(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${emulatorUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  }

  async function describe(): Promise<SimulationView> {
    const response = await call('GET', '/_emulator/network');
    if (!response.ok) throw new Error(`emulator answered ${response.status} to GET /_emulator/network`);
    const network = (await response.json()) as EmulatorNetwork;
    const operators = new Map(network.operators.map((o) => [o.network_id, o]));
    return {
      activeDeviceId: network.active_device,
      devices: network.devices.map((d) => {
        const phoneNumber = `+${d.phone_number.replace(/^\+/, '')}`;
        return {
          id: d.id,
          label: d.label,
          connection: d.connection,
          operator: operators.get(d.network_id)?.name ?? d.network_id,
          operatorSupported: operators.get(d.network_id)?.supported ?? false,
          phoneNumber,
          phoneNumberFormatted: formatPhoneNumberForOwner(phoneNumber),
          simChangedAt: d.sim_changed_at,
        };
      }),
    };
  }

  return {
    describe,
    async setActiveDevice(deviceId) {
      const view = await describe();
      if (!view.devices.some((d) => d.id === deviceId)) return undefined;
      const response = await call('PUT', '/_emulator/active-device', { device_id: deviceId });
      if (!response.ok) throw new Error(`emulator answered ${response.status} to PUT /_emulator/active-device`);
      return describe();
    },
    async setSimChangedAgo(deviceId, minutesAgo) {
      const view = await describe();
      if (!view.devices.some((d) => d.id === deviceId)) return undefined;
      const path = `/_emulator/devices/${encodeURIComponent(deviceId)}/sim-change`;
      const response = await call('PUT', path, { minutes_ago: minutesAgo });
      if (!response.ok) throw new Error(`emulator answered ${response.status} to PUT ${path}`);
      return describe();
    },
  };
}
