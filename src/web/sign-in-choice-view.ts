// What the person can do after a refused sign-in, with the same verified check: start a new account
// on a possibly recycled number (an explicit, clearly labelled choice — it never happens by itself),
// or try again when the SIM check could not be done just now.
import type { SignInChoice } from './account.js';

export interface SignInChoiceElements {
  root: HTMLElement;
  newAccount: HTMLButtonElement;
  retry: HTMLButtonElement;
}

export interface SignInChoiceView {
  offer(choice: SignInChoice, onChoose: (choice: SignInChoice) => void): void;
  clear(): void;
}

export function createSignInChoiceView(elements: SignInChoiceElements): SignInChoiceView {
  const { root, newAccount, retry } = elements;
  let chosen: ((choice: SignInChoice) => void) | null = null;

  const clear = (): void => {
    chosen = null;
    root.hidden = true;
    newAccount.hidden = true;
    retry.hidden = true;
  };

  const choose = (choice: SignInChoice): void => {
    const handler = chosen;
    // One click, one request: the buttons go away until the server has answered.
    clear();
    handler?.(choice);
  };
  newAccount.addEventListener('click', () => choose('new-account'));
  retry.addEventListener('click', () => choose('retry'));

  return {
    offer(choice, onChoose) {
      chosen = onChoose;
      newAccount.hidden = choice !== 'new-account';
      retry.hidden = choice !== 'retry';
      root.hidden = false;
    },
    clear,
  };
}
