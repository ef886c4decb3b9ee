// Emulator mode: the simulation panel's elements (simulation-part.ts), made when its chunk arrives.
// index.html keeps only the empty panel, so a live server's page does not carry them.
import { button, el } from './markup.js';

/** Fills the empty #simulation panel. */
export function fillSimulationPanel(panel: HTMLElement): void {
  panel.replaceChildren(
    el('p', { class: 'simulation__badge' }, 'Simulation'),
    el('h2', { id: 'simulation-heading', class: 'simulation__heading' }, 'Simulated phone — no real network is used'),
    el(
      'p',
      { class: 'simulation__intro' },
      'This server runs with a tru.ID emulator. Choose which phone this browser pretends to be; after each switch the page starts over as that phone.',
    ),
    el('fieldset', { id: 'simulation-devices', class: 'simulation__devices', 'data-testid': 'simulation-devices' }, el('legend', { class: 'field__label' }, 'Simulated device')),
    el('dl', { id: 'simulation-facts', class: 'simulation__facts', 'data-testid': 'simulation-facts' }),
    el('label', { for: 'simulation-sim-change', class: 'field__label' }, 'SIM changed'),
    el('select', { id: 'simulation-sim-change', class: 'field__input', 'data-testid': 'simulation-sim-change', 'aria-describedby': 'simulation-sim-change-hint' }),
    el(
      'p',
      { id: 'simulation-sim-change-hint', class: 'field__hint' },
      "When this phone's SIM card last changed, as its mobile network reports it to SIM-swap protection.",
    ),
    el('p', { id: 'simulation-sim-change-error', class: 'field__error', 'data-testid': 'simulation-sim-change-error', hidden: true }),
    el('p', { id: 'simulation-error', class: 'field__error', 'data-testid': 'simulation-error', hidden: true }),
    button('simulation-use-number', 'button--secondary', 'Use this number'),
  );
}
