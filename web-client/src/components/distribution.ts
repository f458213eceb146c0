// The group's answers to one statement and aspect as a small horizontal bar chart in HTML: every bar has
// its count in text, and the participant's own level is marked with a word, not with colour alone.
import { h } from '../lib/dom';
import { formatNumber, plural, t } from '../lib/i18n';
import type { Aspect, GroupDistribution } from '../lib/protocol';

export function distributionChart(aspect: Aspect, d: GroupDistribution, own: number | null): HTMLElement {
  const counts = Array.from({ length: 5 }, (_, i) => d.counts?.[i] ?? 0);
  const max = Math.max(1, ...counts);
  const title = t(aspect === 'current' ? 'aspect.current.short' : 'aspect.desired.short');
  return h(
    'figure',
    { class: `dist dist--${aspect}` },
    h(
      'figcaption',
      null,
      h('strong', null, title),
      ` · ${plural('results.n', d.n)}`,
      d.mean !== null && d.mean !== undefined ? ` · ${t('results.mean', { mean: formatNumber(d.mean) })}` : '',
    ),
    h(
      'ul',
      { class: 'dist__bars' },
      counts.map((count, i) =>
        h(
          'li',
          { class: `dist__row${own === i + 1 ? ' dist__row--own' : ''}` },
          h('span', { class: 'dist__label' }, String(i + 1)),
          h(
            'span',
            { class: 'dist__track', 'aria-hidden': 'true' },
            h('span', { class: 'dist__bar', style: { width: `${(count / max) * 100}%` } }),
          ),
          h('span', { class: 'dist__count' }, String(count)),
          h('span', { class: 'visually-hidden' }, t('results.bar', { level: i + 1, count })),
          own === i + 1 ? h('span', { class: 'dist__own' }, t('level.chosen')) : null,
        ),
      ),
    ),
  );
}
