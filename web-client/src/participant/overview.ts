// The overview of all 21 statements, by theme: for each whether it is answered (and with which levels),
// whether it is closed, and which one is current; each takes the participant there. Below it: back to the
// statement, and in the solo assessment on to the result.
import type { Catalogue } from '../lib/api';
import { h } from '../lib/dom';
import { t } from '../lib/i18n';
import { isOpen, type EffectiveAnswer, type ParticipantModel } from '../lib/state';
import type { Navigation } from './navigation';

export function overview(
  cat: Catalogue,
  answers: Record<number, EffectiveAnswer>,
  model: ParticipantModel,
  nav: Navigation,
  mode: 'workshop' | 'solo',
  go: (path: string) => void,
): HTMLElement {
  const levelText = (n: number | null) => (n ? String(n) : '–');
  return h(
    'section',
    { class: 'overview', 'aria-labelledby': 'overview-title' },
    h('h1', { id: 'overview-title' }, t('overview.title')),
    cat.themes.map((theme) =>
      h(
        'div',
        { class: 'overview__theme' },
        h('h2', null, theme.name),
        h(
          'ul',
          { class: 'overview__list' },
          cat.statements
            .filter((s) => s.theme === theme.id)
            .map((s) => {
              const a = answers[s.id];
              const open = isOpen(model, s.id);
              const done = !!a?.current && !!a?.desired;
              const detail =
                a?.current || a?.desired
                  ? t('overview.answer', { current: levelText(a.current), desired: levelText(a.desired) })
                  : t('overview.notAnswered');
              return h(
                'li',
                null,
                h(
                  'button',
                  {
                    type: 'button',
                    class: `overview__item${done ? ' overview__item--done' : ''}${s.id === nav.current ? ' overview__item--current' : ''}`,
                    'data-key': `ov-${s.id}`,
                    'aria-current': s.id === nav.current ? 'step' : undefined,
                    onclick: () => nav.goTo(s.id),
                  },
                  h('span', { class: 'overview__num' }, String(s.id)),
                  h(
                    'span',
                    { class: 'overview__body' },
                    h('span', { class: 'overview__title' }, s.title),
                    h(
                      'span',
                      { class: 'overview__detail' },
                      done ? h('span', { 'aria-hidden': 'true' }, '✓ ') : null,
                      detail,
                      !open && model.session && !model.session.closed
                        ? h('span', { class: 'overview__lock' }, ` · 🔒 ${t('statement.lockedShort')}`)
                        : null,
                    ),
                  ),
                ),
              );
            }),
        ),
      ),
    ),
    h(
      'div',
      { class: 'pager' },
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn--primary',
          'data-key': 'back-to-statement',
          onclick: () => nav.goTo(nav.current),
        },
        t('statement.backToStatement'),
      ),
      mode === 'solo'
        ? h(
            'button',
            { type: 'button', class: 'btn btn--ghost', onclick: () => go('/results/solo') },
            t('solo.toResult'),
          )
        : null,
    ),
  );
}
