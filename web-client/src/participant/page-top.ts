// The top of the assessment: the session's title and round, the connection status, progress, and the lasting
// banners (the connection ended, removed from the session, the session closed) above the notices. Lasting
// states are plain text: the status line and the notice regions announce changes.
import type { ConnectionView } from '../lib/connection-types';
import { h } from '../lib/dom';
import { t } from '../lib/i18n';
import { progressOf, type EffectiveAnswer, type ParticipantModel } from '../lib/state';
import { keys, type KeyValueStore } from '../lib/storage';
import type { Notices } from './notices';

export interface PageTopContext {
  model: ParticipantModel;
  connView: ConnectionView;
  mode: 'workshop' | 'solo';
  /** the code this browser joined with, for "home" once the connection ended */
  joinCode: string | undefined;
  store: KeyValueStore;
  status: HTMLElement;
  notices: Notices;
}

export function pageTop(answers: Record<number, EffectiveAnswer>, ctx: PageTopContext): HTMLElement {
  const { model, connView } = ctx;
  const progress = progressOf(answers);
  const session = model.session;
  const banners: HTMLElement[] = [];
  // lasting states: plain text (the status line and the notice region announce changes)
  if (connView.status === 'ended') {
    const again = ctx.mode === 'solo' ? '/solo' : ctx.joinCode ? `/join/${ctx.joinCode}` : '/';
    if (ctx.mode === 'solo') ctx.store.removeItem(keys.currentSolo());
    banners.push(
      h('p', { class: 'banner banner--warn' }, t('conn.ended'), ' ', h('a', { href: again }, t('common.home'))),
    );
  }
  if (model.removed) banners.push(h('p', { class: 'banner banner--warn', 'data-testid': 'removed' }, t('participant.removed')));
  else if (session?.closed) banners.push(h('p', { class: 'banner banner--info' }, t('participant.sessionClosed')));
  banners.push(ctx.notices.notice, ctx.notices.moved);
  return h(
    'div',
    { class: 'p-top' },
    h(
      'div',
      { class: 'p-top__row' },
      h('span', { class: 'p-top__title' }, session?.title ?? ''),
      session && session.mode === 'workshop' && session.round > 1
        ? h('span', { class: 'badge' }, t('participant.round', { n: session.round }))
        : null,
    ),
    // someone removed no longer takes part: "Verbonden" beside the banner that says so would contradict it
    model.removed ? null : ctx.status,
    h(
      'div',
      { class: 'progress' },
      h('progress', {
        max: progress.total,
        value: progress.complete,
        'aria-labelledby': 'progress-label',
      }),
      h(
        'span',
        { id: 'progress-label', class: 'progress__label', 'data-testid': 'progress' },
        t('overview.progress', { complete: progress.complete, total: progress.total }),
      ),
    ),
    banners,
  );
}
