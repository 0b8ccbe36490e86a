// The layout layer of the quote extractor: paragraphs, quotations and sentences as offsets into the
// body. Nothing here knows about speakers; it only says where quoted words are, so the rules that
// look for attributions can read the reporter's words without tripping over the speaker's.
import { ABBREVIATIONS } from './quotes-lexicon.js';

export interface Range {
  start: number;
  end: number;
}

export interface Quotation {
  /** Index of the opening mark. */
  open: number;
  /** Index of the closing mark; null when the quotation runs on into the next paragraph. */
  close: number | null;
  /** The quoted words, marks and surrounding spaces excluded. */
  inner: Range;
  paragraph: number;
}

/** Stands in for quoted text in the masked body: not a letter, a space or punctuation. */
export const MASK = '\u00B7';

const OPENING_MARK = '\u201C';
const CLOSING_MARK = '\u201D';

/** Paragraphs are separated by a blank line; each range is trimmed. */
export function splitParagraphs(body: string): Range[] {
  const paragraphs: Range[] = [];
  const push = (start: number, end: number) => {
    const text = body.slice(start, end);
    const lead = text.length - text.trimStart().length;
    const trail = text.length - text.trimEnd().length;
    if (end - trail > start + lead) paragraphs.push({ start: start + lead, end: end - trail });
  };
  let start = 0;
  for (const match of body.matchAll(/\n[ \t]*\n/g)) {
    push(start, match.index);
    start = match.index + match[0].length;
  }
  push(start, body.length);
  return paragraphs;
}

type MarkRole = 'open' | 'close' | 'either';

/**
 * Curly marks say which way they face; a straight mark is read from its neighbours: after a space
 * and before a word it opens, after a word and before a space or punctuation it closes. Single
 * marks are never quotation marks here, so apostrophes (don’t, U.S.’s) and quotes nested inside a
 * quotation are plain text.
 */
function markRole(text: string, at: number): MarkRole | null {
  const mark = text[at];
  if (mark === OPENING_MARK) return 'open';
  if (mark === CLOSING_MARK) return 'close';
  if (mark !== '"') return null;
  const before = text[at - 1];
  const after = text[at + 1];
  const opens = before === undefined || /[\s([{\u2014\u2013/-]/.test(before);
  const closes = after === undefined || /[\s.,;:!?)\]}\u2014\u2013-]/.test(after);
  if (opens && !closes) return 'open';
  if (closes && !opens) return 'close';
  return 'either';
}

function opensWithMark(body: string, paragraph: Range | undefined): boolean {
  if (!paragraph) return false;
  const role = markRole(body, paragraph.start);
  return role === 'open' || role === 'either';
}

/**
 * The quotations of every paragraph. A quotation never crosses a paragraph break, except in the
 * newspaper convention for a long quote: a paragraph that leaves its quotation open continues into
 * the next one when that paragraph opens with a quotation mark. Any other unclosed mark is ignored,
 * so a stray mark never swallows the rest of the article.
 */
export function findQuotations(body: string, paragraphs: Range[]): Quotation[] {
  const quotations: Quotation[] = [];
  paragraphs.forEach((paragraph, index) => {
    let open: number | null = null;
    for (let at = paragraph.start; at < paragraph.end; at++) {
      const role = markRole(body, at);
      if (role === null) continue;
      if (open === null) {
        if (role !== 'close') open = at;
      } else if (role === 'open') {
        // An opening mark while one is open: the earlier mark was never closed.
        open = at;
      } else {
        quotations.push({ open, close: at, inner: trimRange(body, open + 1, at), paragraph: index });
        open = null;
      }
    }
    if (open !== null && opensWithMark(body, paragraphs[index + 1])) {
      quotations.push({ open, close: null, inner: trimRange(body, open + 1, paragraph.end), paragraph: index });
    }
  });
  return quotations.filter((quotation) => /\p{L}/u.test(body.slice(quotation.inner.start, quotation.inner.end)));
}

function trimRange(body: string, start: number, end: number): Range {
  let from = start;
  let to = end;
  while (from < to && /\s/.test(body[from] ?? '')) from++;
  while (to > from && /\s/.test(body[to - 1] ?? '')) to--;
  return { start: from, end: to };
}

/**
 * The body with every quoted character replaced by MASK (same length, marks kept), so the rules
 * that read the reporter's sentences never match words inside a quotation ("as I’ve said").
 */
export function maskQuotations(body: string, quotations: Quotation[], paragraphs: Range[]): string {
  // split('') yields UTF-16 code units, so offsets in the masked body match the body's.
  const chars = body.split('');
  for (const quotation of quotations) {
    const end = quotation.close ?? paragraphs[quotation.paragraph]?.end ?? quotation.inner.end;
    for (let at = quotation.open + 1; at < end; at++) chars[at] = MASK;
  }
  return chars.join('');
}

/**
 * Sentences of the reporter's text, never crossing a paragraph and never ending inside a quotation:
 * a quoted sentence's full stop ends the reporter's sentence only when the quotation closes right
 * after it and a new sentence follows.
 */
export function splitSentences(body: string, masked: string, paragraphs: Range[]): Range[] {
  const sentences: Range[] = [];
  for (const paragraph of paragraphs) {
    let start = paragraph.start;
    for (let at = paragraph.start; at < paragraph.end; at++) {
      if (!endsSentence(body, masked, at, paragraph.end)) continue;
      sentences.push({ start, end: at + 1 });
      start = at + 1;
      while (start < paragraph.end && /\s/.test(body[start] ?? '')) start++;
    }
    if (start < paragraph.end) sentences.push({ start, end: paragraph.end });
  }
  return sentences;
}

function endsSentence(body: string, masked: string, at: number, paragraphEnd: number): boolean {
  const char = masked[at] ?? '';
  const closesQuotedSentence = (char === CLOSING_MARK || char === '"') && /[.!?]/.test(body[at - 1] ?? '');
  if (!/[.!?]/.test(char) && !closesQuotedSentence) return false;
  if (at + 1 >= paragraphEnd) return false;
  if (/[\u201D"')\]]/.test(masked[at + 1] ?? '')) return false;
  if (!/^\s+[\p{Lu}\u201C"\d]/u.test(masked.slice(at + 1, at + 4))) return false;
  if (char !== '.') return true;
  const word = /[\p{L}.]+$/u.exec(masked.slice(Math.max(0, at - 20), at + 1))?.[0] ?? '';
  if (/^(?:\p{L}\.)+$/u.test(word)) return false;
  return !ABBREVIATIONS.has(word.replace(/\.$/, '').toLowerCase());
}

/**
 * Where the end of text[from, to) holding its last `count` non-space characters starts (`from` when
 * it holds fewer). A rule anchored at the end (`…$`) whose match holds fewer than `count` non-space
 * characters gives the same answer on that end as on all of text[from, to), so a rule about the
 * words just before a verb reads a few characters, not the sentence up to the verb, however long.
 */
export function tailStart(text: string, from: number, to: number, count: number): number {
  let seen = 0;
  for (let at = to - 1; at >= from; at--) {
    if (/\s/.test(text[at] ?? '')) continue;
    if (++seen === count) return at;
  }
  return from;
}

/** The last word (a run of non-space characters) in text[from, to), or null. */
export function lastWordIn(text: string, from: number, to: number): Range | null {
  let end = to;
  while (end > from && /\s/.test(text[end - 1] ?? '')) end--;
  let start = end;
  while (start > from && !/\s/.test(text[start - 1] ?? '')) start--;
  return start < end ? { start, end } : null;
}
