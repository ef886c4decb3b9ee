// Emulator mode: the simulation panel's elements (simulation-part.ts), made when its chunk arrives.
// index.html keeps only the empty panel, so a live server's page does not carry them.
import { button, el } from './markup.js';
import type { SimChangeControlElements } from './sim-change-control.js';
import type { SimulationPanelElements } from './simulation-panel.js';

/** Fills the empty #simulation panel; returns the elements of the panel and of its "SIM changed" control. */
export function fillSimulationPanel(root: HTMLElement): { panel: SimulationPanelElements; simChange: SimChangeControlElements } {
  const panel: SimulationPanelElements = {
    root,
    devices: el('fieldset', { id: 'simulation-devices', class: 'simulation__devices', 'data-testid': 'simulation-devices' }, el('legend', { class: 'field__label' }, 'Simulated device')),
    facts: el('dl', { id: 'simulation-facts', class: 'simulation__facts', 'data-testid': 'simulation-facts' }),
    useNumber: button('simulation-use-number', 'button--secondary', 'Use this number'),
    error: el('p', { id: 'simulation-error', class: 'field__error', 'data-testid': 'simulation-error', hidden: true }),
  };
  const simChange: SimChangeControlElements = {
    select: el('select', { id: 'simulation-sim-change', class: 'field__input', 'data-testid': 'simulation-sim-change', 'aria-describedby': 'simulation-sim-change-hint' }),
    error: el('p', { id: 'simulation-sim-change-error', class: 'field__error', 'data-testid': 'simulation-sim-change-error', hidden: true }),
  };
  root.replaceChildren(
    el('p', { class: 'simulation__badge' }, 'Simulation'),
    el('h2', { id: 'simulation-heading', class: 'simulation__heading' }, 'Simulated phone — no real network is used'),
    el(
      'p',
      { class: 'simulation__intro' },
      'This server runs with a tru.ID emulator. Choose which phone this browser pretends to be; after each switch the page starts over as that phone.',
    ),
    panel.devices,
    panel.facts,
    el('label', { for: 'simulation-sim-change', class: 'field__label' }, 'SIM changed'),
    simChange.select,
    el(
      'p',
      { id: 'simulation-sim-change-hint', class: 'field__hint' },
      "When this phone's SIM card last changed, as its mobile network reports it to SIM-swap protection.",
    ),
    simChange.error,
    panel.error,
    panel.useNumber,
  );
  return { panel, simChange };
}
