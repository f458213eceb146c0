// "Jump to when statement X reached consensus": a card listing the moments statements reached consensus (on
// both aspects, else on one), in log order, and a button that takes the replay there with that statement
// selected. Says so when no statement reached consensus.
import type { Catalogue } from '../lib/api';
import { h, uid } from '../lib/dom';
import { t } from '../lib/i18n';
import type { Reached } from './api';
import { formatTime } from './format';

function reachedPoint(r: Reached): { seq: number; time_ms: number; aspect: string } | null {
  if (r.both) return { ...r.both, aspect: t('replay.consensus.both') };
  if (r.current) return { ...r.current, aspect: t('aspect.current.short') };
  if (r.desired) return { ...r.desired, aspect: t('aspect.desired.short') };
  return null;
}

export function consensusJump(reached: Reached[], catalogue: Catalogue | null, go: (seq: number, statement: number) => void): HTMLElement {
  const section = h('section', { class: 'card', 'aria-labelledby': 'replay-consensus-title', 'data-testid': 'replay-consensus' }, h('h2', { id: 'replay-consensus-title' }, t('replay.consensus.title')));
  const options = reached
    .map((r) => ({ r, p: reachedPoint(r) }))
    .filter((x): x is { r: Reached; p: NonNullable<ReturnType<typeof reachedPoint>> } => x.p !== null)
    .sort((a, b) => a.p.seq - b.p.seq);
  if (options.length === 0) {
    section.append(h('p', { 'data-testid': 'replay-consensus-none' }, t('replay.consensus.none')));
    return section;
  }
  const id = uid('replay-consensus');
  const select = h(
    'select',
    { id, class: 'input', 'data-testid': 'replay-consensus-select' },
    options.map(({ r, p }) =>
      h(
        'option',
        { value: `${p.seq}:${r.statement}` },
        t('replay.consensus.option', {
          n: r.statement,
          title: catalogue?.statements.find((s) => s.id === r.statement)?.title ?? '',
          round: r.round,
          aspect: p.aspect,
          time: formatTime(p.time_ms),
        }),
      ),
    ),
  );
  section.append(
    h('label', { class: 'label', for: id }, t('replay.consensus.label')),
    select,
    h(
      'p',
      null,
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn--secondary',
          'data-testid': 'replay-consensus-jump',
          onclick: () => {
            const [seq, statement] = select.value.split(':').map(Number);
            if (seq !== undefined && statement !== undefined) go(seq, statement);
          },
        },
        t('replay.consensus.jump'),
      ),
    ),
  );
  return section;
}
