// What the assessment tells the participant besides the statement itself: the notice (a refused answer, a new
// round), where the facilitator took everyone, and lines said once to screen readers. The regions are made
// once and kept across re-renders, so a notice is announced once, not again on every render.
import { h, replaceChildren } from '../lib/dom';

export interface Notices {
  /** the notice region, shown among the banners at the top */
  notice: HTMLElement;
  /** where the facilitator took everyone, shown below the notice */
  moved: HTMLElement;
  announce(text: string): void;
  tellMoved(...content: (HTMLElement | string)[]): void;
  say(text: string, urgent?: boolean): void;
  /** takes the screen-reader regions off the page */
  remove(): void;
}

export function assessmentNotices(): Notices {
  // one persistent live region: a notice is announced once, not again on every re-render
  const notice = h('div', { class: 'notice', role: 'alert', 'data-testid': 'notice' });
  const announce = (text: string) => {
    notice.textContent = text;
    notice.classList.toggle('banner', !!text);
    notice.classList.toggle('banner--info', !!text);
  };
  // where the facilitator took everyone: said politely (a status, not an alert), visible until the next move
  const moved = h('div', { class: 'notice', role: 'status', 'data-testid': 'moved' });
  const tellMoved = (...content: (HTMLElement | string)[]) => {
    replaceChildren(moved, ...content);
    const shown = content.length > 0;
    moved.classList.toggle('banner', shown);
    moved.classList.toggle('banner--info', shown);
  };
  // said once to screen readers, shown on the page in a lasting way (the removal, the question about an
  // ambition below now): outside `main`, so no re-render touches them
  const srPolite = h('div', { class: 'visually-hidden', role: 'status', 'data-testid': 'sr-polite' });
  const srAlert = h('div', { class: 'visually-hidden', role: 'alert', 'data-testid': 'sr-alert' });
  document.body.append(srPolite, srAlert);
  const say = (text: string, urgent = false) => {
    const region = urgent ? srAlert : srPolite;
    region.textContent = '';
    window.setTimeout(() => (region.textContent = text), 50);
  };
  const remove = () => {
    srPolite.remove();
    srAlert.remove();
  };
  return { notice, moved, announce, tellMoved, say, remove };
}
