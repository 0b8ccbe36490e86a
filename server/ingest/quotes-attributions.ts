// Where the reporter says that someone said something: each verb of saying in the reporter's own
// sentences (quoted words are masked out), with its subject, the quotations it stands next to and
// the clause it reports. Speakers are resolved here too, in reading order, because a pronoun means
// whoever was speaking last.
import { ACT_VERBS, CLAUSE_VERBS, QUOTE_ONLY_VERBS } from './quotes-lexicon.js';
import type { SpeakerRegistry } from './quotes-registry.js';
import { type SpeakerPhrase, subjectAfter, subjectBefore } from './quotes-speakers.js';
import { type Quotation, type Range, tailStart } from './quotes-text.js';

/** How much a reference is trusted before the statement's own rule lowers it. */
export const CONFIDENCE = {
  named: 0.95,
  /** A surname more than one known person bears. */
  ambiguousName: 0.8,
  pronoun: 0.85,
  it: 0.7,
  /** Taken from another quotation or from the sentence rather than an attribution next to it. */
  inheritedPenalty: 0.1,
  paraphrasePenalty: 0.2,
  /** "Clause, Lu said." and "according to": the clause boundary is a guess. */
  loosePenalty: 0.25,
  unattributed: 0.3,
};

const VERB_PATTERN = new RegExp(
  `\\b(?:[Aa]ccording to|${[...ACT_VERBS, ...CLAUSE_VERBS, ...QUOTE_ONLY_VERBS].join('|')})\\b`,
  'g',
);
export const CLAUSE_VERB_GROUP = CLAUSE_VERBS.join('|');
const QUOTE_MARK_OR_MASK = /[\u201C\u201D"\u00B7]/;

export interface Layout {
  body: string;
  /** The body with quoted words masked: what the attribution rules read. */
  masked: string;
  paragraphs: Range[];
  sentences: Range[];
  quotations: Quotation[];
}

interface Clause extends Range {
  /** A reported clause holding a quotation is left to the quotation (the seed's convention). */
  containsQuote: boolean;
  penalty: number;
}

export interface Attribution {
  start: number;
  end: number;
  sentence: number;
  /** Null when the verb shares the subject of the one before it ("…, and maintains …"). */
  phrase: SpeakerPhrase | null;
  inheritsFrom: Attribution | null;
  /** Quotations this attribution stands next to: closing just before it, or opening just after. */
  quotations: number[];
  clause: Clause | null;
  speaker: number | null;
  confidence: number;
}

type MakeAttribution = (
  start: number,
  end: number,
  phrase: SpeakerPhrase | null,
  inheritsFrom: Attribution | null,
) => Attribution;

const QUOTE_ONLY: readonly string[] = QUOTE_ONLY_VERBS;
/** More non-space characters than any rule anchored at the end of the text before a verb matches. */
const TAIL = 16;
const REPORTS_AN_ACT: readonly string[] = ACT_VERBS;

export function findAttributions(layout: Layout): Attribution[] {
  const attributions: Attribution[] = [];
  layout.sentences.forEach((sentence, index) => {
    const text = layout.masked.slice(sentence.start, sentence.end);
    let skipUntil = -1;
    let previous: Attribution | null = null;
    for (const match of text.matchAll(VERB_PATTERN)) {
      const verb = { start: sentence.start + match.index, end: sentence.start + match.index + match[0].length };
      // A verb inside a reported clause ("He said Beijing has stressed …") reports nothing new.
      if (verb.start < skipUntil) continue;
      const attribution = readAttribution(layout, index, verb, match[0].toLowerCase(), previous);
      if (!attribution) continue;
      attributions.push(attribution);
      previous = attribution;
      if (attribution.clause) skipUntil = attribution.clause.end;
    }
  });
  return attributions;
}

function readAttribution(
  layout: Layout,
  sentenceIndex: number,
  verb: Range,
  word: string,
  previous: Attribution | null,
): Attribution | null {
  const sentence = layout.sentences[sentenceIndex] as Range;
  // The rules below only look at the last few words before the verb.
  const before = layout.masked.slice(tailStart(layout.masked, sentence.start, verb.start, TAIL), verb.start);
  const make: MakeAttribution = (start, end, phrase, inheritsFrom) => ({
    start,
    end,
    sentence: sentenceIndex,
    phrase,
    inheritsFrom,
    clause: null,
    speaker: null,
    confidence: 0,
    quotations: adjacentQuotations(layout, start, end),
  });

  if (word === 'according to') return readAccordingTo(layout, sentenceIndex, verb, make);

  const participle = word === 'adding' || word === 'saying';
  const coordinated = /(?:,\s*|\s+)and\s+(?:also\s+)?$/.test(before) || (participle && /,\s*$/.test(before));
  if (coordinated && previous) {
    const attribution = make(verb.start, verb.end, null, previous);
    attribution.clause = reportedClause(layout, sentence, verb, word);
    return attribution;
  }
  if (participle) return readParticiple(layout, sentenceIndex, verb, word, make);

  // Inverted order: "…,” said Elizabeth Rosenberg, …" or "Clause, said X."
  if (/[,\u201D"]\s*$/.test(before)) {
    const phrase = subjectAfter(layout.masked, verb.end, sentence.end);
    const afterQuotation = /[\u201D"],?\s*$/.test(before);
    if (phrase && (afterQuotation || isAttributionTail(layout, phrase.end, sentence.end))) {
      const attribution = make(verb.start, phrase.end, phrase, null);
      if (attribution.quotations.length === 0) attribution.clause = precedingClause(layout, sentence, verb.start);
      return attribution;
    }
  }

  const phrase = subjectBefore(layout.masked, sentence.start, verb.start);
  if (!phrase) return null;
  const attribution = make(phrase.start, verb.end, phrase, null);
  if (attribution.quotations.length > 0 || QUOTE_ONLY.includes(word)) return attribution;
  // "as Lu said, …" sets up the reporter's own sentence; it reports no clause.
  if (/\b[Aa]s\s+$/.test(layout.masked.slice(tailStart(layout.masked, sentence.start, phrase.start, TAIL), phrase.start))) return attribution;
  attribution.clause = reportedClause(layout, sentence, verb, word);
  if (!attribution.clause && isAttributionTail(layout, verb.end, sentence.end)) {
    attribution.clause = precedingClause(layout, sentence, phrase.start);
  }
  return attribution;
}

/**
 * "Lukashenko has dismissed the sanctions, saying they hurt Europe more": the participle reports
 * what the sentence's subject said.
 */
function readParticiple(
  layout: Layout,
  sentenceIndex: number,
  verb: Range,
  word: string,
  make: MakeAttribution,
): Attribution | null {
  const sentence = layout.sentences[sentenceIndex] as Range;
  if (!/,\s*$/.test(layout.masked.slice(tailStart(layout.masked, sentence.start, verb.start, TAIL), verb.start))) return null;
  const phrase = subjectAfter(layout.masked, sentence.start, verb.start);
  if (!phrase) return null;
  const attribution = make(phrase.start, phrase.end, phrase, null);
  if (attribution.quotations.length > 0) return attribution;
  const clause = clauseAfter(layout, sentence, verb, word);
  attribution.clause = clause && { ...clause, penalty: CONFIDENCE.loosePenalty };
  return attribution;
}

/** "According to X, clause." or "Clause, according to X." */
function readAccordingTo(
  layout: Layout,
  sentenceIndex: number,
  verb: Range,
  make: MakeAttribution,
): Attribution | null {
  const sentence = layout.sentences[sentenceIndex] as Range;
  const phrase = subjectAfter(layout.masked, verb.end, sentence.end);
  if (!phrase) return null;
  const attribution = make(verb.start, phrase.end, phrase, null);
  if (attribution.quotations.length > 0) return attribution;
  const before = layout.masked.slice(sentence.start, verb.start).trim();
  const after = layout.masked.slice(phrase.end, sentence.end);
  if (before === '' && /^\s*,/.test(after)) {
    const start = phrase.end + (/^\s*,\s*/.exec(after)?.[0].length ?? 0);
    const end = clauseEnd(layout.masked, start, sentence.end);
    if (end > start) {
      const containsQuote = QUOTE_MARK_OR_MASK.test(layout.masked.slice(start, end));
      attribution.clause = { start, end, containsQuote, penalty: CONFIDENCE.loosePenalty };
    }
  } else if (before.endsWith(',')) {
    attribution.clause = precedingClause(layout, sentence, verb.start);
  }
  return attribution;
}

/** Between an attribution and the quotation it introduces: nothing, a comma, or "… in a statement:". */
const GAP_BEFORE_QUOTATION = /^(?:\s*[:,]?\s*|[^.!?;\u201C\u201D"\u00B7]{0,60}:\s*)$/;

/**
 * Quotations that close right before `start` or open right after `end` (", " or ": " between),
 * in the same paragraph: an attribution never reaches across a paragraph break. Quotations are in
 * body order and never overlap, and neither gap may hold a quotation mark, so only two can qualify:
 * the last to close before `start` and the first to open at or after `end`.
 */
function adjacentQuotations(layout: Layout, start: number, end: number): number[] {
  const adjacent: number[] = [];
  const sameParagraph = (gap: string) => !/\n\s*\n/.test(gap);
  const { quotations } = layout;
  const closing = lastClosedBefore(quotations, start);
  const closed = quotations[closing];
  if (closed?.close != null) {
    const after = layout.masked.slice(closed.close + 1, start);
    if (/^[\s,]*$/.test(after) && sameParagraph(after)) adjacent.push(closing);
  }
  const opening = firstOpenAtOrAfter(quotations, end);
  const opened = quotations[opening];
  if (opened) {
    const before = layout.masked.slice(end, opened.open);
    if (GAP_BEFORE_QUOTATION.test(before) && sameParagraph(before)) adjacent.push(opening);
  }
  return adjacent;
}

/** The index of the last quotation that opens before `offset` (-1 if none), by binary search. */
function lastOpenBefore(quotations: Quotation[], offset: number): number {
  let low = 0;
  let high = quotations.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((quotations[middle] as Quotation).open < offset) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/**
 * The quotation closing nearest before `offset`, or -1. When the last to open before `offset` has
 * not closed by then, an earlier one's gap holds that quotation's opening mark, so none qualifies.
 */
function lastClosedBefore(quotations: Quotation[], offset: number): number {
  const index = lastOpenBefore(quotations, offset);
  const close = quotations[index]?.close;
  return close != null && close < offset ? index : -1;
}

function firstOpenAtOrAfter(quotations: Quotation[], offset: number): number {
  return lastOpenBefore(quotations, offset) + 1;
}

/** What may follow an attribution at the end of a sentence: nothing, a place or time, "…, referring to". */
function isAttributionTail(layout: Layout, from: number, to: number): boolean {
  const text = layout.masked.slice(from, to).trim();
  return (
    /^[.!?]?$/.test(text) ||
    /^,\s+\p{Ll}+ing\b/u.test(text) ||
    // A place or time running to the sentence's end, with no comma, semicolon or quotation after it.
    (/^(?:on|in|at|during|after|before|to|from|by|with|late|earlier|last)\b/.test(text) && !holds(layout, TAIL_STOP, from, to))
  );
}

const TAIL_STOP = /[,;\u201C\u201D"\u00B7]/;

const TOLD_OBJECT =
  /^\s+(?:reporters|journalists|lawmakers|legislators|him|her|them|us|me|the\s+(?:press|media|\p{Lu}[\p{L}.’'-]*(?:\s+\p{Lu}[\p{L}.’'-]*)*)|\p{Lu}[\p{L}.’'-]*(?:\s+\p{Lu}[\p{L}.’'-]*)*)(?=[\s,.;:])/u;
const THAT_AFTER_ADJUNCT =
  /^\s+(?:(?:on|in|at|during|after|before|late|earlier|last|this)\b[^,.;:\u201C\u201D"\u00B7]{0,60}?|\p{Lu}\p{Ll}+day)\s+that\s+/u;
const WEEKDAY = /^\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s+(?:that\s+)?/;
const ADJUNCT_START =
  /^,?\s*(?:on|in|at|during|after|before|to|from|with|by|for|of|about|while|when|as|later|earlier|afterward|recently|yesterday|today|last|this|through|via|over|under|so|not)\b/i;

/** What a verb reports: the clause after it, or for "called for" and "urged" the act itself. */
function reportedClause(layout: Layout, sentence: Range, verb: Range, word: string): Clause | null {
  if (!REPORTS_AN_ACT.includes(word)) return clauseAfter(layout, sentence, verb, word);
  const end = clauseEnd(layout.masked, verb.end, sentence.end);
  const text = layout.masked.slice(verb.start, end);
  return { start: verb.start, end, containsQuote: QUOTE_MARK_OR_MASK.test(text), penalty: CONFIDENCE.paraphrasePenalty };
}

/** The reported clause after a verb of saying: "Lu said (that) <clause>." */
function clauseAfter(layout: Layout, sentence: Range, verb: Range, word: string): Clause | null {
  let from = verb.end;
  if (word === 'told' || word === 'tells') {
    const object = TOLD_OBJECT.exec(layout.masked.slice(from, sentence.end));
    if (!object) return null;
    from += object[0].length;
  }
  const rest = layout.masked.slice(from, sentence.end);
  const lead = THAT_AFTER_ADJUNCT.exec(rest) ?? /^\s+that\s+/.exec(rest) ?? WEEKDAY.exec(rest);
  if (lead) from += lead[0].length;
  else if (ADJUNCT_START.test(rest) || /^\s*(?:[.,;:!?]|$)/.test(rest)) return null;
  while (/\s/.test(layout.masked[from] ?? '')) from++;
  const end = clauseEnd(layout.masked, from, sentence.end);
  if (layout.masked.slice(from, end).split(/\s+/).length < 2) return null;
  return {
    start: from,
    end,
    containsQuote: QUOTE_MARK_OR_MASK.test(layout.masked.slice(from, end)),
    penalty: CONFIDENCE.paraphrasePenalty,
  };
}

const CLAUSE_STOPS = [
  /;/,
  new RegExp(`,?\\s+and\\s+(?:also\\s+)?(?:${CLAUSE_VERB_GROUP}|${ACT_VERBS.join('|')})\\b`),
  new RegExp(`,?\\s+(?:and|but|while)\\s+(?:he|she|it|they|(?:\\p{Lu}[\\p{L}.’'-]*\\s+){1,4})(?:${CLAUSE_VERB_GROUP})\\b`, 'u'),
  /,\s+(?:adding|saying)\b/,
  /,\s+according to\b/,
  /,\s+(?:he|she|it|they)\s+(?:said|added|says)\b/,
  /,\s+said\b/,
];

/**
 * The first of CLAUSE_STOPS, as one pattern: its match is where the first of them matches, found
 * without running every one of them to its own first match, far along a long sentence.
 */
const CLAUSE_STOP = new RegExp(CLAUSE_STOPS.map((stop) => `(?:${stop.source})`).join('|'), 'u');

/** Where a reported clause starting at `from` ends: before the sentence's final stop or a new report. */
function clauseEnd(masked: string, from: number, limit: number): number {
  const text = masked.slice(from, limit);
  const end = CLAUSE_STOP.exec(text)?.index ?? text.length;
  let clause = text.slice(0, end).trimEnd();
  // The sentence's full stop belongs to the reporter, unless it is also an abbreviation's ("U.S.").
  if (!/(?:\b\p{L}\.){2,}$/u.test(clause)) clause = clause.replace(/[.!?]$/, '');
  clause = clause.replace(/[\s,;:\u2014\u2013-]+$/, '');
  return from + clause.length;
}

const CLAUSE_OPENERS_TO_REFUSE =
  /^(?:In|On|At|During|After|Before|Later|Earlier|Speaking|Asked|According|When|While|As|Since|If|Then|Meanwhile|However)\b/;

/** "The sanctions will fail, Lu said.": the clause before the comma that precedes the attribution. */
function precedingClause(layout: Layout, sentence: Range, attributionStart: number): Clause | null {
  const before = layout.masked.slice(sentence.start, attributionStart).trimEnd();
  if (!before.endsWith(',')) return null;
  const end = sentence.start + before.length - 1;
  const text = layout.masked.slice(sentence.start, end);
  // Four words are enough to count: a limit keeps the split from reading a long sentence whole.
  if (holds(layout, QUOTE_MARK_OR_MASK, sentence.start, end) || CLAUSE_OPENERS_TO_REFUSE.test(text) || text.split(/\s+/, 4).length < 4) return null;
  return { start: sentence.start, end, containsQuote: false, penalty: CONFIDENCE.loosePenalty };
}

const OFFSETS = new WeakMap<Layout, Map<RegExp, number[]>>();

/**
 * Whether masked[start, end) holds a character `chars` matches, by binary search among the offsets
 * of all of them, found once per article: the text before an attribution starts with its sentence,
 * the text after one runs to its end, and a long sentence may hold many attributions.
 */
function holds(layout: Layout, chars: RegExp, start: number, end: number): boolean {
  let byPattern = OFFSETS.get(layout);
  if (!byPattern) OFFSETS.set(layout, (byPattern = new Map()));
  let offsets = byPattern.get(chars);
  if (!offsets) {
    offsets = [...layout.masked.matchAll(new RegExp(chars.source, 'g'))].map((match) => match.index);
    byPattern.set(chars, offsets);
  }
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((offsets[middle] as number) < start) low = middle + 1;
    else high = middle;
  }
  return low < offsets.length && (offsets[low] as number) < end;
}

/** Resolves every attribution's subject in reading order, so "he" and "Kim" mean whoever came last. */
export function resolveSpeakers(attributions: Attribution[], registry: SpeakerRegistry): void {
  const inOrder = [...attributions].sort((a, b) => a.start - b.start);
  for (const attribution of inOrder) {
    if (attribution.inheritsFrom) {
      attribution.speaker = attribution.inheritsFrom.speaker;
      attribution.confidence = attribution.inheritsFrom.confidence;
      continue;
    }
    const ref = attribution.phrase?.ref;
    if (!ref) continue;
    const ambiguous = ref.type === 'named' && ref.kind === 'PERSON' && registry.isAmbiguous(ref.name);
    attribution.speaker = registry.resolve(ref, attribution.start);
    if (ref.type === 'pronoun') attribution.confidence = ref.pronoun === 'it' ? CONFIDENCE.it : CONFIDENCE.pronoun;
    else attribution.confidence = ambiguous ? CONFIDENCE.ambiguousName : CONFIDENCE.named;
  }
}

/** The descriptor written at the attribution, or at the one whose subject it shares. */
export function roleOf(attribution: Attribution): string | null {
  return attribution.phrase?.role ?? attribution.inheritsFrom?.phrase?.role ?? null;
}
