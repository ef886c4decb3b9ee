// Emulator mode: the simulation panel's routes, over api.ts's one request path (the panel's chunk).
import type { Simulation, SimulatedDevice } from './api.js';
import { isRecord, optionalStr, request, shapeError, str } from './api.js';

function parseSimulation(status: number, body: unknown): Simulation {
  if (!isRecord(body) || !Array.isArray(body.devices)) throw shapeError(status, 'simulation has no devices');
  const devices = body.devices.map((device): SimulatedDevice => {
    if (!isRecord(device)) throw shapeError(status, 'device is not an object');
    return {
      id: str(device, 'id', status),
      label: str(device, 'label', status),
      connection: device.connection === 'wifi' ? 'wifi' : 'mobile',
      operator: optionalStr(device, 'operator') ?? '',
      operatorSupported: device.operatorSupported === true,
      phoneNumber: str(device, 'phoneNumber', status),
      phoneNumberFormatted: optionalStr(device, 'phoneNumberFormatted') ?? str(device, 'phoneNumber', status),
      simChangedAt: optionalStr(device, 'simChangedAt') ?? null,
    };
  });
  return { activeDeviceId: str(body, 'activeDeviceId', status), devices };
}

export async function getSimulation(): Promise<Simulation> {
  const { status, body } = await request('GET', '/api/simulation');
  return parseSimulation(status, body);
}

export async function setActiveDevice(deviceId: string): Promise<Simulation> {
  const { status, body } = await request('PUT', '/api/simulation/active-device', { deviceId });
  return parseSimulation(status, body);
}

/** Emulator mode: the simulated phone's SIM changed `minutesAgo` minutes ago (null: never). */
export async function setSimChange(deviceId: string, minutesAgo: number | null): Promise<Simulation> {
  const { status, body } = await request('PUT', `/api/simulation/devices/${encodeURIComponent(deviceId)}/sim-change`, { minutesAgo });
  return parseSimulation(status, body);
}
