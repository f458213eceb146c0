// The form that sends and waits (landing, join, solo, public forms): a failed check sends nothing; while
// sending, the submit button is disabled and may say it is busy; afterwards it is back as it was, after a
// success as after a failure, which is said.
import { describe, expect, it, vi } from 'vitest';
import { busyForm } from '../../src/lib/busy-form';
import { h } from '../../src/lib/dom';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (err: unknown) => void } {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function submit(form: HTMLFormElement): Event {
  const event = new Event('submit', { cancelable: true });
  form.dispatchEvent(event);
  return event;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('busy form', () => {
  it('is a stack without browser validation, holding its children and test id', () => {
    const button = h('button', { type: 'submit' }, 'Send');
    const form = busyForm({ submit: button, testId: 'x-form', send: async () => {}, failed: () => {} }, button);
    expect(form.tagName).toBe('FORM');
    expect(form.className).toBe('stack');
    expect(form.hasAttribute('novalidate')).toBe(true);
    expect(form.getAttribute('data-testid')).toBe('x-form');
    expect(form.lastElementChild).toBe(button);
    const plain = busyForm({ submit: button, send: async () => {}, failed: () => {} });
    expect(plain.hasAttribute('data-testid')).toBe(false);
  });

  it('clears the last message, then sends nothing when the check fails', async () => {
    const button = h('button', { type: 'submit' }, 'Send');
    const message = h('p', null, 'old');
    const send = vi.fn(async () => {});
    const check = vi.fn(() => {
      expect(message.textContent).toBe('');
      message.textContent = 'missing';
      return false;
    });
    const form = busyForm({ submit: button, clear: message, check, send, failed: () => {} }, message, button);
    const event = submit(form);
    await settle();
    expect(event.defaultPrevented).toBe(true);
    expect(check).toHaveBeenCalledOnce();
    expect(send).not.toHaveBeenCalled();
    expect(message.textContent).toBe('missing');
    expect(button.disabled).toBe(false);
  });

  it('disables the button and shows the busy text while sending, then restores it', async () => {
    const button = h('button', { type: 'submit' }, 'Send');
    const pending = deferred();
    const failed = vi.fn();
    const form = busyForm({ submit: button, busyText: 'Sending…', send: () => pending.promise, failed }, button);
    submit(form);
    expect(button.disabled).toBe(true);
    expect(button.textContent).toBe('Sending…');
    pending.resolve();
    await settle();
    expect(button.disabled).toBe(false);
    expect(button.textContent).toBe('Send');
    expect(failed).not.toHaveBeenCalled();
  });

  it('keeps the button text when no busy text is given', async () => {
    const button = h('button', { type: 'submit' }, 'Send');
    const pending = deferred();
    const form = busyForm({ submit: button, send: () => pending.promise, failed: () => {} }, button);
    submit(form);
    expect(button.disabled).toBe(true);
    expect(button.textContent).toBe('Send');
    pending.resolve();
    await settle();
    expect(button.disabled).toBe(false);
  });

  it('says a failure and gives the button back', async () => {
    const button = h('button', { type: 'submit' }, 'Send');
    const pending = deferred();
    let waitingWhenSaid: boolean | null = null;
    const failed = vi.fn((_err: unknown) => {
      waitingWhenSaid = button.disabled;
    });
    const form = busyForm({ submit: button, busyText: 'Sending…', send: () => pending.promise, failed }, button);
    submit(form);
    pending.reject(new Error('offline'));
    await settle();
    expect(failed).toHaveBeenCalledOnce();
    expect((failed.mock.calls[0]![0] as Error).message).toBe('offline');
    // the failure is said before the button comes back, in the same turn
    expect(waitingWhenSaid).toBe(true);
    expect(button.disabled).toBe(false);
    expect(button.textContent).toBe('Send');
  });
});
