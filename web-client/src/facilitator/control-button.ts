// One facilitator control: a button that is disabled (aria-disabled, aria-busy, "bezig…") while its commands
// wait for the server's ack, and shows the server's refusal next to it, linked with aria-describedby. It stays
// focusable while disabled, so keyboard focus is not lost when a command is sent.
import { h, uid } from '../lib/dom';
import { t, type StringKey } from '../lib/i18n';
import { setAttr, setText } from './format';
import type { PendingControls } from './pending';

export interface ControlButton {
  element: HTMLElement;
  button: HTMLButtonElement;
  update(p: { key: string; label: string; pending: PendingControls; disabled?: boolean; ariaLabel?: string }): void;
}

export function errorReason(code: string): string {
  return ['statement_closed', 'session_closed', 'participant_removed'].includes(code)
    ? t(`error.${code}` as StringKey)
    : t('error.other', { code });
}

export function controlButton(
  className: string,
  onClick: (button: HTMLButtonElement) => void,
  testId?: string,
): ControlButton {
  const errorId = uid('ctl-err');
  const label = h('span', { class: 'ctl__label' });
  const busy = h('span', { class: 'ctl__busy' });
  const button = h('button', { type: 'button', class: `btn ${className}`, 'data-testid': testId }, label, busy);
  button.addEventListener('click', () => {
    if (button.getAttribute('aria-disabled') !== 'true') onClick(button);
  });
  const error = h('span', { class: 'ctl__error', id: errorId, role: 'alert' });
  const element = h('span', { class: 'ctl' }, button, error);
  return {
    element,
    button,
    update({ key, label: text, pending, disabled = false, ariaLabel }) {
      const waiting = pending.isPending(key);
      setText(label, text);
      setText(busy, waiting ? ` · ${t('dash.pending')}` : '');
      setAttr(button, 'aria-disabled', waiting || disabled ? 'true' : null);
      setAttr(button, 'aria-busy', waiting ? 'true' : null);
      setAttr(button, 'aria-label', ariaLabel ?? null);
      setAttr(button, 'data-key', key);
      const err = pending.error(key);
      setText(error, err ? t('dash.failed', { reason: errorReason(err.code) }) : '');
      setAttr(button, 'aria-describedby', err ? errorId : null);
    },
  };
}

/**
 * Asks before a consequential action, in place: the trigger makes room for the question with "yes" and
 * "cancel"; focus moves to "yes" and comes back to the trigger afterwards.
 */
export function confirmInPlace(
  host: HTMLElement,
  trigger: HTMLElement,
  question: string,
  onYes: () => void,
  testId = 'confirm',
): void {
  const restore = () => {
    box.remove();
    trigger.hidden = false;
    (trigger.matches('button') ? trigger : trigger.querySelector('button'))?.focus();
  };
  const yes = h('button', { type: 'button', class: 'btn btn--danger', 'data-testid': `${testId}-yes` }, t('dash.confirm.yes'));
  const no = h('button', { type: 'button', class: 'btn btn--ghost' }, t('dash.confirm.no'));
  const box = h(
    'div',
    { class: 'confirm', role: 'group', 'aria-label': question, 'data-testid': testId },
    h('p', { class: 'confirm__q' }, question),
    h('div', { class: 'confirm__actions' }, yes, no),
  );
  yes.addEventListener('click', () => {
    onYes();
    restore();
  });
  no.addEventListener('click', () => restore());
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      restore();
    }
  });
  trigger.hidden = true;
  host.append(box);
  yes.focus();
}
