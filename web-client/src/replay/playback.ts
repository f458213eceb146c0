// Playing the replay: the play / pause button, the speed (1× to 60×), "to the start" and "to the end", and
// the animation-frame loop that moves the play time on at that speed (real time between events, long pauses
// capped) and the position with it, until the end. The page owns the playhead and shows each position.
import { setText } from '../facilitator/format';
import { h, uid } from '../lib/dom';
import { t } from '../lib/i18n';
import { advance, seqAtPlayTime, SPEEDS, type Clock } from './logic';

/** Where the replay is: the sequence number shown, its play time, and the clock between the two. */
export interface Playhead {
  clock: Clock;
  position: number;
  playTime: number;
}

export interface PlaybackHost {
  readonly head: Playhead;
  readonly first: number;
  readonly last: number;
  seek(seq: number, now: boolean): void;
  /** playing moved the position to `seq`: show it and fetch its state */
  moved(seq: number): void;
  /** the button shows playing or paused now */
  playingChanged(playing: boolean): void;
  paused(): void;
}

export class Playback {
  playing = false;
  private speed = 10;
  private frame = 0;
  private lastTick = 0;
  private disposed = false;
  readonly button: HTMLButtonElement;

  constructor(private readonly host: PlaybackHost) {
    this.button = h('button', { type: 'button', class: 'btn btn--primary', 'aria-pressed': 'false', 'data-testid': 'replay-play', onclick: () => (this.playing ? this.pause() : this.play()) });
  }

  /** The row of controls: play / pause, the speed, to the start, to the end. */
  controls(): HTMLElement {
    const host = this.host;
    const speedId = uid('replay-speed');
    const speedSelect = h(
      'select',
      { id: speedId, class: 'input replay__speed', 'data-testid': 'replay-speed', onchange: () => (this.speed = Number(speedSelect.value) || 1) },
      SPEEDS.map((s) => h('option', { value: String(s), selected: s === this.speed ? true : undefined }, `${s}×`)),
    );
    const toStart = h('button', { type: 'button', class: 'btn btn--secondary', 'data-testid': 'replay-start', onclick: () => host.seek(host.first, true) }, t('replay.start'));
    const toEnd = h('button', { type: 'button', class: 'btn btn--secondary', 'data-testid': 'replay-end', onclick: () => host.seek(host.last, true) }, t('replay.end'));
    return h(
      'div',
      { class: 'replay__controls' },
      this.button,
      h('label', { class: 'label replay__speed-label', for: speedId }, t('replay.speed')),
      speedSelect,
      toStart,
      toEnd,
    );
  }

  play(): void {
    if (this.host.head.position >= this.host.last) this.host.seek(this.host.first, true);
    this.playing = true;
    this.lastTick = performance.now();
    this.sync();
    this.frame = requestAnimationFrame((now) => this.tick(now));
  }

  pause(): void {
    this.playing = false;
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.sync();
    this.host.paused();
  }

  /** Shows playing or paused on the button (and to the page). */
  sync(): void {
    setText(this.button, this.playing ? `❚❚ ${t('replay.pause')}` : `▶ ${t('replay.play')}`);
    this.button.setAttribute('aria-pressed', String(this.playing));
    this.host.playingChanged(this.playing);
  }

  /** The page goes: no further frame. */
  dispose(): void {
    this.disposed = true;
    this.playing = false;
    if (this.frame) cancelAnimationFrame(this.frame);
  }

  private tick(now: number): void {
    this.frame = 0;
    if (!this.playing || this.disposed) return;
    const head = this.host.head;
    const step = advance(head.clock, head.playTime, now - this.lastTick, this.speed);
    this.lastTick = now;
    head.playTime = step.time;
    const seq = seqAtPlayTime(head.clock, head.playTime);
    if (seq !== head.position) {
      head.position = seq;
      this.host.moved(seq);
    }
    if (step.ended) {
      head.position = this.host.last;
      this.host.moved(this.host.last);
      this.pause();
      return;
    }
    this.frame = requestAnimationFrame((next) => this.tick(next));
  }
}
