// Emulator mode only: the simulated phone this browser stands for. Shows its number and connection,
// switches it (the server forwards to the emulator's active device), and can fill the form with its number.
import type { Simulation, SimulatedDevice } from './api.js';
import type { LiveRegion } from './live-region.js';
import * as messages from './messages.js';

export interface SimulationPanelElements {
  root: HTMLElement;
  select: HTMLSelectElement;
  number: HTMLElement;
  connection: HTMLElement;
  useNumber: HTMLButtonElement;
  error: HTMLElement;
}

export interface SimulationPanelDeps {
  getSimulation(): Promise<Simulation>;
  setActiveDevice(deviceId: string): Promise<Simulation>;
  live: LiveRegion;
  /** After a switch: the page re-checks reachability, as the "phone" has changed. */
  onDeviceChanged(device: SimulatedDevice): void;
  onUseNumber(phoneNumber: string): void;
}

export interface SimulationPanel {
  load(): Promise<void>;
  /** "Use this number" fills the phone form, so it is offered only while the form is (signed out). */
  offerUseNumber(offer: boolean): void;
}

export function createSimulationPanel(elements: SimulationPanelElements, deps: SimulationPanelDeps): SimulationPanel {
  const { root, select, number, connection, useNumber, error } = elements;
  let current: Simulation | null = null;

  const activeDevice = (): SimulatedDevice | undefined =>
    current?.devices.find((device) => device.id === current?.activeDeviceId);

  const showError = (message: string): void => {
    error.textContent = message;
    error.hidden = false;
    deps.live.announce(message, 'assertive');
  };

  const render = (simulation: Simulation): void => {
    current = simulation;
    const options = simulation.devices.map((device) => {
      const option = document.createElement('option');
      option.value = device.id;
      option.textContent = device.label;
      return option;
    });
    select.replaceChildren(...options);
    select.value = simulation.activeDeviceId;

    const device = activeDevice();
    number.textContent = device?.phoneNumber ?? '—';
    connection.textContent = !device
      ? '—'
      : device.connection === 'wifi'
        ? messages.simulation.connectionWifi
        : messages.simulation.connectionMobile(device.operator, device.operatorSupported);
    useNumber.disabled = !device;
  };

  const setBusy = (busy: boolean): void => {
    select.disabled = busy;
    if (busy) root.setAttribute('aria-busy', 'true');
    else root.removeAttribute('aria-busy');
  };

  select.addEventListener('change', () => {
    const deviceId = select.value;
    error.hidden = true;
    setBusy(true);
    deps
      .setActiveDevice(deviceId)
      .then((simulation) => {
        render(simulation);
        const device = activeDevice();
        if (device) {
          deps.live.announce(messages.simulation.switched(device.label), 'polite');
          deps.onDeviceChanged(device);
        }
      })
      .catch(() => {
        if (current) select.value = current.activeDeviceId;
        showError(messages.simulation.switchFailed);
      })
      .finally(() => {
        setBusy(false);
      });
  });

  useNumber.addEventListener('click', () => {
    const device = activeDevice();
    if (device) deps.onUseNumber(device.phoneNumber);
  });

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
      useNumber.hidden = !offer;
    },
  };
}
