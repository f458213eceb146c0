// The visible connection state (connected / reconnecting / offline with N answers waiting, or N changes when
// votes, proposals or the facilitator's commands wait too), as a polite live region so screen readers hear it
// change; the dot's meaning is always written out too.
import type { ConnectionView } from '../lib/connection-types';
import { h, replaceChildren } from '../lib/dom';
import { plural, t } from '../lib/i18n';

export function connectionStatus(): { element: HTMLElement; show: (view: ConnectionView, onlyAnswers?: boolean) => void } {
  const element = h('div', { class: 'conn', role: 'status', 'aria-live': 'polite', 'data-testid': 'connection' });
  /** `onlyAnswers`: all that waits is answers (a participant's usual case); else it says "changes" */
  const show = (view: ConnectionView, onlyAnswers = false) => {
    element.dataset.status = view.status;
    element.dataset.waiting = String(view.waiting);
    const label =
      view.status === 'ended'
        ? t('conn.ended')
        : view.status === 'connected'
          ? view.waiting > 0
            ? t('conn.saving')
            : t('conn.connected')
          : view.status === 'offline'
            ? t('conn.offline')
            : view.status === 'reconnecting'
              ? t('conn.reconnecting')
              : t('conn.connecting');
    const waiting =
      view.status !== 'connected' && view.waiting > 0
        ? plural(onlyAnswers ? 'conn.waiting' : 'conn.waitingChanges', view.waiting)
        : '';
    replaceChildren(
      element,
      h('span', { class: 'conn__dot', 'aria-hidden': 'true' }),
      h('span', { class: 'conn__label' }, label),
      waiting ? h('span', { class: 'conn__waiting' }, ` · ${waiting}`) : null,
    );
  };
  return { element, show };
}
