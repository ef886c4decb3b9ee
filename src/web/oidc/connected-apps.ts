// The signed-in card's "Connected applications": every application the person let learn something
// through "Sign in with Simpass", what it may learn and since when, and "Remove access" — after a
// confirmation that says in words what removing means. Built with DOM methods and textContent only.
import { ApiError } from '../api.js';
import { actionButton, createStatusLine } from '../card-actions.js';
import type { LiveRegion } from '../live-region.js';
import * as oidcApi from './oidc-api.js';
import type { Consent } from './oidc-api.js';
import { oidcMessages } from './oidc-messages.js';
import './oidc.css';

export interface ConnectedAppsElements {
  root: HTMLElement;
  heading: HTMLElement;
  list: HTMLUListElement;
  empty: HTMLElement;
  status: HTMLElement;
}

export interface ConnectedApps {
  show(): Promise<void>;
  hide(): void;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

function paragraph(className: string, text: string, testId?: string): HTMLParagraphElement {
  const element = document.createElement('p');
  element.className = className;
  element.textContent = text;
  if (testId) element.dataset.testid = testId;
  return element;
}

export function createConnectedApps(
  elements: ConnectedAppsElements,
  deps: { live: LiveRegion; api?: Pick<typeof oidcApi, 'listConsents' | 'removeConsent'> },
): ConnectedApps {
  const api = deps.api ?? oidcApi;
  const { root, heading, list, empty, status } = elements;
  let consents: Consent[] = [];

  const statusLine = createStatusLine(status, deps.live, 'connected-apps__status');
  const say = statusLine.say;

  function render(): void {
    list.replaceChildren(...consents.map(renderItem));
    empty.hidden = consents.length > 0;
  }

  function renderItem(consent: Consent): HTMLLIElement {
    const item = document.createElement('li');
    item.className = 'connected-apps__item';
    item.dataset.testid = 'connected-app';
    const remove = actionButton('Remove access', 'connected-app-remove', 'secondary');
    remove.setAttribute('aria-label', `Remove access for ${consent.name}`);
    remove.addEventListener('click', () => confirmRemoval(item, consent));
    item.append(
      paragraph('connected-apps__name', consent.name, 'connected-app-name'),
      paragraph('connected-apps__facts', oidcMessages.connectedSince(formatDate(consent.grantedAt), consent.scopes)),
      remove,
    );
    return item;
  }

  function focusRemoveButton(clientId: string): void {
    const index = consents.findIndex((consent) => consent.clientId === clientId);
    list.children[index]?.querySelector<HTMLButtonElement>('[data-testid="connected-app-remove"]')?.focus();
  }

  function confirmRemoval(item: HTMLLIElement, consent: Consent): void {
    statusLine.clear();
    const questionId = `connected-app-confirm-${consents.indexOf(consent)}`;
    const box = document.createElement('div');
    box.className = 'connected-apps__confirm';
    box.setAttribute('role', 'group');
    box.setAttribute('aria-labelledby', questionId);
    const question = paragraph('connected-apps__name', oidcMessages.confirmRemoval(consent.name));
    question.id = questionId;
    const means = oidcMessages.removalMeans(consent.name);
    const actions = document.createElement('div');
    actions.className = 'connected-apps__actions';
    const keep = actionButton('Keep access', 'connected-app-keep', 'secondary');
    const yes = actionButton('Remove access', 'connected-app-remove-confirm', 'secondary');
    yes.setAttribute('aria-label', `Yes, remove access for ${consent.name}`);
    actions.append(keep, yes);
    box.append(question, paragraph('connected-apps__facts', means, 'connected-app-remove-warning'), actions);
    item.replaceChildren(box);
    deps.live.announce(`${oidcMessages.confirmRemoval(consent.name)} ${means}`, 'polite');
    keep.focus();
    keep.addEventListener('click', () => {
      render();
      focusRemoveButton(consent.clientId);
    });
    yes.addEventListener('click', () => void remove(yes, consent));
  }

  async function remove(trigger: HTMLButtonElement, consent: Consent): Promise<void> {
    if (trigger.getAttribute('aria-disabled') === 'true') return;
    trigger.setAttribute('aria-disabled', 'true');
    trigger.setAttribute('aria-busy', 'true');
    try {
      await api.removeConsent(consent.clientId);
    } catch (error) {
      trigger.removeAttribute('aria-disabled');
      trigger.removeAttribute('aria-busy');
      // Already gone (404) is what the person wanted; anything else is said.
      if (!(error instanceof ApiError && error.status === 404)) {
        say(error instanceof ApiError && error.problem?.detail ? error.problem.detail : oidcMessages.removeFailed, 'error');
        return;
      }
    }
    consents = consents.filter((other) => other.clientId !== consent.clientId);
    render();
    say(oidcMessages.removed(consent.name), 'ok');
    heading.focus();
  }

  return {
    async show() {
      statusLine.clear();
      try {
        consents = await api.listConsents();
      } catch (error) {
        consents = [];
        // No provider on this server (404): nothing to manage, so nothing shown.
        if (error instanceof ApiError && error.status === 404) {
          root.hidden = true;
          return;
        }
        render();
        root.hidden = false;
        say(oidcMessages.loadFailed, 'error');
        return;
      }
      render();
      root.hidden = false;
    },
    hide() {
      root.hidden = true;
      consents = [];
      list.replaceChildren();
      statusLine.clear();
    },
  };
}
