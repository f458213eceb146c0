// Who is present: joined and connected counts in large numbers (the server's presence counts, which leave
// removed participants out), and the list of participants (name, department, connected or not in words) with
// a remove button that asks first; removed participants stay at the end of the list, marked as removed. Rows
// are keyed, so a presence frame patches the list instead of rebuilding it.
import { h, replaceChildren } from '../lib/dom';
import { plural, t } from '../lib/i18n';
import { confirmInPlace, controlButton, type ControlButton } from './control-button';
import { setText } from './format';
import { listedParticipants, type Participant } from './model';
import type { DashActions, DashView, Panel } from './view';

interface Row {
  li: HTMLLIElement;
  name: HTMLElement;
  dept: HTMLElement;
  state: HTMLElement;
  remove: ControlButton;
  participant: Participant;
}

export const displayName = (p: Participant) => p.name ?? t('dash.presence.anonymous');

export function presencePanel(actions: DashActions): Panel {
  const joined = h('span', { class: 'stat__value', 'data-testid': 'joined-count' }, '0');
  const connected = h('span', { class: 'stat__value', 'data-testid': 'connected-count' }, '0');
  const joinedLabel = h('span', { class: 'stat__label' }, plural('dash.presence.joined', 0));
  const empty = h('p', { class: 'hint' }, t('dash.presence.none'));
  const list = h('ul', { class: 'people', 'data-testid': 'participant-list' });
  const rows = new Map<string, Row>();

  const element = h(
    'section',
    { class: 'card dash__presence', 'aria-labelledby': 'presence-title' },
    h('h2', { id: 'presence-title' }, t('dash.presence.title')),
    h(
      'div',
      { class: 'stats', role: 'group', 'aria-labelledby': 'presence-title' },
      h('p', { class: 'stat' }, joined, joinedLabel),
      h('p', { class: 'stat' }, connected, h('span', { class: 'stat__label' }, t('dash.presence.connected'))),
    ),
    empty,
    list,
  );

  function makeRow(p: Participant): Row {
    const name = h('span', { class: 'people__name' });
    const dept = h('span', { class: 'people__dept' });
    const state = h('span', { class: 'people__state' });
    const li = h('li', { class: 'people__row', 'data-participant': p.id });
    const row: Row = {
      li,
      name,
      dept,
      state,
      participant: p,
      remove: controlButton(
        'btn--small btn--ghost dash__control',
        (button) =>
          confirmInPlace(
            li,
            button,
            t('dash.presence.removeConfirm', { name: displayName(row.participant) }),
            () => actions.send(`remove:${p.id}`, [{ type: 'remove', participant_id: p.id }]),
            'remove-confirm',
          ),
        'remove',
      ),
    };
    // name, department and state are the row's own grid items: the card's width decides where they go (dashboard.css)
    li.append(name, dept, state, row.remove.element);
    return row;
  }

  return {
    element,
    update(view: DashView) {
      const m = view.model;
      setText(joined, String(m.presence.participants));
      setText(joinedLabel, plural('dash.presence.joined', m.presence.participants));
      setText(connected, String(m.presence.connected));
      const people = listedParticipants(m);
      empty.hidden = people.length > 0;
      const seen = new Set<string>();
      const ordered: HTMLLIElement[] = [];
      for (const p of people) {
        seen.add(p.id);
        let row = rows.get(p.id);
        if (!row) {
          row = makeRow(p);
          rows.set(p.id, row);
        }
        row.participant = p;
        setText(row.name, displayName(p));
        // a name too long for the card ends in "…": the whole name on hover
        if (row.name.title !== displayName(p)) row.name.title = displayName(p);
        setText(row.dept, p.department ?? '');
        // a removed participant's phone may still be open: they count as neither present nor connected
        setText(row.state, p.removed ? t('dash.presence.removed') : p.connected ? t('dash.presence.online') : t('dash.presence.offline'));
        row.li.dataset.connected = String(p.connected && !p.removed);
        row.li.dataset.removed = String(p.removed);
        row.remove.element.hidden = p.removed;
        row.remove.update({
          key: `remove:${p.id}`,
          label: t('dash.presence.remove'),
          ariaLabel: t('dash.presence.removeLabel', { name: displayName(p) }),
          pending: view.pending,
        });
        ordered.push(row.li);
      }
      for (const [id, row] of rows) {
        if (!seen.has(id)) {
          row.li.remove();
          rows.delete(id);
        }
      }
      // reorder only when the order changed (keeps focus and avoids needless DOM moves)
      const now = [...list.children];
      if (now.length !== ordered.length || ordered.some((li, i) => now[i] !== li)) {
        const focused = document.activeElement;
        replaceChildren(list, ordered);
        if (focused instanceof HTMLElement && list.contains(focused)) focused.focus();
      }
    },
  };
}
