// The phone side of the hand-off. Opened from the link (its secret in the fragment, read once and
// taken out of the address bar), it says where the sign-in will happen; the normal check runs on this
// phone; once the number is verified, the person picks the code their computer shows, and the phone
// says "Done — return to your computer". The phone itself is never signed in by this.
import { signInFailure, type SignInChoice } from '../account.js';
import { ApiError } from '../api.js';
import type { LiveRegion } from '../live-region.js';
import type { Notice } from '../messages.js';
import type { PhoneHandoff } from './handoff-api.js';
import * as words from './handoff-messages.js';
import './handoff.css';

export interface PhoneHandoffElements {
  root: HTMLElement;
  heading: HTMLElement;
  where: HTMLElement;
  step: HTMLElement;
  choices: HTMLFieldSetElement;
  codes: HTMLElement;
}

export interface PhoneHandoffDeps {
  openHandoff(link: string): Promise<PhoneHandoff>;
  getPhoneHandoff(): Promise<PhoneHandoff | null>;
  confirmHandoff(checkId: string, matchCode: string, options?: { startNewAccount?: boolean }): Promise<void>;
  live: LiveRegion;
  showNotice(notice: Notice, options: { focus: boolean; busy?: boolean }): void;
  hideNotice(): void;
  /** Offers the next step after a SIM-swap refusal (start a new account, try again); shown with the notice. */
  offerChoice(choice: SignInChoice, onChoose: (choice: SignInChoice) => void): void;
  /** Words shown while a chosen next step is sent. */
  choosing(choice: SignInChoice): Notice;
  /** The journey (form, connection) has nothing more to do on this phone. */
  onFinished(): void;
  /** The number is verified for the computer: the form goes away while the person picks the code. */
  onVerified(): void;
}

/** 'active': this phone is in a hand-off that waits for it; 'ended': it was, and it ended; 'none'. */
export type PhoneHandoffStatus = 'active' | 'ended' | 'none';

export interface PhoneHandoffView {
  /** From the link: binds the hand-off to this phone. */
  open(link: string): Promise<PhoneHandoffStatus>;
  /** Back from the check URL (or a reload): is this phone still in a hand-off? An ended one is told
   *  only when coming back from a check (which must then not sign this phone in). */
  resume(options: { returningFromCheck: boolean }): Promise<PhoneHandoffStatus>;
  /** The number is verified: ask for the code, then confirm. */
  finish(checkId: string): void;
}

export function createPhoneHandoff(elements: PhoneHandoffElements, deps: PhoneHandoffDeps): PhoneHandoffView {
  let current: PhoneHandoff | null = null;

  const show = (handoff: PhoneHandoff): void => {
    current = handoff;
    elements.where.textContent = words.phone.where(handoff.desktop, handoff.startedAt);
    elements.step.textContent = [words.phone.verifyFirst, handoff.numberFromDesktop ? words.phone.numberFromDesktop : '']
      .filter((part) => part !== '')
      .join(' ');
    elements.choices.hidden = true;
    elements.root.hidden = false;
  };

  const end = (notice: Notice): void => {
    elements.root.hidden = true;
    current = null;
    deps.showNotice(notice, { focus: true });
    deps.onFinished();
  };

  const statusOf = (handoff: PhoneHandoff): PhoneHandoffStatus => {
    if (handoff.state === 'opened') {
      show(handoff);
      return 'active';
    }
    if (handoff.state === 'approved' || handoff.state === 'signed_in') end(words.phone.done);
    else end(words.phone.desktopGone);
    return 'ended';
  };

  const confirm = async (checkId: string, code: string, options: { startNewAccount?: boolean } = {}): Promise<void> => {
    elements.choices.setAttribute('aria-busy', 'true');
    for (const button of elements.codes.querySelectorAll('button')) button.disabled = true;
    deps.live.announce(words.phone.confirming, 'polite');
    try {
      await deps.confirmHandoff(checkId, code, options);
      end(words.phone.done);
    } catch (error) {
      const refusal = error instanceof ApiError && error.problem?.type?.startsWith('/problems/handoff-');
      if (refusal) return end(words.phone.refused(error.problem?.detail));
      const failure = signInFailure(error);
      if (!failure.choice) return end(failure.notice);
      // The SIM-swap rule refused before anything was granted: the hand-off is still open, and the same
      // verified check and picked code may start a new account (a recycled number) or try again.
      elements.choices.hidden = true;
      elements.step.textContent = '';
      deps.showNotice(failure.notice, { focus: true });
      deps.offerChoice(failure.choice, (choice) => {
        deps.showNotice(deps.choosing(choice), { focus: true, busy: true });
        void confirm(checkId, code, { startNewAccount: choice === 'new-account' });
      });
    } finally {
      elements.choices.removeAttribute('aria-busy');
    }
  };

  return {
    async open(link) {
      deps.showNotice(words.phone.opening, { focus: false, busy: true });
      try {
        const handoff = await deps.openHandoff(link);
        deps.hideNotice();
        return statusOf(handoff);
      } catch (error) {
        deps.showNotice(words.phone.linkRefused(error instanceof ApiError ? error.problem?.detail : undefined), { focus: true });
        return 'ended';
      }
    },
    async resume({ returningFromCheck }) {
      let handoff: PhoneHandoff | null;
      try {
        handoff = await deps.getPhoneHandoff();
      } catch {
        return 'none';
      }
      if (handoff === null) return 'none';
      return handoff.state === 'opened' || returningFromCheck ? statusOf(handoff) : 'none';
    },
    finish(checkId) {
      if (!current) return;
      elements.codes.replaceChildren(
        ...current.codeChoices.map((code) => {
          const button = document.createElement('button');
          button.type = 'button';
          button.className = 'button button--secondary handoff__choice';
          button.textContent = code;
          button.dataset.testid = 'handoff-code-choice';
          button.addEventListener('click', () => void confirm(checkId, code));
          return button;
        }),
      );
      elements.step.textContent = words.phone.pickCode;
      elements.choices.hidden = false;
      // The number is verified: the form has nothing more to do here, and must not sit disabled below the codes.
      deps.onVerified();
      deps.live.announce(words.phone.pickCode, 'polite');
      elements.heading.focus();
    },
  };
}
