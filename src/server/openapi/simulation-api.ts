// How the emulator-mode routes are described (routes/simulation-routes.ts).
import { problems, WRITE_PROBLEMS } from './common.js';

const SIMULATION_VIEW = {
  description: 'The simulated phones, and which one this browser is',
  type: 'object',
  required: ['activeDeviceId', 'devices'],
  properties: {
    activeDeviceId: { type: 'string' },
    devices: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'label', 'connection', 'operator', 'operatorSupported', 'phoneNumber', 'phoneNumberFormatted', 'simChangedAt'],
        properties: {
          id: { type: 'string' },
          label: { type: 'string' },
          connection: { type: 'string', enum: ['mobile', 'wifi'] },
          operator: { type: 'string' },
          operatorSupported: { type: 'boolean' },
          phoneNumber: { type: 'string' },
          phoneNumberFormatted: { type: 'string' },
          simChangedAt: { type: ['string', 'null'], format: 'date-time' },
        },
      },
    },
  },
} as const;

const SIMULATION_PROBLEMS: [number, string][] = [
  [404, 'Not in emulator mode (simulation-unavailable)'],
  [503, 'The emulator is not answering'],
];

export const SIMULATION_DOCS = {
  summary: 'Emulator mode only: the simulated phones',
  tags: ['simulation'],
  response: { 200: SIMULATION_VIEW, ...problems(SIMULATION_PROBLEMS) },
} as const;

export const ACTIVE_DEVICE_DOCS = {
  summary: 'Emulator mode only: which simulated phone this browser is',
  tags: ['simulation'],
  response: { 200: SIMULATION_VIEW, ...problems([...WRITE_PROBLEMS, [400, 'No such simulated device, or an invalid request'], ...SIMULATION_PROBLEMS]) },
} as const;

export const SIM_CHANGE_DOCS = {
  summary: "Emulator mode only: when a simulated phone's SIM last changed",
  tags: ['simulation'],
  response: { 200: SIMULATION_VIEW, ...problems([...WRITE_PROBLEMS, [400, 'No such simulated device, or an invalid request'], ...SIMULATION_PROBLEMS]) },
} as const;
