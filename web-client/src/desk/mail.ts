// The desk's mail: the relay at a glance (configured or not, host:port, queued / retrying / sent, the last
// mail sent and the last error) and the outbox message by message, each with "send again now". Refreshes by
// hand and every 10 s while the tab is visible; a refresh keeps keyboard focus on the control it was on.
import { h } from '../lib/dom';
import { fetchMail, resendMail, type MailOverview, type OutboxMessage } from './api';
import { dt, formatClock, formatDateTime, kindLabel, mailStateLabel, relativeTime, requestPath } from './logic';
import { actionsCell, cardTable, cell, chip, partHeading, type DeskContext, type DeskView } from './ui';

export const POLL_MS = 10_000;

function stat(value: number, label: string, state: string, testId: string): HTMLElement {
  return h(
    'div',
    { class: 'desk-stat', 'data-state': state, 'data-testid': testId },
    h('span', { class: 'desk-stat__value' }, String(value)),
    h('span', { class: 'desk-stat__label' }, label),
  );
}

export function mailView(ctx: DeskContext): DeskView {
  const heading = partHeading(dt('mail.title'));
  const relayBox = h('div', { class: 'desk-relay', 'data-testid': 'mail-relay' }, h('p', { class: 'loading' }, dt('mail.loading')));
  const outbox = h('div', { 'data-testid': 'mail-outbox' });
  const updated = h('p', { class: 'hint desk-updated', 'data-testid': 'mail-updated' });
  const status = h('p', { class: 'desk-inline-status', role: 'status', 'data-testid': 'mail-status' });
  let gone = false;
  let busy = false;
  let again = false;
  let timer: ReturnType<typeof setInterval> | null = null;
  const followUps: ReturnType<typeof setTimeout>[] = [];

  const relayView = (m: MailOverview) => {
    const r = m.relay;
    const server = r.configured && r.host ? `${r.host}:${r.port ?? ''}` : null;
    relayBox.replaceChildren(
      h(
        'div',
        { class: 'desk-relay__head' },
        chip(r.configured ? 'sent' : 'retrying', r.configured ? dt('mail.configured') : dt('mail.notConfigured'), 'mail-configured'),
        server ? h('span', { class: 'desk-relay__server' }, `${dt('mail.server')}: `, h('code', { 'data-testid': 'mail-server' }, server)) : null,
      ),
      h(
        'div',
        { class: 'desk-stats' },
        stat(r.queued, dt('mail.count.queued'), 'queued', 'mail-queued'),
        stat(r.retrying, dt('mail.count.retrying'), r.retrying > 0 ? 'retrying' : 'quiet', 'mail-retrying'),
        stat(r.sent, dt('mail.count.sent'), 'sent', 'mail-sent'),
      ),
      h(
        'dl',
        { class: 'desk-facts desk-facts--inline' },
        h('div', { class: 'desk-facts__row' }, h('dt', null, dt('mail.lastSent')), h('dd', { 'data-testid': 'mail-last-sent' }, formatDateTime(r.last_sent))),
        h(
          'div',
          { class: 'desk-facts__row' },
          h('dt', null, dt('mail.lastError')),
          h(
            'dd',
            { 'data-testid': 'mail-last-error' },
            r.last_error ? [h('span', { class: 'desk-mail-error' }, r.last_error), r.last_error_at ? h('span', { class: 'hint' }, ` (${formatDateTime(r.last_error_at)})`) : null] : dt('desk.none'),
          ),
        ),
      ),
      h('p', { class: 'hint' }, dt('mail.sinceStart')),
    );
  };

  const resendButton = (m: OutboxMessage) =>
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn--secondary btn--small',
        'data-testid': 'mail-resend',
        'data-focus-key': `resend-${m.request_id}`,
        'aria-label': `${dt('request.resend')}: ${m.to}`,
        onclick: async (e: Event) => {
          const button = e.currentTarget as HTMLButtonElement;
          button.disabled = true;
          try {
            await resendMail(ctx.token, m.request_id);
            status.textContent = dt('mail.resent', { to: m.to });
            void refresh();
            // the relay answers within a moment: look again soon rather than at the next poll
            for (const ms of [1000, 3000]) followUps.push(setTimeout(() => void refresh(), ms));
          } catch (err) {
            button.disabled = false;
            status.textContent = dt('mail.resendFailed', { message: ctx.fail(err) });
          }
        },
      },
      dt('request.resend'),
    );

  const row = (m: OutboxMessage, now: number) =>
    h(
      'tr',
      { 'data-testid': 'mail-row', 'data-id': m.request_id, 'data-state': m.state },
      h(
        'th',
        { scope: 'row', class: 'desk-table__title', 'data-label': dt('mail.col.to') },
        h('a', { href: requestPath(m.request_id), 'data-focus-key': `open-${m.request_id}`, 'aria-label': `${m.to} – ${dt('mail.openRequest')}` }, m.to),
      ),
      cell(dt('mail.col.kind'), kindLabel(m.kind)),
      cell(dt('mail.col.state'), chip(m.state, mailStateLabel(m), 'mail-state')),
      cell(
        dt('mail.col.detail'),
        m.state === 'sent'
          ? h('span', null, dt('mail.sentAt', { time: formatDateTime(m.sent) }))
          : h(
              'span',
              { class: 'desk-mail-detail' },
              m.last_error ? h('span', { class: 'desk-mail-error', 'data-testid': 'mail-error' }, m.last_error) : null,
              m.next_attempt ? h('span', { class: 'hint' }, dt('mail.next', { when: relativeTime(m.next_attempt, now) })) : null,
            ),
      ),
      actionsCell(dt('mail.col.action'), resendButton(m)),
    );

  const outboxView = (m: MailOverview) => {
    const now = Date.now();
    outbox.replaceChildren(
      m.messages.length === 0
        ? h('p', { class: 'desk-empty' }, dt('mail.empty'))
        : cardTable({
            caption: dt('mail.outbox'),
            columns: [dt('mail.col.to'), dt('mail.col.kind'), dt('mail.col.state'), dt('mail.col.detail'), dt('mail.col.action')],
            rows: m.messages.map((msg) => row(msg, now)),
            testId: 'mail-table',
            className: 'desk-table--mail',
          }),
    );
  };

  /** Asks the server again; a refresh asked for while one runs runs once afterwards. */
  const refresh = async (): Promise<void> => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    const focusKey = (document.activeElement as HTMLElement | null)?.dataset?.focusKey;
    try {
      const m = await fetchMail(ctx.token);
      if (gone) return;
      relayView(m);
      outboxView(m);
      updated.textContent = dt('desk.updated', { time: formatClock(Date.now()) });
      if (focusKey && document.activeElement === document.body) element.querySelector<HTMLElement>(`[data-focus-key="${focusKey}"]`)?.focus();
    } catch (err) {
      if (gone) return;
      status.textContent = ctx.fail(err);
    } finally {
      busy = false;
      if (again && !gone) {
        again = false;
        void refresh();
      }
    }
  };

  const onVisibility = () => {
    if (document.visibilityState === 'visible') void refresh();
  };

  const element = h(
    'section',
    { class: 'desk-part', 'aria-labelledby': heading.id, 'data-testid': 'desk-mail' },
    h(
      'div',
      { class: 'desk-part__head' },
      heading,
      h(
        'div',
        { class: 'desk-part__tools' },
        updated,
        h('button', { type: 'button', class: 'btn btn--secondary', 'data-testid': 'mail-refresh', onclick: () => void refresh() }, dt('desk.refresh')),
      ),
    ),
    h('p', { class: 'hint' }, dt('mail.auto')),
    status,
    h('section', { class: 'card', 'aria-label': dt('mail.relay') }, h('h3', { class: 'desk-card__title' }, dt('mail.relay')), relayBox),
    h('section', { class: 'desk-outbox', 'aria-label': dt('mail.outbox') }, h('h3', { class: 'desk-card__title' }, dt('mail.outbox')), outbox),
  );

  void refresh();
  timer = setInterval(() => {
    if (document.visibilityState === 'visible') void refresh();
  }, POLL_MS);
  document.addEventListener('visibilitychange', onVisibility);

  return {
    element,
    heading,
    dispose: () => {
      gone = true;
      if (timer) clearInterval(timer);
      for (const f of followUps) clearTimeout(f);
      document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}
