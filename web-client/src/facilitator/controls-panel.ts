// Pacing and session controls: reveal or hide results, open or close all statements, a new round and
// closing or reopening the session (both asked first). Each control shows its own acknowledgement state.
import { h } from '../lib/dom';
import { t } from '../lib/i18n';
import { confirmInPlace, controlButton } from './control-button';
import { setText } from './format';
import type { DashActions, DashView, Panel } from './view';

export function controlsPanel(actions: DashActions): Panel {
  let view: DashView | null = null;
  const revealed = () => !!view?.model.session?.revealed;
  const closed = () => !!view?.model.session?.closed;
  const round = () => view?.model.session?.round ?? 1;

  const reveal = controlButton(
    'btn--primary',
    () => actions.send(revealed() ? 'hide' : 'reveal', [{ type: revealed() ? 'hide' : 'reveal' }]),
    'reveal',
  );
  const openAll = controlButton('btn--secondary', () => actions.send('open:all', [{ type: 'open', statement: 'all' }]), 'open-all');
  const closeAll = controlButton('btn--secondary', () => actions.send('close:all', [{ type: 'close', statement: 'all' }]), 'close-all');
  const sessionRow = h('div', { class: 'controls__row' });
  const roundRow = h('div', { class: 'controls__row' });
  const newRound = controlButton(
    'btn--secondary',
    (button) =>
      confirmInPlace(
        roundRow,
        button,
        t('dash.newRoundConfirm', { n: round() + 1, previous: round() }),
        () => actions.send('new_round', [{ type: 'new_round' }]),
        'new-round-confirm',
      ),
    'new-round',
  );
  const closeSession = controlButton(
    'btn--danger-outline',
    (button) => {
      if (closed()) {
        actions.send('reopen_session', [{ type: 'reopen_session' }]);
        return;
      }
      confirmInPlace(sessionRow, button, t('dash.closeSessionConfirm'), () =>
        actions.send('close_session', [{ type: 'close_session' }]),
        'close-session-confirm',
      );
    },
    'close-session',
  );
  roundRow.append(newRound.element);
  sessionRow.append(closeSession.element);
  const state = h('p', { class: 'controls__state', 'data-testid': 'session-state' });

  const element = h(
    'section',
    { class: 'card dash__controls dash__control', 'aria-labelledby': 'controls-title' },
    h('h2', { id: 'controls-title' }, t('dash.controls.title')),
    state,
    h('div', { class: 'controls__row' }, reveal.element),
    h('div', { class: 'controls__row' }, openAll.element, closeAll.element),
    roundRow,
    sessionRow,
  );

  return {
    element,
    update(v: DashView) {
      view = v;
      const s = v.model.session;
      const isClosed = !!s?.closed;
      const openCount = s?.open.length ?? 0;
      setText(
        state,
        [
          isClosed ? t('dash.state.closed') : t('dash.state.openCount', { n: openCount }),
          s?.revealed ? t('dash.state.revealed') : t('dash.state.hidden'),
        ].join(' · '),
      );
      const p = v.pending;
      reveal.update({ key: s?.revealed ? 'hide' : 'reveal', label: s?.revealed ? t('dash.hide') : t('dash.reveal'), pending: p });
      openAll.update({ key: 'open:all', label: t('dash.openAll'), pending: p, disabled: isClosed || openCount === 21 });
      closeAll.update({ key: 'close:all', label: t('dash.closeAll'), pending: p, disabled: isClosed || openCount === 0 });
      newRound.update({ key: 'new_round', label: t('dash.newRound'), pending: p, disabled: isClosed });
      closeSession.update({
        key: isClosed ? 'reopen_session' : 'close_session',
        label: isClosed ? t('dash.reopenSession') : t('dash.closeSession'),
        pending: p,
      });
    },
  };
}
