// The computer's hand-off panel (desktop-handoff.ts), made when its chunk arrives: index.html keeps only
// the empty panel, so a first load does not carry what only "Use your phone" shows.
import { button, el } from '../markup.js';
import type { DesktopHandoffElements } from './desktop-handoff.js';

/** Fills the empty #handoff-desktop panel; returns its elements. */
export function fillDesktopHandoff(root: HTMLElement): DesktopHandoffElements {
  const elements: DesktopHandoffElements = {
    root,
    heading: el('h2', { id: 'handoff-desktop-heading', class: 'handoff__heading', tabindex: '-1' }, 'Sign in with your phone'),
    details: el('div', { id: 'handoff-details', class: 'handoff__details', 'data-testid': 'handoff-details', hidden: true }),
    qr: el('img', { id: 'handoff-qr', class: 'handoff__qr', 'data-testid': 'handoff-qr', width: '232', height: '232', alt: 'QR code of the sign-in link written below' }),
    link: el('dd', { id: 'handoff-link', class: 'handoff__link', 'data-testid': 'handoff-link' }),
    code: el('dd', { id: 'handoff-code', class: 'handoff__code', 'data-testid': 'handoff-code' }),
    status: el('p', { id: 'handoff-status', class: 'handoff__status', 'data-testid': 'handoff-status' }),
    cancel: button('handoff-cancel-button', 'button--secondary', 'Cancel'),
    restart: button('handoff-restart-button', 'button--primary', 'Start again', { hidden: true }),
  };
  elements.details.append(elements.qr, el('dl', { class: 'handoff__facts' }, el('dt', {}, 'Link'), elements.link, el('dt', {}, 'Code to pick on your phone'), elements.code));
  root.replaceChildren(
    elements.heading,
    el(
      'ol',
      { class: 'handoff__steps' },
      el('li', {}, 'On your phone, turn WiFi off so it uses mobile data.'),
      el('li', {}, "Scan this QR code with the phone's camera, or type the link into its browser."),
      el('li', {}, 'Verify your number on the phone, then pick the code shown here.'),
    ),
    elements.details,
    elements.status,
    el('div', { class: 'notice__actions' }, elements.cancel, elements.restart),
  );
  return elements;
}
