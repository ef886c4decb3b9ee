// The phone's hand-off notice (phone-handoff.ts), made when its chunk arrives: index.html keeps only the
// empty notice, so a phone that is in no hand-off does not carry it.
import { el } from '../markup.js';

/** Fills the empty #handoff-phone notice. */
export function fillPhoneHandoff(notice: HTMLElement): void {
  notice.replaceChildren(
    el('h2', { id: 'handoff-phone-heading', class: 'notice__heading', tabindex: '-1', 'data-testid': 'handoff-phone-heading' }, 'Signing in on your computer'),
    el('p', { id: 'handoff-phone-where', class: 'notice__body', 'data-testid': 'handoff-phone-where' }),
    el('p', { id: 'handoff-phone-step', class: 'notice__body', 'data-testid': 'handoff-phone-step' }),
    el(
      'fieldset',
      { id: 'handoff-phone-choices', class: 'handoff__choices', 'data-testid': 'handoff-phone-choices', hidden: true },
      el('legend', { class: 'field__label' }, 'Which code does your computer show?'),
      el('div', { id: 'handoff-phone-codes', class: 'handoff__codes' }),
    ),
  );
}
