// Statement spans: `body.slice(start, end)` must be the statement's text. One wording for every place
// that checks it (the seed loader, the NDJSON importer, the statement mutations).

/** Where `text` does occur in `body`, for a message about a span that missed it. */
export function whereTextOccurs(body: string, text: string): string {
  const found = body.indexOf(text);
  return found === -1 ? 'the text does not occur in the body' : `the text occurs at [${found}, ${found + text.length}]`;
}

/** Why `body.slice(start, end)` is not `text`, or null when it is. */
export function spanProblem(body: string, [start, end]: readonly [number, number], text: string): string | null {
  if (end <= start) return `end (${end}) must be greater than start (${start})`;
  if (end > body.length) return `end (${end}) is past the end of the body (${body.length})`;
  const actual = body.slice(start, end);
  if (actual === text) return null;
  return `body.slice(${start}, ${end}) is ${JSON.stringify(actual)}, not the statement text; ${whereTextOccurs(body, text)}`;
}
