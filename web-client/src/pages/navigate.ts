// The navigation function pages receive, so they do not import the router (and tests can pass a spy).
export type Navigate = (path: string, replace?: boolean) => void;
