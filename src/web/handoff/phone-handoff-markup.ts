// The phone's hand-off notice (phone-handoff.ts), made when its chunk arrives: index.html keeps only the
// empty notice, so a phone that is in no hand-off does not carry it.
import { el } from '../markup.js';
import type { PhoneHandoffElements } from './phone-handoff.js';

/** Fills the empty #handoff-phone notice; returns its elements. */
export function fillPhoneHandoff(root: HTMLElement): PhoneHandoffElements {
  const elements: PhoneHandoffElements = {
    root,
    heading: el('h2', { id: 'handoff-phone-heading', class: 'notice__heading', tabindex: '-1', 'data-testid': 'handoff-phone-heading' }, 'Signing in on your computer'),
    where: el('p', { id: 'handoff-phone-where', class: 'notice__body', 'data-testid': 'handoff-phone-where' }),
    step: el('p', { id: 'handoff-phone-step', class: 'notice__body', 'data-testid': 'handoff-phone-step' }),
    choices: el('fieldset', { id: 'handoff-phone-choices', class: 'handoff__choices', 'data-testid': 'handoff-phone-choices', hidden: true }),
    codes: el('div', { id: 'handoff-phone-codes', class: 'handoff__codes' }),
  };
  elements.choices.append(el('legend', { class: 'field__label' }, 'Which code does your computer show?'), elements.codes);
  root.replaceChildren(elements.heading, elements.where, elements.step, elements.choices);
  return elements;
}
