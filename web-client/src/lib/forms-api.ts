// The public forms' API (docs/api.md, "Public forms"): a request for information, support or a workshop,
// and the sample report. A refusal with per-field messages (already in the page's language) arrives as a
// FormRefused, so the page can show each message at its field.
import type { Language } from './i18n';

export type RequestKind = 'information' | 'support' | 'workshop';

export interface RequestForm {
  name: string;
  email: string;
  organisation: string;
  message: string;
  kind: RequestKind;
  /** the hidden honeypot field; a person leaves it empty */
  website: string;
}

export interface SampleReportForm {
  name: string;
  email: string;
  website: string;
}

export class FormRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** field name → message, for 400 invalid_fields */
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

async function post<T>(path: string, body: object): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (err) {
    throw new FormRefused(0, 'network', err instanceof Error ? err.message : String(err));
  }
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(await response.text());
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const b = (parsed ?? {}) as { code?: string; message?: string; fields?: Record<string, string> };
    throw new FormRefused(response.status, b.code ?? `http_${response.status}`, b.message ?? response.statusText, b.fields ?? {});
  }
  return parsed as T;
}

export function sendRequest(form: RequestForm, language: Language): Promise<{ id: string }> {
  return post('/api/requests', { ...form, language });
}

export function requestSampleReport(
  form: SampleReportForm,
  language: Language,
): Promise<{ id: string; report_url: string }> {
  return post('/api/sample-report-requests', { ...form, language });
}
