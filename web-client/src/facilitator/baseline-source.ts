// Where the dashboard's baseline comes from: `session.baseline` in the live frames says which earlier session
// it is and where its actions stand; `GET …/baseline` gives its figures (then) and actions, fetched again when
// the baseline or a review changes. "Today" is not the server's snapshot of the fetch: it is taken from the
// dashboard's own current round on every render, so the change since the baseline moves as answers arrive.
import { fetchBaseline } from '../baseline/api';
import { actionsNow, baselineSignature, bt, liveSince, sessionBaseline, type Baseline, type LiveMean } from '../baseline/logic';
import type { Catalogue } from '../lib/api';
import { currentRound, type DashboardModel } from './model';
import type { BaselineView } from './view';

/** How long after a failed load it is tried again. */
const RETRY_MS = 5000;

export class BaselineSource {
  private info: Baseline | null = null;
  private error: string | null = null;
  /** the signature (baseline id and reviews) the last fetch was for */
  private fetchedFor = '';
  private inflight: AbortController | null = null;
  private disposed = false;
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly sessionId: string,
    private readonly token: string,
    /** something changed that the panels show */
    private readonly changed: () => void,
  ) {}

  /** Fetches `/baseline` when the session names another baseline or a review changed; forgets it when removed. */
  sync(model: DashboardModel): void {
    if (this.disposed || !model.session) return;
    const chosen = sessionBaseline(model.session.baseline);
    const signature = baselineSignature(chosen);
    if (signature === this.fetchedFor) return;
    this.fetchedFor = signature;
    this.inflight?.abort();
    this.inflight = null;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.error = null;
    // another baseline: its figures are not the old one's; a review alone keeps the figures while it reloads
    if (!chosen || this.info?.sessionId !== chosen.session_id) this.info = null;
    if (!chosen) {
      this.changed();
      return;
    }
    const controller = new AbortController();
    this.inflight = controller;
    fetchBaseline(this.sessionId, this.token, controller.signal).then(
      (info) => {
        if (controller.signal.aborted || this.disposed) return;
        this.inflight = null;
        this.info = info && info.sessionId === chosen.session_id ? info : null;
        this.changed();
      },
      (err: unknown) => {
        if (controller.signal.aborted || this.disposed) return;
        this.inflight = null;
        this.error = bt('bl.since.failed', { message: err instanceof Error ? err.message : String(err) });
        this.changed();
        // try again a little later (not with every live frame: a busy workshop sends twenty a second)
        this.retry = setTimeout(() => {
          this.retry = null;
          this.fetchedFor = '';
          this.changed();
        }, RETRY_MS);
      },
    );
    this.changed();
  }

  /** What the panels show now: the server's "then", today's means from the model. */
  view(model: DashboardModel, catalogue: Catalogue | null): BaselineView {
    const chosen = sessionBaseline(model.session?.baseline);
    const info = chosen && this.info?.sessionId === chosen.session_id ? this.info : null;
    const round = currentRound(model);
    const live: LiveMean[] | null = round
      ? round.statements.map((s) => ({
          statement: s.statement,
          current: s.current.n > 0 ? s.current.mean : null,
          desired: s.desired.n > 0 ? s.desired.mean : null,
        }))
      : null;
    const themeOf = catalogue ? (statement: number) => catalogue.statements.find((s) => s.id === statement)?.theme ?? null : null;
    return {
      chosen,
      info,
      error: chosen ? this.error : null,
      since: info ? liveSince(info, live, themeOf) : null,
      actions: info ? actionsNow(info.actions, chosen?.reviews) : [],
    };
  }

  dispose(): void {
    this.disposed = true;
    this.inflight?.abort();
    if (this.retry) clearTimeout(this.retry);
  }
}
