// The desk's requests: the inbox (open / handled / all, a kind, a search; filtered by the server, the filters
// in the page's address so a reload or a link keeps them) with its CSV export, and one request opened: the
// message, a prepared reply (mailto:), handled / reopen, internal notes, the history, how long it is still
// kept and "erase now" behind a confirmation in the page.
import { ApiError } from '../lib/api';
import { h, uid } from '../lib/dom';
import {
  addNote,
  eraseRequest,
  exportRequests,
  fetchRequest,
  listRequests,
  markHandled,
  reopen,
  resendMail,
  type DeskRequest,
  type DeskRequestDetail,
  type HistoryEntry,
} from './api';
import {
  deskPlural,
  dt,
  filtersFromSearch,
  formatDateTime,
  kindLabel,
  KINDS,
  mailStateLabel,
  mailtoReply,
  pageQuery,
  relativeTime,
  requestPath,
  requestStateLabel,
  retentionText,
  TAB_PATHS,
  type RequestFilters,
} from './logic';
import { cardTable, cell, chip, flashNext, partHeading, segmented, selectField, type DeskContext, type DeskView } from './ui';

/** The inbox's filters as last shown, so "all requests" from a request goes back to the same list. */
let lastQuery = '';

function mailChip(r: Pick<DeskRequest, 'mail'>): HTMLElement {
  return chip(r.mail?.state ?? 'none', mailStateLabel(r.mail), 'request-mail-state');
}

function stateChip(r: Pick<DeskRequest, 'handled'>): HTMLElement {
  return chip(r.handled ? 'handled' : 'open', requestStateLabel(r.handled), 'request-state');
}

function requestRow(r: DeskRequest): HTMLTableRowElement {
  return h(
    'tr',
    { 'data-testid': 'request-row', 'data-id': r.id },
    h(
      'th',
      { scope: 'row', 'data-label': dt('requests.col.name'), class: 'desk-table__title' },
      h('a', { href: requestPath(r.id), 'data-testid': 'request-open' }, r.name),
      r.notes > 0 ? h('span', { class: 'desk-note-count' }, deskPlural('requests.notes', r.notes)) : null,
    ),
    cell(dt('requests.col.created'), h('time', { datetime: r.created }, formatDateTime(r.created))),
    cell(dt('requests.col.kind'), kindLabel(r.kind)),
    cell(dt('requests.col.organisation'), r.organisation || dt('desk.none')),
    cell(dt('requests.col.state'), stateChip(r)),
    cell(dt('requests.col.mail'), mailChip(r)),
  );
}

export function requestsView(ctx: DeskContext, search: string): DeskView {
  let filters: RequestFilters = filtersFromSearch(search);
  let controller: AbortController | null = null;
  let searchTimer: ReturnType<typeof setTimeout> | null = null;
  lastQuery = pageQuery(filters);

  const heading = partHeading(dt('requests.title'));
  const count = h('p', { class: 'desk-count', role: 'status', 'aria-live': 'polite', 'data-testid': 'requests-count' });
  const list = h('div', { class: 'desk-list', 'data-testid': 'requests-list' }, h('p', { class: 'loading' }, dt('requests.loading')));
  const exportStatus = h('p', { class: 'hint', role: 'status', 'data-testid': 'requests-export-status' });

  const load = () => {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    list.setAttribute('aria-busy', 'true');
    listRequests(ctx.token, filters, mine.signal).then(
      (requests) => {
        if (mine.signal.aborted) return;
        list.removeAttribute('aria-busy');
        count.textContent = deskPlural('requests.count', requests.length);
        if (requests.length === 0) {
          const quiet = filters.state === 'open' && !filters.kind && !filters.q;
          list.replaceChildren(h('p', { class: 'desk-empty', 'data-testid': 'requests-empty' }, dt(quiet ? 'requests.emptyOpen' : 'requests.empty')));
          return;
        }
        list.replaceChildren(
          cardTable({
            caption: dt('requests.title'),
            columns: [
              dt('requests.col.name'),
              dt('requests.col.created'),
              dt('requests.col.kind'),
              dt('requests.col.organisation'),
              dt('requests.col.state'),
              dt('requests.col.mail'),
            ],
            rows: requests.map(requestRow),
            testId: 'requests-table',
            className: 'desk-table--requests',
          }),
        );
      },
      (err: unknown) => {
        if (mine.signal.aborted || (err as Error)?.name === 'AbortError') return;
        list.removeAttribute('aria-busy');
        count.textContent = '';
        list.replaceChildren(h('p', { role: 'alert', class: 'desk-error' }, ctx.fail(err)));
      },
    );
  };

  /** A filter changed: the address follows (without a new history entry) and the list is asked again. */
  const change = (next: Partial<RequestFilters>) => {
    filters = { ...filters, ...next };
    lastQuery = pageQuery(filters);
    history.replaceState(history.state, '', TAB_PATHS.requests + lastQuery);
    load();
  };

  const searchId = uid('desk-q');
  const searchHint = uid('desk-q-hint');
  const searchInput = h('input', {
    id: searchId,
    class: 'input',
    type: 'search',
    value: filters.q,
    autocomplete: 'off',
    'aria-describedby': searchHint,
    'data-testid': 'requests-search',
    oninput: () => {
      if (searchTimer) clearTimeout(searchTimer);
      searchTimer = setTimeout(() => change({ q: searchInput.value.trim() }), 300);
    },
  });

  const exportButton = h(
    'button',
    {
      type: 'button',
      class: 'btn btn--secondary',
      'data-testid': 'requests-export',
      onclick: async () => {
        if (exportButton.getAttribute('aria-busy') === 'true') return;
        exportButton.setAttribute('aria-busy', 'true');
        exportStatus.textContent = dt('requests.exportBusy');
        try {
          const name = await exportRequests(ctx.token, filters);
          exportStatus.textContent = dt('requests.exportDone', { name });
        } catch (err) {
          exportStatus.textContent = dt('requests.exportFailed', { message: ctx.fail(err) });
        } finally {
          exportButton.removeAttribute('aria-busy');
        }
      },
    },
    dt('requests.export'),
  );

  const filterForm = h(
    'form',
    {
      class: 'desk-filters',
      role: 'search',
      'aria-label': dt('requests.filters'),
      'data-testid': 'requests-filters',
      onsubmit: (e: Event) => {
        e.preventDefault();
        if (searchTimer) clearTimeout(searchTimer);
        change({ q: searchInput.value.trim() });
      },
    },
    segmented(
      dt('requests.state'),
      [
        ['open', dt('requests.state.open')],
        ['handled', dt('requests.state.handled')],
        ['all', dt('requests.state.all')],
      ],
      filters.state,
      (v) => change({ state: v as RequestFilters['state'] }),
      'requests-state',
    ),
    h(
      'div',
      { class: 'desk-filters__row' },
      selectField(
        dt('requests.kind'),
        [['', dt('requests.kind.all')], ...KINDS.map((k): [string, string] => [k, kindLabel(k)])],
        filters.kind,
        (v) => change({ kind: v as RequestFilters['kind'] }),
        'requests-kind',
      ).element,
      h(
        'div',
        { class: 'desk-field desk-field--grow' },
        h('label', { class: 'label', for: searchId }, dt('requests.search')),
        searchInput,
        h('p', { class: 'hint', id: searchHint }, dt('requests.searchHint')),
      ),
    ),
  );

  const element = h(
    'section',
    { class: 'desk-part', 'aria-labelledby': heading.id, 'data-testid': 'desk-requests' },
    h('div', { class: 'desk-part__head' }, heading, h('div', { class: 'desk-part__tools' }, exportButton)),
    exportStatus,
    filterForm,
    count,
    list,
  );
  load();
  return {
    element,
    heading,
    dispose: () => {
      controller?.abort();
      if (searchTimer) clearTimeout(searchTimer);
    },
  };
}

function historyText(e: HistoryEntry): string {
  return dt(`request.history.${e.action}`);
}

function historyList(entries: HistoryEntry[]): HTMLElement {
  return h(
    'ol',
    { class: 'desk-history', 'data-testid': 'request-history' },
    entries.map((e) =>
      h(
        'li',
        { class: 'desk-history__item', 'data-action': e.action },
        h(
          'p',
          { class: 'desk-history__line' },
          h('time', { datetime: e.at, class: 'desk-history__time' }, formatDateTime(e.at)),
          ' ',
          h('span', { class: 'desk-history__what' }, historyText(e)),
          e.by ? h('span', { class: 'desk-history__by' }, ` ${dt('request.history.by', { by: e.by })}`) : null,
        ),
        e.action === 'note' && e.text ? h('p', { class: 'desk-history__note' }, e.text) : null,
      ),
    ),
  );
}

/** A definition list of label → value pairs (values null are left out). */
function facts(pairs: [string, Node | string | null][]): HTMLElement {
  return h(
    'dl',
    { class: 'desk-facts' },
    pairs.filter(([, v]) => v !== null && v !== '').map(([k, v]) => h('div', { class: 'desk-facts__row' }, h('dt', null, k), h('dd', null, v))),
  );
}

export function requestView(ctx: DeskContext, id: string): DeskView {
  const heading = partHeading(dt('request.loading'));
  const body = h('div', { class: 'desk-request__body' }, h('p', { class: 'loading' }, dt('request.loading')));
  let gone = false;
  const back = h('a', { href: TAB_PATHS.requests + lastQuery, class: 'desk-back', 'data-testid': 'request-back' }, `← ${dt('request.back')}`);

  /** Shows the request; `focus` names the control to focus afterwards (by data-testid). */
  const show = (r: DeskRequestDetail, focus?: string) => {
    heading.textContent = r.name;
    const status = h('p', { class: 'desk-inline-status', role: 'status', 'data-testid': 'request-status' });

    const act = async (action: () => Promise<unknown>, done: string, focusAfter: string) => {
      try {
        await action();
        const fresh = await fetchRequest(ctx.token, id);
        if (gone) return;
        show(fresh, focusAfter);
        ctx.announce(done);
      } catch (err) {
        status.textContent = ctx.fail(err);
      }
    };

    const toggle = r.handled
      ? h('button', { type: 'button', class: 'btn btn--secondary', 'data-testid': 'request-reopen', onclick: () => act(() => reopen(ctx.token, id), dt('request.reopened'), 'request-handled') }, dt('request.reopen'))
      : h('button', { type: 'button', class: 'btn btn--secondary', 'data-testid': 'request-handled', onclick: () => act(() => markHandled(ctx.token, id), dt('request.markedHandled'), 'request-reopen') }, `✓ ${dt('request.markHandled')}`);

    const replyHint = uid('reply-hint');
    const reply = h(
      'a',
      { class: 'btn btn--primary', href: mailtoReply(r), 'aria-describedby': replyHint, 'data-testid': 'request-reply' },
      dt('request.reply'),
    );

    // the note form
    const noteId = uid('note');
    const noteHint = uid('note-hint');
    const noteError = uid('note-err');
    const noteErr = h('p', { class: 'field-error', id: noteError, role: 'alert' });
    const note = h('textarea', {
      id: noteId,
      class: 'input',
      rows: '3',
      maxlength: '2000',
      'aria-describedby': `${noteHint} ${noteError}`,
      'data-testid': 'request-note',
    });
    const noteSubmit = h('button', { type: 'submit', class: 'btn btn--secondary' }, dt('request.note.submit'));
    const noteForm = h(
      'form',
      {
        class: 'desk-note-form',
        'data-testid': 'request-note-form',
        onsubmit: async (e: Event) => {
          e.preventDefault();
          const text = note.value.trim();
          noteErr.textContent = '';
          note.removeAttribute('aria-invalid');
          if (!text) {
            noteErr.textContent = dt('request.note.empty');
            note.setAttribute('aria-invalid', 'true');
            note.focus();
            return;
          }
          noteSubmit.disabled = true;
          try {
            await addNote(ctx.token, id, text);
            const fresh = await fetchRequest(ctx.token, id);
            if (gone) return;
            show(fresh, 'request-note');
            ctx.announce(dt('request.note.saved'));
          } catch (err) {
            noteSubmit.disabled = false;
            noteErr.textContent = ctx.fail(err);
          }
        },
      },
      h('label', { class: 'label', for: noteId }, dt('request.note.label')),
      h('p', { class: 'hint', id: noteHint }, dt('request.note.hint')),
      note,
      noteErr,
      h('p', { class: 'desk-actions' }, noteSubmit),
    );

    // erase, with a confirmation in the page
    const eraseArea = h('div', { class: 'desk-erase' });
    const eraseButton = h(
      'button',
      {
        type: 'button',
        class: 'btn btn--danger',
        'data-testid': 'request-erase',
        'aria-expanded': 'false',
        onclick: () => {
          eraseButton.setAttribute('aria-expanded', 'true');
          eraseButton.hidden = true;
          const question = uid('erase-q');
          const detail = uid('erase-d');
          const confirmButton = h(
            'button',
            {
              type: 'button',
              class: 'btn btn--danger',
              'data-testid': 'request-erase-confirm',
              onclick: async () => {
                confirmButton.disabled = true;
                try {
                  await eraseRequest(ctx.token, id);
                  flashNext(dt('requests.erased', { name: r.name }));
                  ctx.go(TAB_PATHS.requests + lastQuery);
                } catch (err) {
                  confirmButton.disabled = false;
                  status.textContent = ctx.fail(err);
                }
              },
            },
            dt('request.erase.confirm'),
          );
          const cancel = () => {
            box.remove();
            eraseButton.hidden = false;
            eraseButton.setAttribute('aria-expanded', 'false');
            eraseButton.focus();
          };
          const box = h(
            'div',
            {
              class: 'desk-confirm',
              role: 'group',
              tabindex: '-1',
              'aria-labelledby': question,
              'aria-describedby': detail,
              'data-testid': 'request-erase-box',
              onkeydown: (e: KeyboardEvent) => {
                if (e.key === 'Escape') cancel();
              },
            },
            h('p', { id: question, class: 'desk-confirm__question' }, dt('request.erase.question', { name: r.name })),
            h('p', { id: detail, class: 'desk-confirm__detail' }, dt('request.erase.detail')),
            h(
              'p',
              { class: 'desk-actions' },
              confirmButton,
              h('button', { type: 'button', class: 'btn btn--ghost', 'data-testid': 'request-erase-cancel', onclick: cancel }, dt('request.erase.cancel')),
            ),
          );
          eraseArea.append(box);
          box.focus();
        },
      },
      dt('request.erase'),
    );
    eraseArea.append(eraseButton);

    const mail = r.mail;
    const now = Date.now();
    const mailLines = mail
      ? [
          h('p', { class: 'desk-mail-line' }, mailChip(r)),
          mail.state === 'sent' && mail.sent ? h('p', { class: 'hint' }, dt('request.mailSent', { time: formatDateTime(mail.sent) })) : null,
          mail.state !== 'sent' && mail.next_attempt ? h('p', { class: 'hint' }, dt('request.mailNext', { when: relativeTime(mail.next_attempt, now) })) : null,
          mail.last_error && mail.state !== 'sent' ? h('p', { class: 'desk-mail-error' }, dt('request.mailError', { error: mail.last_error })) : null,
          h(
            'p',
            null,
            h(
              'button',
              {
                type: 'button',
                class: 'btn btn--ghost btn--small',
                'data-testid': 'request-resend',
                onclick: () => act(() => resendMail(ctx.token, id), dt('request.resent'), 'request-resend'),
              },
              dt('request.resend'),
            ),
          ),
        ]
      : [h('p', { class: 'hint' }, dt('mail.none'))];

    body.replaceChildren(
      h(
        'div',
        { class: 'desk-request' },
        h(
          'div',
          { class: 'desk-request__main' },
          h(
            'p',
            { class: 'desk-request__chips' },
            chip(r.kind, kindLabel(r.kind), 'request-kind'),
            ' ',
            stateChip(r),
            r.handled && r.handled_by ? h('span', { class: 'hint' }, ` ${dt('request.handledBy', { time: formatDateTime(r.handled), by: r.handled_by })}`) : null,
          ),
          h(
            'section',
            { class: 'card desk-message', 'aria-labelledby': `${noteId}-message` },
            facts([
              [dt('request.email'), h('a', { href: `mailto:${r.email}`, 'data-testid': 'request-email' }, r.email)],
              [dt('request.organisation'), r.organisation || dt('desk.none')],
              [dt('request.created'), h('time', { datetime: r.created }, formatDateTime(r.created))],
              [dt('request.language'), dt(r.language === 'en' ? 'lang.en' : 'lang.nl')],
            ]),
            h('h3', { id: `${noteId}-message`, class: 'desk-card__title desk-message__title' }, dt('request.message')),
            r.message?.trim()
              ? h('p', { class: 'desk-message__text', lang: r.language === 'en' ? 'en' : 'nl', 'data-testid': 'request-message' }, r.message)
              : h('p', { class: 'hint' }, dt('request.noMessage')),
          ),
          h('p', { class: 'desk-actions' }, reply, toggle),
          h('p', { class: 'hint', id: replyHint }, dt('request.replyHint', { email: r.email })),
          status,
          h('section', { class: 'card', 'aria-labelledby': `${noteId}-title` }, h('h3', { id: `${noteId}-title`, class: 'desk-card__title' }, dt('request.note.title')), noteForm),
          h(
            'section',
            { class: 'card', 'aria-labelledby': `${noteId}-history` },
            h('h3', { id: `${noteId}-history`, class: 'desk-card__title' }, dt('request.history')),
            historyList(r.history),
          ),
        ),
        h(
          'aside',
          { class: 'desk-request__side' },
          h('section', { class: 'card', 'aria-labelledby': `${noteId}-mail` }, h('h3', { id: `${noteId}-mail`, class: 'desk-card__title' }, dt('request.mail')), mailLines),
          h(
            'section',
            { class: 'card', 'aria-labelledby': `${noteId}-keep` },
            h('h3', { id: `${noteId}-keep`, class: 'desk-card__title' }, dt('request.retention')),
            h('p', { class: 'desk-retention', 'data-testid': 'request-retention' }, retentionText(r.days_left, r.erase_on)),
            h('p', { class: 'hint' }, dt('request.retentionRule', { days: ctx.me.retention_days })),
            eraseArea,
          ),
        ),
      ),
    );
    if (focus) body.querySelector<HTMLElement>(`[data-testid="${focus}"]`)?.focus();
  };

  fetchRequest(ctx.token, id).then(
    (r) => {
      if (!gone) show(r);
    },
    (err: unknown) => {
      if (gone) return;
      if (err instanceof ApiError && err.status === 404) {
        heading.textContent = dt('request.back');
        body.replaceChildren(h('p', { role: 'alert', class: 'desk-error', 'data-testid': 'request-gone' }, dt('request.gone')));
      } else {
        body.replaceChildren(h('p', { role: 'alert', class: 'desk-error' }, ctx.fail(err)));
      }
    },
  );

  const element = h('section', { class: 'desk-part', 'aria-labelledby': heading.id, 'data-testid': 'desk-request' }, back, heading, body);
  return {
    element,
    heading,
    dispose: () => {
      gone = true;
    },
  };
}
