// Where the client keeps what must survive a reload: tokens, outboxes and cached models, all in localStorage.
// One place for the key names, and a store interface so unit tests can use a Map instead.

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** localStorage when it works (private modes may throw), otherwise memory for this page's lifetime. */
export function browserStore(): KeyValueStore {
  try {
    const probe = '__scsa_probe__';
    window.localStorage.setItem(probe, '1');
    window.localStorage.removeItem(probe);
    return window.localStorage;
  } catch {
    return memoryStore();
  }
}

export function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

export function readJson<T>(store: KeyValueStore, key: string): T | null {
  const text = store.getItem(key);
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

export function writeJson(store: KeyValueStore, key: string, value: unknown): void {
  store.setItem(key, JSON.stringify(value));
}

/** Key names: one function each, so a typo cannot split one value over two keys. */
export const keys = {
  language: () => 'scsa.lang',
  /** The participant's credentials for a session: {token, participant_id, join_code} */
  participant: (sessionId: string) => `scsa.participant.${sessionId}`,
  outbox: (sessionId: string) => `scsa.outbox.${sessionId}`,
  model: (sessionId: string) => `scsa.model.${sessionId}`,
  /** Statements whose ambition below "now" the participant confirmed: [statement] */
  lowerAmbition: (sessionId: string) => `scsa.lower.${sessionId}`,
  /** The workshop session this browser takes part in last (for /p). */
  currentWorkshop: () => 'scsa.current.workshop',
  /** The solo self-assessment in progress: {session_id, join_code, municipality, facilitator_token, created} */
  currentSolo: () => 'scsa.current.solo',
  /**
   * The solo self-assessments this browser made, newest first (solo/history.ts): session, municipality, date
   * and the facilitator token of each, the respondent's own key to compare a later one with it.
   */
  soloHistory: () => 'scsa.solo.history',
  /** The respondent said "not now" to comparing this solo with an earlier one: '1' */
  soloOfferDismissed: (sessionId: string) => `scsa.solo.offer.${sessionId}`,
  facilitator: (sessionId: string) => `scsa.facilitator.${sessionId}`,
  /** The provider's desk's operator token: in sessionStorage, for this tab only, never in localStorage or a URL. */
  operator: () => 'scsa.operator',
};

export interface ParticipantCredentials {
  token: string;
  participant_id: string;
  session_id: string;
  join_code?: string;
}
