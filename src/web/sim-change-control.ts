// Emulator mode only: "SIM changed … ago" for the simulated phone, so every SIM-swap branch (a swap
// yesterday, a new SIM a month ago, a number recycled months after its account was last used) can be
// tried from the page. The server forwards the choice to the emulator's admin API.
import type { Simulation, SimulatedDevice } from './api.js';
import type { LiveRegion } from './live-region.js';
import * as messages from './simulation-messages.js';

export interface SimChangeControlElements {
  select: HTMLSelectElement;
  error: HTMLElement;
}

export interface SimChangeControlDeps {
  setSimChange(deviceId: string, minutesAgo: number | null): Promise<Simulation>;
  live: LiveRegion;
  now(): number;
}

export interface SimChangeControl {
  /** Shows the device's SIM change (after a load or a device switch). */
  render(simulation: Simulation): void;
}

const DAY = 1440;
const CHOICES: readonly { minutes: number | null; label: string }[] = [
  { minutes: null, label: messages.simulation.simulationNever },
  { minutes: 60, label: '1 hour ago' },
  { minutes: DAY, label: '1 day ago' },
  { minutes: 3 * DAY, label: '3 days ago' },
  { minutes: 30 * DAY, label: '30 days ago' },
  { minutes: 60 * DAY, label: '60 days ago' },
  { minutes: 365 * DAY, label: '1 year ago' },
];
const NEVER = 'never';
const CURRENT = 'current';

export function createSimChangeControl(elements: SimChangeControlElements, deps: SimChangeControlDeps): SimChangeControl {
  const { select, error } = elements;
  let device: SimulatedDevice | undefined;
  let shown: Simulation | null = null;

  const render = (simulation: Simulation): void => {
    shown = simulation;
    device = simulation.devices.find((d) => d.id === simulation.activeDeviceId);
    const minutesAgo = device?.simChangedAt ? Math.max(0, (deps.now() - Date.parse(device.simChangedAt)) / 60_000) : null;
    const options = CHOICES.map((choice) => option(choice.minutes === null ? NEVER : String(choice.minutes), choice.label));
    // A preset matches when it is within a minute or two of the device's change (time has passed since it was set).
    const match = CHOICES.find((choice) =>
      choice.minutes === null ? minutesAgo === null : minutesAgo !== null && Math.abs(minutesAgo - choice.minutes) <= Math.max(2, choice.minutes * 0.01),
    );
    if (match) {
      select.replaceChildren(...options);
      select.value = match.minutes === null ? NEVER : String(match.minutes);
    } else {
      // E.g. set through the admin API: show it as it is.
      select.replaceChildren(option(CURRENT, messages.simulation.simulationAgo(minutesAgo ?? 0)), ...options);
      select.value = CURRENT;
    }
    select.disabled = !device;
  };

  select.addEventListener('change', () => {
    if (!device || select.value === CURRENT) return;
    const minutes = select.value === NEVER ? null : Number(select.value);
    const label = select.selectedOptions[0]?.textContent ?? '';
    error.hidden = true;
    select.disabled = true;
    deps
      .setSimChange(device.id, minutes)
      .then((simulation) => {
        render(simulation);
        deps.live.announce(messages.simulation.simulationChanged(label), 'polite');
      })
      .catch(() => {
        error.textContent = messages.simulation.simulationChangeFailed;
        error.hidden = false;
        deps.live.announce(messages.simulation.simulationChangeFailed, 'assertive');
        // Back to what the network still says.
        if (shown) render(shown);
      });
  });

  return { render };
}

function option(value: string, label: string): HTMLOptionElement {
  const element = document.createElement('option');
  element.value = value;
  element.textContent = label;
  return element;
}
