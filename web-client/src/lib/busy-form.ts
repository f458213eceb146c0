// A form that sends something and waits, as the landing, join, solo and public forms do: on submit the page
// stays put, the last message is cleared and the fields are checked; then the submit button is disabled
// (optionally saying it is busy) while the request runs, and a failure is said. The button comes back as it
// was in the end, whatever happened (a flow that has gone on to another page leaves a button no one sees).
import { h } from './dom';

export interface BusyFormOptions {
  /** the form's submit button, one of the children: disabled while `send` runs */
  submit: HTMLButtonElement;
  /** the button's text while busy; its own text comes back afterwards */
  busyText?: string;
  /** the form's data-testid */
  testId?: string;
  /** a message emptied at every submit, before `check` */
  clear?: HTMLElement;
  /** checks the fields and says what is wrong; false stops here, before anything is sent */
  check?: () => boolean;
  /** the request, and what follows when it succeeds */
  send: () => Promise<void>;
  /** says what went wrong when `send` throws */
  failed: (err: unknown) => void;
}

export function busyForm(options: BusyFormOptions, ...children: Node[]): HTMLFormElement {
  const { submit, busyText } = options;
  return h(
    'form',
    {
      class: 'stack',
      novalidate: true,
      'data-testid': options.testId,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        if (options.clear) options.clear.textContent = '';
        if (options.check && !options.check()) return;
        const idle = submit.textContent;
        submit.disabled = true;
        if (busyText !== undefined) submit.textContent = busyText;
        try {
          await options.send();
        } catch (err) {
          options.failed(err);
        } finally {
          submit.disabled = false;
          if (busyText !== undefined) submit.textContent = idle;
        }
      },
    },
    ...children,
  );
}
