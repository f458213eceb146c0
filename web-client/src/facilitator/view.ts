// What every dashboard panel gets: the model and catalogue to show, the selected statement, the mode, the
// controls' acknowledgement state, and the actions a panel may take. Panels build their DOM once and patch
// it in update(), so a live frame changes text and chart data, never the whole page.
import type { Baseline, BaselineAction, SessionBaseline, StatementSince, ThemeSince } from '../baseline/logic';
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
  /** what the wall shows in projector mode: the results (default), the roadmap or the change since the baseline */
  wall?: Wall;
  /** the re-assessment: the baseline chosen and the change since then (absent on the replay page) */
  baseline?: BaselineView | null;
}

export type Wall = 'results' | 'roadmap' | 'baseline';

/** The baseline as the dashboard shows it: what the session says, the server's figures, and "today" live. */
export interface BaselineView {
  /** `session.baseline`: null when none is chosen */
  chosen: SessionBaseline | null;
  /** the server's answer for the chosen one; null while it loads or when loading failed */
  info: Baseline | null;
  /** why loading failed, in words */
  error: string | null;
  /** then from the server, today from the dashboard's current means; null without `info` */
  since: { statements: StatementSince[]; themes: ThemeSince[] } | null;
  /** the baseline's agreed actions with the live reviews laid over them */
  actions: BaselineAction[];
}

export interface DashActions {
  /** sends commands for a control (key) through the outbox; the control is pending until all are acked */
  send(key: string, commands: OutboxCommand[]): void;
  select(statement: number, focusDetail?: boolean): void;
  /** puts the roadmap or the baseline (or the results) on the wall, in projector mode */
  setWall?(wall: Wall): void;
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
