// Path-based routing for the single-page client: patterns like /join/:code, links intercepted so the
// page does not reload, and focus moved to the new page's heading for screen-reader users.

export type Params = Record<string, string>;
/** Renders a route into `main`; may return a cleanup that runs when the route is left. */
export type RouteRender = (main: HTMLElement, params: Params) => void | (() => void);

interface Route {
  pattern: RegExp;
  names: string[];
  render: RouteRender;
}

export function compile(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split('/')
    .map((part) => {
      if (part.startsWith(':')) {
        names.push(part.slice(1));
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { pattern: new RegExp(`^${source}/?$`), names };
}

export class Router {
  private readonly routes: Route[] = [];
  private cleanup: (() => void) | null = null;

  constructor(
    private readonly main: HTMLElement,
    private readonly notFound: RouteRender,
  ) {}

  add(path: string, render: RouteRender): this {
    this.routes.push({ ...compile(path), render });
    return this;
  }

  /** Finds the route for a path; exported for tests. */
  match(path: string): { render: RouteRender; params: Params } | null {
    for (const route of this.routes) {
      const m = route.pattern.exec(path);
      if (m) {
        const params: Params = {};
        route.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1] ?? '')));
        return { render: route.render, params };
      }
    }
    return null;
  }

  start(): void {
    window.addEventListener('popstate', () => this.render());
    document.addEventListener('click', (event) => {
      const a = (event.target as Element | null)?.closest?.('a');
      if (!a || event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      if (a.target || a.hasAttribute('download') || a.origin !== window.location.origin) return;
      if (a.pathname.startsWith('/api/')) return;
      event.preventDefault();
      this.go(a.pathname + a.search);
    });
    this.render(false); // first load: leave focus where the browser puts it
  }

  go(path: string, replace = false): void {
    if (replace) history.replaceState(null, '', path);
    else history.pushState(null, '', path);
    this.render();
    // a new page opens at its top, not where the last one was scrolled to (back and forward keep theirs)
    window.scrollTo(0, 0);
  }

  /** Renders the current location again (e.g. after a language switch). */
  render(focus = true): void {
    this.cleanup?.();
    this.cleanup = null;
    this.main.textContent = '';
    const found = this.match(window.location.pathname);
    const result = found ? found.render(this.main, found.params) : this.notFound(this.main, {});
    if (typeof result === 'function') this.cleanup = result;
    if (focus) focusHeading(this.main);
  }
}

/** Moves focus to the first h1 of `root` (made focusable), so a route change is announced. */
export function focusHeading(root: HTMLElement): void {
  const heading = root.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
  }
}
