// Emulator mode only: the simulated phone this browser stands for. Lists the devices as radio buttons,
// shows facts about the active one (number, connection), switches it (the server forwards to the
// emulator's active device), and can fill the form with its number while the form can be used.
//
// To extend: a new fact about the device is one more entry in DEVICE_FACTS; a new control (say, when the
// SIM changed) gets its element in index.html and SimulationPanelElements, and reports through deps.
import type { Simulation, SimulatedDevice } from './api.js';
import type { LiveRegion } from './live-region.js';
import * as messages from './simulation-messages.js';

export interface SimulationPanelElements {
  root: HTMLElement;
  /** A <fieldset> with its <legend>: one radio button per device is added after the legend. */
  devices: HTMLFieldSetElement;
  /** A <dl>, filled from DEVICE_FACTS. */
  facts: HTMLElement;
  useNumber: HTMLButtonElement;
  error: HTMLElement;
}

export interface SimulationPanelDeps {
  getSimulation(): Promise<Simulation>;
  setActiveDevice(deviceId: string): Promise<Simulation>;
  live: LiveRegion;
  /** After a switch: the page starts over as the new "phone" (its reachability, an empty form). */
  onDeviceChanged(device: SimulatedDevice): void;
  onUseNumber(phoneNumber: string): void;
  /** After every load and switch: other controls that show the active device follow it. */
  onRender?(simulation: Simulation): void;
}

export interface SimulationPanel {
  load(): Promise<void>;
  /** "Use this number" fills the phone form, so it is offered only while the form can be used. */
  offerUseNumber(offer: boolean): void;
}

interface DeviceFact {
  /** data-testid of the <dd>. */
  testId: string;
  term: string;
  describe(device: SimulatedDevice): string;
}

const DEVICE_FACTS: DeviceFact[] = [
  { testId: 'simulation-number', term: 'Phone number', describe: (device) => device.phoneNumberFormatted },
  {
    testId: 'simulation-connection',
    term: 'Connection',
    describe: (device) =>
      device.connection === 'wifi'
        ? messages.simulation.connectionWifi
        : messages.simulation.connectionMobile(device.operator, device.operatorSupported),
  },
];

function renderFacts(list: HTMLElement, device: SimulatedDevice | undefined): void {
  const rows = DEVICE_FACTS.map((fact) => {
    const row = document.createElement('div');
    const term = document.createElement('dt');
    const value = document.createElement('dd');
    term.textContent = fact.term;
    value.textContent = device ? fact.describe(device) : '—';
    value.dataset.testid = fact.testId;
    row.append(term, value);
    return row;
  });
  list.replaceChildren(...rows);
}

export function createSimulationPanel(elements: SimulationPanelElements, deps: SimulationPanelDeps): SimulationPanel {
  const { root, devices, facts, useNumber, error } = elements;
  let current: Simulation | null = null;
  let offered = false;
  /** The device last chosen, while its switch is under way or waiting for an earlier one to finish. */
  let wanted: string | null = null;
  let switching = false;

  const activeDevice = (): SimulatedDevice | undefined =>
    current?.devices.find((device) => device.id === current?.activeDeviceId);

  const showError = (message: string): void => {
    error.textContent = message;
    error.hidden = false;
    deps.live.announce(message, 'assertive');
  };

  const renderUseNumber = (): void => {
    useNumber.hidden = !offered || activeDevice() === undefined;
  };

  const radios = (): HTMLInputElement[] => [...devices.querySelectorAll<HTMLInputElement>('input[type="radio"]')];

  /** Checks the active device's radio, or the one just chosen while the switch to it is under way. */
  const checkActive = (): void => {
    const checked = wanted ?? current?.activeDeviceId;
    for (const radio of radios()) radio.checked = radio.value === checked;
  };

  const render = (simulation: Simulation): void => {
    const sameDevices =
      current !== null && current.devices.map((device) => `${device.id}\n${device.label}`).join('\n') ===
        simulation.devices.map((device) => `${device.id}\n${device.label}`).join('\n');
    current = simulation;
    // Rebuilt only when the list itself changed: replacing the radios would take focus from the one in use.
    if (!sameDevices) {
      const rows = simulation.devices.map((device) => {
        const row = document.createElement('label');
        row.className = 'simulation__device';
        const radio = document.createElement('input');
        radio.type = 'radio';
        radio.name = 'simulated-device';
        radio.value = device.id;
        radio.dataset.testid = `simulation-device-${device.id}`;
        const name = document.createElement('span');
        name.textContent = device.label;
        row.append(radio, name);
        return row;
      });
      const legend = devices.querySelector('legend');
      devices.replaceChildren(...(legend ? [legend] : []), ...rows);
    }
    checkActive();
    renderFacts(facts, activeDevice());
    renderUseNumber();
    deps.onRender?.(simulation);
  };

  const setBusy = (busy: boolean): void => {
    // Not `disabled`: a radio disabled while focused drops focus to <body>. A choice made meanwhile waits its turn.
    if (busy) root.setAttribute('aria-busy', 'true');
    else root.removeAttribute('aria-busy');
    devices.setAttribute('aria-busy', String(busy));
  };

  /** Switches to the device last chosen; a choice made during a switch is carried out after it (latest wins). */
  const switchToWanted = async (): Promise<void> => {
    if (switching) return;
    switching = true;
    setBusy(true);
    try {
      while (wanted !== null && wanted !== current?.activeDeviceId) {
        const deviceId = wanted;
        try {
          render(await deps.setActiveDevice(deviceId));
        } catch {
          wanted = null;
          checkActive();
          showError(messages.simulation.switchFailed);
          return;
        }
        if (wanted !== deviceId) continue; // chosen again meanwhile: that one counts
        const device = activeDevice();
        if (device) {
          deps.live.announce(messages.simulation.switched(device.label), 'polite');
          deps.onDeviceChanged(device);
        }
      }
    } finally {
      wanted = null;
      switching = false;
      setBusy(false);
    }
  };

  devices.addEventListener('change', (event) => {
    if (!(event.target instanceof HTMLInputElement) || event.target.type !== 'radio') return;
    wanted = event.target.value;
    error.hidden = true;
    void switchToWanted();
  });

  useNumber.addEventListener('click', () => {
    const device = activeDevice();
    if (device) deps.onUseNumber(device.phoneNumberFormatted);
  });

  renderFacts(facts, undefined);
  renderUseNumber();

  return {
    async load() {
      root.hidden = false;
      setBusy(true);
      try {
        render(await deps.getSimulation());
        error.hidden = true;
      } catch {
        showError(messages.simulation.loadFailed);
      } finally {
        setBusy(false);
      }
    },
    offerUseNumber(offer) {
      offered = offer;
      renderUseNumber();
    },
  };
}
