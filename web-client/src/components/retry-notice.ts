// Says that the server asked us to wait (a join refused as rate_limited) and counts down to the retry that
// follows by itself. Screen readers hear it once, from a polite live region; the visible countdown is hidden
// from them, so the number is not read out every second.
import { h } from '../lib/dom';
import { joinRetryMessage, secondsLeft } from '../lib/rate-limit';

export interface RetryNotice {
  element: HTMLElement;
  /** shows the notice, counting down from `ms` */
  show(ms: number): void;
  hide(): void;
}

export function retryNotice(testId: string, now: () => number = Date.now): RetryNotice {
  const spoken = h('p', { class: 'visually-hidden', role: 'status' });
  const visible = h('p', { class: 'banner banner--info', 'aria-hidden': 'true', 'data-testid': testId, hidden: true });
  let timer: number | null = null;

  const stopTimer = () => {
    if (timer !== null) window.clearInterval(timer);
    timer = null;
  };
  const hide = () => {
    stopTimer();
    spoken.textContent = '';
    visible.textContent = '';
    visible.hidden = true;
  };
  return {
    element: h('div', null, spoken, visible),
    show(ms) {
      stopTimer();
      const endsAt = now() + ms;
      spoken.textContent = joinRetryMessage(secondsLeft(endsAt, now()));
      visible.textContent = spoken.textContent;
      visible.hidden = false;
      // the retry goes out when the wait is over: the notice has said what it had to say
      timer = window.setInterval(() => {
        if (!visible.isConnected || now() >= endsAt) hide();
        else visible.textContent = joinRetryMessage(secondsLeft(endsAt, now()));
      }, 250);
    },
    hide,
  };
}
