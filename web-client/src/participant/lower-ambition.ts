// The question when a desired level is below the current one: asked once, inline ("is that right?"), blocking
// nothing. Confirmed, it is not asked again for that statement (kept in storage); "change it" takes the
// participant to the desired levels and it is not asked again while the answer pair stays.
import { h } from '../lib/dom';
import { t } from '../lib/i18n';
import type { EffectiveAnswer } from '../lib/state';
import { readJson, writeJson, type KeyValueStore } from '../lib/storage';

export class LowerAmbitionAsk {
  // statements whose lower ambition the participant confirmed (not asked again), and the answer pairs
  // they chose to change (not asked again while the pair stays)
  private readonly lowerOk: Set<number>;
  private readonly lowerDismissed = new Map<number, string>();
  private readonly lowerAsked = new Set<string>();

  constructor(
    private readonly store: KeyValueStore,
    private readonly lowerOkKey: string,
    private readonly main: HTMLElement,
    private readonly say: (text: string) => void,
    private readonly render: () => void,
  ) {
    this.lowerOk = new Set<number>(readJson<number[]>(store, lowerOkKey) ?? []);
  }

  /** The question for this answer to `statement`, or null when there is none (the first time, it is also said). */
  ask(statement: number, answer: EffectiveAnswer): HTMLElement | null {
    const { lowerOk, lowerDismissed, lowerAsked, main, render } = this;
    const { current: now, desired } = answer;
    if (!now || !desired || desired >= now || lowerOk.has(statement)) return null;
    const pair = `${now}:${desired}`;
    if (lowerDismissed.get(statement) === pair) return null;
    if (!lowerAsked.has(`${statement}:${pair}`)) {
      lowerAsked.add(`${statement}:${pair}`);
      this.say(t('level.lowerAsk'));
    }
    const focusKey = (key: string) => main.querySelector<HTMLElement>(`[data-key="${key}"]`)?.focus();
    return h(
      'div',
      { class: 'ask', 'data-testid': 'lower-ask' },
      h('p', { class: 'ask__text' }, t('level.lowerAsk')),
      h(
        'p',
        { class: 'ask__actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn--secondary btn--small',
            'data-key': 'lower-yes',
            onclick: () => {
              lowerOk.add(statement);
              writeJson(this.store, this.lowerOkKey, [...lowerOk]);
              render();
              focusKey(`s${statement}-desired-${desired}`);
            },
          },
          t('level.lowerYes'),
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn--ghost btn--small',
            'data-key': 'lower-change',
            onclick: () => {
              lowerDismissed.set(statement, pair);
              render();
              const radio = main.querySelector<HTMLElement>(`[data-key="s${statement}-desired-${desired}"]`);
              radio?.closest('label')?.scrollIntoView({ block: 'nearest' });
              radio?.focus({ preventScroll: true });
            },
          },
          t('level.lowerChange'),
        ),
      ),
    );
  }
}
