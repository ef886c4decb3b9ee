// Emulator mode: the simulation panel (simulation-panel.ts) and its "SIM changed" control
// (sim-change-control.ts), wired to the page. A chunk of its own, fetched once the config says emulator
// mode (on-demand.ts): a live server's page never fetches it.
import { byId } from './dom.js';
import type { LiveRegion } from './live-region.js';
import type { PhoneForm } from './phone-form.js';
import { createSimChangeControl } from './sim-change-control.js';
import * as simulationApi from './simulation-api.js';
import * as messages from './simulation-messages.js';
import { fillSimulationPanel } from './simulation-markup.js';
import { createSimulationPanel, type SimulationPanel } from './simulation-panel.js';
import { rememberDevice, withChosenDevice } from './simulated-device.js';
import './simulation.css';

export interface SimulationPartDeps {
  live: LiveRegion;
  phoneForm: PhoneForm;
  /** A session belongs to this browser, not to the simulated phone: signed in stays signed in. */
  signedIn(): boolean;
  hideResult(): void;
  /** Another phone: ask its connection again (the chosen device keeps focus). */
  refreshConnection(): void;
  /** Whether the form can be sent now (the panel's "Use this number" goes with it). */
  formAvailable(): boolean;
}

export function createSimulationPart(deps: SimulationPartDeps): SimulationPanel {
  const { live, phoneForm } = deps;
  const elements = fillSimulationPanel(byId('simulation', HTMLElement));
  const simChangeControl = createSimChangeControl(elements.simChange, {
    setSimChange: async (deviceId, minutesAgo) => withChosenDevice(await simulationApi.setSimChange(deviceId, minutesAgo)),
    live,
    now: () => Date.now(),
  });

  const panel = createSimulationPanel(
    elements.panel,
    {
      getSimulation: async () => withChosenDevice(await simulationApi.getSimulation()),
      setActiveDevice: async (deviceId) => {
        rememberDevice(deviceId);
        return withChosenDevice(await simulationApi.setActiveDevice(deviceId));
      },
      live,
      onDeviceChanged: () => {
        if (deps.signedIn()) return;
        // Another phone, a fresh start: the previous result and number were the previous phone's.
        deps.hideResult();
        phoneForm.value = '';
        phoneForm.clearError();
        // The chosen device keeps focus; the connection notice and the live region tell what changed.
        deps.refreshConnection();
      },
      onUseNumber: (phoneNumber) => {
        phoneForm.value = phoneNumber;
        phoneForm.clearError();
        live.announce(messages.simulation.numberUsed(phoneNumber), 'polite');
        if (phoneForm.usable) phoneForm.focusInput();
      },
      onRender: (simulation) => simChangeControl.render(simulation),
    },
  );
  panel.offerUseNumber(deps.formAvailable());
  return panel;
}
