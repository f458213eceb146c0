// Saving a file the server sent, under the name its Content-Disposition gives: the replay's exports and the
// desk's CSV and reports are fetched with the token in a header (never in the URL, where logs would keep it)
// and handed to the browser through a temporary object URL.

/** Saves the response's body under the server's file name (or `fallbackName`); returns the name used. */
export async function saveResponse(r: Response, fallbackName: string): Promise<string> {
  const disposition = r.headers.get('Content-Disposition') ?? '';
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await r.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return filename;
}
