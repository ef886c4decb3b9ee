// The signed-in card's passkeys: the one-tap offer after a sign-in the SIM proved ("Add a passkey" or
// "Not now", which the server remembers), the list (name, added, last used), adding one, renaming, and
// removing — the last one only after the person confirms, in the server's words, what that means.
// Everything is built with DOM methods and textContent.
import { browserSupportsWebAuthn, startRegistration } from '@simplewebauthn/browser';
import { ApiError } from '../api.js';
import { actionButton, createStatusLine } from '../card-actions.js';
import type { LiveRegion } from '../live-region.js';
import * as passkeyApi from './passkey-api.js';
import type { Passkey } from './passkey-api.js';
import { passkeyMessages } from './passkey-messages.js';

export interface PasskeyManagerElements {
  root: HTMLElement;
  offer: HTMLElement;
  offerAdd: HTMLButtonElement;
  offerDismiss: HTMLButtonElement;
  list: HTMLUListElement;
  empty: HTMLElement;
  status: HTMLElement;
  add: HTMLButtonElement;
}

export interface PasskeyManager {
  /** Loads the account's passkeys (and whether to offer one) into the card. */
  show(): Promise<void>;
  hide(): void;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const formatDate = (iso: string): string => dateFormat.format(new Date(iso));

function problemWords(error: unknown, fallback: string): string {
  return error instanceof ApiError && error.problem?.detail ? error.problem.detail : fallback;
}

export function createPasskeyManager(elements: PasskeyManagerElements, deps: { live: LiveRegion }): PasskeyManager {
  const { root, offer, offerAdd, offerDismiss, list, empty, status, add } = elements;
  let passkeys: Passkey[] = [];

  const statusLine = createStatusLine(status, deps.live, 'passkeys__status');
  const say = statusLine.say;

  function render(): void {
    list.replaceChildren(...passkeys.map(renderItem));
    empty.hidden = passkeys.length > 0;
    // One "Add a passkey" at a time: the offer's, or the list's.
    add.hidden = !offer.hidden;
  }

  function renderItem(passkey: Passkey): HTMLLIElement {
    const item = document.createElement('li');
    item.className = 'passkeys__item';
    item.dataset.testid = 'passkey-item';
    const name = document.createElement('p');
    name.className = 'passkeys__name';
    name.dataset.testid = 'passkey-name';
    name.textContent = passkey.name;
    const facts = document.createElement('p');
    facts.className = 'passkeys__facts';
    facts.textContent = `${passkeyMessages.added_on(formatDate(passkey.createdAt))} · ${passkeyMessages.lastUsed(passkey.lastUsedAt ? formatDate(passkey.lastUsedAt) : null)}`;
    const actions = document.createElement('div');
    actions.className = 'passkeys__actions';
    const rename = actionButton('Rename', 'passkey-rename');
    rename.setAttribute('aria-label', `Rename ${passkey.name}`);
    const remove = actionButton('Remove', 'passkey-remove');
    remove.setAttribute('aria-label', `Remove ${passkey.name}`);
    actions.append(rename, remove);
    item.append(name, facts, actions);
    rename.addEventListener('click', () => startRename(item, passkey));
    remove.addEventListener('click', () => void tryRemove(item, passkey, false));
    return item;
  }

  function startRename(item: HTMLLIElement, passkey: Passkey): void {
    statusLine.clear();
    const form = document.createElement('form');
    form.className = 'passkeys__rename';
    form.noValidate = true;
    const inputId = `passkey-name-${passkey.id}`;
    const label = document.createElement('label');
    label.className = 'field__label';
    label.htmlFor = inputId;
    label.textContent = 'New name';
    const input = document.createElement('input');
    input.id = inputId;
    input.className = 'field__input';
    input.dataset.testid = 'passkey-name-input';
    input.maxLength = 64;
    input.value = passkey.name;
    input.autocomplete = 'off';
    const save = actionButton('Save', 'passkey-rename-save', 'primary');
    save.type = 'submit';
    const cancel = actionButton('Cancel', 'passkey-rename-cancel');
    const actions = document.createElement('div');
    actions.className = 'passkeys__actions';
    actions.append(save, cancel);
    form.append(label, input, actions);
    item.replaceChildren(form);
    input.focus();
    cancel.addEventListener('click', () => {
      render();
      focusItemButton(passkey.id, 'passkey-rename');
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const name = input.value.trim();
      if (name === '') {
        say('Please give the passkey a name.', 'error');
        input.focus();
        return;
      }
      void passkeyApi.renamePasskey(passkey.id, name).then(
        (renamed) => {
          passkeys = passkeys.map((p) => (p.id === renamed.id ? renamed : p));
          render();
          say(passkeyMessages.renamed(renamed.name), 'ok');
          focusItemButton(renamed.id, 'passkey-rename');
        },
        (error: unknown) => say(problemWords(error, passkeyMessages.failedAction), 'error'),
      );
    });
  }

  function focusItemButton(id: string, testId: string): void {
    const index = passkeys.findIndex((p) => p.id === id);
    const target = list.children[index]?.querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`);
    target?.focus();
  }

  async function tryRemove(item: HTMLLIElement, passkey: Passkey, confirmLast: boolean): Promise<void> {
    try {
      await passkeyApi.removePasskey(passkey.id, { confirmLast });
    } catch (error) {
      if (error instanceof ApiError && error.problem?.type === '/problems/last-passkey') {
        confirmRemoval(item, passkey, error.problem.detail ?? '');
        return;
      }
      say(problemWords(error, passkeyMessages.failedAction), 'error');
      return;
    }
    passkeys = passkeys.filter((p) => p.id !== passkey.id);
    render();
    say(passkeyMessages.removed(passkey.name), 'ok');
    add.focus();
  }

  /** The last passkey: the server's words for what removing it means, and an explicit choice. */
  function confirmRemoval(item: HTMLLIElement, passkey: Passkey, words: string): void {
    statusLine.clear();
    const box = document.createElement('div');
    box.className = 'passkeys__confirm';
    box.setAttribute('role', 'group');
    box.setAttribute('aria-labelledby', `confirm-${passkey.id}`);
    const heading = document.createElement('p');
    heading.id = `confirm-${passkey.id}`;
    heading.className = 'passkeys__name';
    heading.textContent = `Remove ${passkey.name}?`;
    const text = document.createElement('p');
    text.className = 'passkeys__facts';
    text.dataset.testid = 'passkey-remove-warning';
    text.textContent = words;
    const actions = document.createElement('div');
    actions.className = 'passkeys__actions';
    const yes = actionButton('Remove anyway', 'passkey-remove-confirm');
    const no = actionButton('Keep it', 'passkey-remove-cancel', 'primary');
    actions.append(no, yes);
    box.append(heading, text, actions);
    item.replaceChildren(box);
    deps.live.announce(words, 'assertive');
    no.focus();
    no.addEventListener('click', () => {
      render();
      focusItemButton(passkey.id, 'passkey-remove');
    });
    yes.addEventListener('click', () => void tryRemove(item, passkey, true));
  }

  async function addPasskey(trigger: HTMLButtonElement): Promise<void> {
    trigger.setAttribute('aria-busy', 'true');
    trigger.setAttribute('aria-disabled', 'true');
    try {
      const optionsJSON = await passkeyApi.registrationOptions();
      const credential = await startRegistration({ optionsJSON });
      const added = await passkeyApi.addPasskey(credential);
      passkeys = [...passkeys, added];
      offer.hidden = true;
      render();
      say(passkeyMessages.added(added.name), 'ok');
      add.focus();
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') say(passkeyMessages.alreadyHere, 'error');
      else if (error instanceof Error && (error.name === 'NotAllowedError' || error.name === 'AbortError')) say(passkeyMessages.addCancelled, 'error');
      else say(problemWords(error, passkeyMessages.addFailed), 'error');
    } finally {
      trigger.removeAttribute('aria-busy');
      trigger.removeAttribute('aria-disabled');
    }
  }

  const guarded = (trigger: HTMLButtonElement) => () => {
    if (trigger.getAttribute('aria-disabled') === 'true') return;
    void addPasskey(trigger);
  };
  offerAdd.addEventListener('click', guarded(offerAdd));
  add.addEventListener('click', guarded(add));
  offerDismiss.addEventListener('click', () => {
    offer.hidden = true;
    render();
    say(passkeyMessages.offerDismissed, 'ok');
    add.focus();
    void passkeyApi.dismissOffer().catch(() => undefined);
  });

  return {
    async show() {
      statusLine.clear();
      if (!browserSupportsWebAuthn()) {
        root.hidden = true;
        return;
      }
      try {
        const answer = await passkeyApi.listPasskeys();
        passkeys = answer.passkeys;
        offer.hidden = !answer.offer;
      } catch {
        passkeys = [];
        offer.hidden = true;
        say(passkeyMessages.failedAction, 'error');
      }
      render();
      root.hidden = false;
    },
    hide() {
      root.hidden = true;
      offer.hidden = true;
      passkeys = [];
      list.replaceChildren();
      statusLine.clear();
    },
  };
}
