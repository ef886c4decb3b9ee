// The phone number form: whether it can be used (reachability said 200), whether a check is starting
// (busy), and the error shown next to the field.
import * as messages from './messages.js';

export interface PhoneFormElements {
  form: HTMLFormElement;
  input: HTMLInputElement;
  hint: HTMLElement;
  error: HTMLElement;
  submit: HTMLButtonElement;
  submitLabel: HTMLElement;
  spinner: HTMLElement;
}

export interface PhoneForm {
  /** Enabled only when the device can be verified. */
  setAvailable(available: boolean): void;
  /** Shown unless this device can never use it (a computer in live mode). */
  setShown(shown: boolean): void;
  setBusy(busy: boolean): void;
  showError(message: string): void;
  clearError(): void;
  value: string;
  readonly usable: boolean;
  /** A check is starting (the page is about to leave for the check URL). */
  readonly busy: boolean;
  focusInput(): void;
  onSubmit(handler: (rawNumber: string) => void): void;
}

export function createPhoneForm(elements: PhoneFormElements): PhoneForm {
  const { form, input, hint, error, submit, submitLabel, spinner } = elements;
  let available = false;
  let busy = false;

  const render = (): void => {
    input.disabled = !available;
    // Read-only rather than disabled while busy: a field that is disabled while focused drops focus to <body>.
    input.readOnly = busy;
    submit.disabled = !available || busy;
    submitLabel.textContent = busy ? messages.form.verifying : messages.form.submit;
    spinner.hidden = !busy;
    if (busy) {
      form.setAttribute('aria-busy', 'true');
      submit.setAttribute('aria-busy', 'true');
    } else {
      form.removeAttribute('aria-busy');
      submit.removeAttribute('aria-busy');
    }
  };

  const clearError = (): void => {
    error.hidden = true;
    error.textContent = '';
    input.removeAttribute('aria-invalid');
    input.setAttribute('aria-describedby', hint.id);
  };

  input.addEventListener('input', () => {
    if (input.getAttribute('aria-invalid') === 'true') clearError();
  });

  render();

  return {
    setAvailable(value) {
      available = value;
      render();
    },
    setBusy(value) {
      busy = value;
      render();
    },
    setShown(shown) {
      form.hidden = !shown;
    },
    showError(message) {
      error.textContent = message;
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      // The error first: it is what the person needs to hear when the field gets focus.
      input.setAttribute('aria-describedby', `${error.id} ${hint.id}`);
    },
    clearError,
    get value() {
      return input.value;
    },
    set value(text: string) {
      input.value = text;
    },
    get usable() {
      return available && !busy;
    },
    get busy() {
      return busy;
    },
    focusInput() {
      input.focus();
    },
    onSubmit(handler) {
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        if (!available || busy) return;
        handler(input.value);
      });
    },
  };
}
