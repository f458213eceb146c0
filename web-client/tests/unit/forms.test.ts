// The public forms page with a stubbed fetch: empty required fields are reported without a request; the
// server's per-field messages land at their fields (aria-invalid, aria-describedby); the bodies sent carry
// the page's language and the honeypot.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderForms } from '../../src/pages/forms';

function page(): HTMLElement {
  document.body.innerHTML = '<main id="main"></main>';
  const main = document.getElementById('main') as HTMLElement;
  renderForms(main);
  return main;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => vi.unstubAllGlobals());

describe('public forms', () => {
  it('report empty required fields at the fields, without sending', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const main = page();
    const form = main.querySelector('[data-testid=request-form]') as HTMLFormElement;
    form.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
    expect(fetch).not.toHaveBeenCalled();
    const name = form.querySelector('[data-testid=field-name]') as HTMLInputElement;
    const error = form.querySelector('[data-testid=error-name]') as HTMLElement;
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(name.getAttribute('aria-describedby')).toBe(error.id);
    expect(error.textContent).toBe('Vul dit veld in.');
    expect(form.querySelector('[data-testid=field-organisation]')!.getAttribute('aria-invalid')).toBeNull();
  });

  it('show the server’s per-field messages and send language, kind and honeypot', async () => {
    const fetch = vi.fn(async () =>
      new Response(JSON.stringify({ code: 'invalid_fields', message: 'x', fields: { email: 'Geen geldig adres.' } }), {
        status: 400,
      }),
    );
    vi.stubGlobal('fetch', fetch);
    const main = page();
    const form = main.querySelector('[data-testid=request-form]') as HTMLFormElement;
    (form.querySelector('[data-testid=field-name]') as HTMLInputElement).value = 'Anne';
    (form.querySelector('[data-testid=field-email]') as HTMLInputElement).value = 'anne@gemeente';
    (form.querySelector('[data-testid=kind-workshop]') as HTMLInputElement).checked = true;
    form.dispatchEvent(new Event('submit', { cancelable: true }));
    await vi.waitFor(() =>
      expect(form.querySelector('[data-testid=error-email]')!.textContent).toBe('Geen geldig adres.'),
    );
    expect(form.querySelector('[data-testid=field-email]')!.getAttribute('aria-invalid')).toBe('true');
    expect(form.querySelector('[data-testid=field-name]')!.getAttribute('aria-invalid')).toBeNull();
    const [path, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe('/api/requests');
    expect(JSON.parse(String(init.body))).toEqual({
      name: 'Anne',
      email: 'anne@gemeente',
      organisation: '',
      message: '',
      kind: 'workshop',
      website: '',
      language: 'nl',
    });
  });

  it('keep the honeypot out of sight and out of the tab order', () => {
    const main = page();
    const trap = main.querySelector('input[name=website]') as HTMLInputElement;
    expect(trap.tabIndex).toBe(-1);
    expect(trap.closest('[aria-hidden=true]')).not.toBeNull();
  });
});
