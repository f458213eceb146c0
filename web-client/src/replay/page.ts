// /replay/:session — a past (or running) session at any moment, read-only. Behind the review key's gate
// (review-gate.ts: a review link's #token=, this tab's sessionStorage or the facilitator's key; else a form
// asks for it) this file loads the timeline and the catalogue; screen.ts shows the replay itself (a timeline
// bar with markers, play / pause at 1× to 60×, "jump to consensus", the dashboard's panels at that moment,
// exports).
import '../facilitator/dashboard.css';
import './replay.css';
import { fetchCatalogue } from '../lib/api';
import { language } from '../lib/i18n';
import { fetchTimeline } from './api';
import { mountReviewPage } from './review-gate';
import { mountReplay } from './screen';

export function renderReplay(main: HTMLElement, sessionId: string): () => void {
  return mountReviewPage(main, {
    sessionId,
    title: 'replay.title',
    error: 'replay.error',
    load: (token) => Promise.all([fetchTimeline(sessionId, token), fetchCatalogue(language()).catch(() => null)]),
    show: ([timeline, catalogue], token, refused) => mountReplay(main, sessionId, token, timeline, catalogue, refused),
  });
}
