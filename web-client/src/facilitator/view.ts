// What every dashboard panel gets: the model and catalogue to show, the selected statement, the mode, the
// controls' acknowledgement state, and the actions a panel may take. Panels build their DOM once and patch
// it in update(), so a live frame changes text and chart data, never the whole page.
import type { Catalogue } from '../lib/api';
import type { OutboxCommand } from '../lib/outbox';
import type { DashboardModel } from './model';
import type { PendingControls } from './pending';

export interface DashView {
  model: DashboardModel;
  catalogue: Catalogue | null;
  selected: number;
  projector: boolean;
  pending: PendingControls;
  municipalityName: string;
  joinUrl: string;
  /** what the wall shows in projector mode: the results (default) or the roadmap */
  wall?: 'results' | 'roadmap';
}

export interface DashActions {
  /** sends commands for a control (key) through the outbox; the control is pending until all are acked */
  send(key: string, commands: OutboxCommand[]): void;
  select(statement: number, focusDetail?: boolean): void;
  /** puts the roadmap (or the results) on the wall, in projector mode */
  setWall?(wall: 'results' | 'roadmap'): void;
}

export interface Panel {
  element: HTMLElement;
  update(view: DashView): void;
  destroy?(): void;
}

/** "Stelling 5" title from the catalogue, or just the number while it loads. */
export function statementTitle(view: DashView, statement: number): string {
  return view.catalogue?.statements.find((s) => s.id === statement)?.title ?? `#${statement}`;
}

export function levelName(view: DashView, level: number): string {
  const name = view.catalogue?.levels[level - 1]?.name;
  return name ? `${level} ${name}` : String(level);
}
