// The level choice for one statement and aspect: a native radio group (keyboard: arrows, labels, legend)
// drawn as a staircase whose steps fill up to the chosen level, because the levels are cumulative.
import type { Catalogue } from '../lib/api';
import { h } from '../lib/dom';
import { t } from '../lib/i18n';
import { cumulativeSteps } from '../lib/levels';
import type { Aspect } from '../lib/protocol';

export interface LevelChoiceProps {
  catalogue: Catalogue;
  statement: number;
  aspect: Aspect;
  value: number | null;
  pending: boolean;
  disabled: boolean;
  onChoose: (level: number) => void;
  /** shown right under the chosen level, where the eye and thumb are (e.g. a question about the choice) */
  note?: HTMLElement | null;
}

const MARK: Record<string, string> = { chosen: '●', included: '✓' };

export function levelChoice(p: LevelChoiceProps): HTMLFieldSetElement {
  const statement = p.catalogue.statements.find((s) => s.id === p.statement);
  const name = `s${p.statement}-${p.aspect}`;
  const chosenLevel = p.value ? p.catalogue.levels[p.value - 1] : undefined;
  const summary = chosenLevel
    ? `${t('level.number', { n: chosenLevel.level })} · ${chosenLevel.name}`
    : t('level.none');

  const steps = cumulativeSteps(p.value).map((step) => {
    const level = p.catalogue.levels[step.level - 1];
    const description = statement?.levels[step.level - 1] ?? '';
    const descId = `${name}-${step.level}-desc`;
    const stateText =
      step.state === 'chosen' ? t('level.chosen') : step.state === 'included' ? t('level.included') : '';
    return h(
      'label',
      { class: `step step--${step.state}`, 'data-level': step.level, 'data-state': step.state },
      h('input', {
        type: 'radio',
        name,
        value: step.level,
        checked: step.level === p.value,
        disabled: p.disabled,
        'aria-describedby': descId,
        'data-key': `${name}-${step.level}`,
        onchange: (event: Event) => {
          const input = event.currentTarget as HTMLInputElement;
          if (input.checked) p.onChoose(step.level);
        },
      }),
      h(
        'span',
        { class: 'step__bar', 'aria-hidden': 'true' },
        h('span', { class: 'step__fill', style: { height: `${step.height * 100}%` } }),
      ),
      h(
        'span',
        { class: 'step__text' },
        h(
          'span',
          { class: 'step__head' },
          h('span', { class: 'step__name' }, `${step.level} · ${level?.name ?? ''}`),
          stateText
            ? h(
                'span',
                { class: 'step__state' },
                h('span', { 'aria-hidden': 'true' }, MARK[step.state] ?? ''),
                ` ${stateText}`,
              )
            : null,
        ),
        h('span', { class: 'step__desc', id: descId }, description),
      ),
    );
  });

  return h(
    'fieldset',
    { class: `levels levels--${p.aspect}`, 'data-aspect': p.aspect, disabled: p.disabled },
    h(
      'legend',
      null,
      h('span', { class: 'levels__aspect' }, t(p.aspect === 'current' ? 'aspect.current' : 'aspect.desired')),
      h(
        'span',
        { class: 'levels__summary', 'data-testid': `summary-${p.aspect}` },
        summary,
        p.pending && p.value ? h('span', { class: 'pending-tag' }, ` (${t('level.pending')})`) : null,
      ),
    ),
    h(
      'div',
      { class: 'stair' },
      steps.map((step, i) => (p.note && p.value === i + 1 ? [step, p.note] : step)),
    ),
  );
}
