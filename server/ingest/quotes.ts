// A deterministic, rule-based reader of who said what in a news article body: direct and partial
// quotations and reported speech (paraphrase), each with its speaker and a span into the body.
//
// It is a pure function of the body text. The rules follow the seed annotation's conventions
// (seeds/README.md, "Annotation rules"): a quotation's span excludes its marks and the comma an
// attribution introduces, keeps the full stop of a complete quoted sentence and drops a partial
// quote's; a paraphrase covers the reported clause after the verb of saying. The layout rules live
// in quotes-text.ts, the attribution rules in quotes-attributions.ts, the speaker rules in
// quotes-speakers.ts, the word lists in quotes-lexicon.ts.
import type { ActorKind, StatementKind } from '../store/enums.js';
import {
  type Attribution,
  CLAUSE_VERB_GROUP,
  CONFIDENCE,
  findAttributions,
  type Layout,
  resolveSpeakers,
  roleOf,
} from './quotes-attributions.js';
import { CLAUSE_VERBS, QUOTE_ONLY_VERBS } from './quotes-lexicon.js';
import { SpeakerRegistry } from './quotes-registry.js';
import {
  findQuotations,
  maskQuotations,
  type Quotation,
  type Range,
  splitParagraphs,
  splitSentences,
} from './quotes-text.js';

export interface SpeakerMention {
  /** Fullest name the article gives ("Lu Kang", "Victor Cha", "China's Foreign Ministry"; "China" for "Beijing"). */
  name: string;
  /** PERSON for people; GOVERNMENT_BODY / ORGANIZATION / STATE etc. for institutional speakers. */
  kind: ActorKind;
  /** Role/title from the descriptor, e.g. "Chinese Foreign Ministry spokesman", "sanctions expert at …"; null if none. */
  role: string | null;
  /** Organization named in the descriptor ("Center for a New American Security"), null if none. */
  organization: string | null;
  /** Other forms the article uses for this speaker (surname "Lu", "Cha"; the capital "Beijing" for China). */
  aliases: string[];
}

export interface ExtractedStatement {
  kind: StatementKind;
  /** Equals body.slice(spanStart, spanEnd). */
  text: string;
  spanStart: number;
  spanEnd: number;
  /** Index into `speakers`. */
  speaker: number;
  /** The descriptor as written at this statement, if any (leading article dropped, as the seed does). */
  speakerRole: string | null;
  /** 0..1: how sure the rules are (a named attribution next to a quote high; pronouns and paraphrase lower). */
  confidence: number;
}

export interface Extraction {
  speakers: SpeakerMention[];
  statements: ExtractedStatement[];
}

type Candidate = Omit<ExtractedStatement, 'text'>;

/**
 * The statements in an article body (as parseArticleText returns it), in body order, one per span,
 * with the speakers they are attributed to. Quotations and reported speech nobody can be named for
 * (an anonymous official, "the ministry") are left out rather than guessed.
 */
export function extractStatements(body: string): Extraction {
  const paragraphs = splitParagraphs(body);
  const quotations = findQuotations(body, paragraphs);
  const masked = maskQuotations(body, quotations, paragraphs);
  const layout: Layout = { body, masked, paragraphs, quotations, sentences: splitSentences(body, masked, paragraphs) };

  const attributions = findAttributions(layout);
  const registry = new SpeakerRegistry();
  resolveSpeakers(attributions, registry);

  const candidates = [...quotationStatements(layout, attributions), ...paraphraseStatements(attributions)];
  return assemble(body, candidates, registry);
}

interface Assignment {
  speaker: number;
  confidence: number;
  role: string | null;
}

/**
 * Each quotation's speaker, by the strongest rule that applies: an attribution next to it; one in
 * the same sentence; the speaker of a neighbouring quotation in the same paragraph or the same
 * multi-paragraph quote; else, for a quotation standing alone, the most recent speaker (low
 * confidence). A partial quote with no one saying anything in its sentence is a term in scare
 * quotes ("so-called"), not a statement, and is skipped.
 */
function quotationStatements(layout: Layout, attributions: Attribution[]): Candidate[] {
  const resolved = attributions.filter((attribution) => attribution.speaker !== null);
  const assigned: (Assignment | null)[] = layout.quotations.map(() => null);
  const assign = (index: number, attribution: Attribution, penalty: number) => {
    if (assigned[index] || attribution.speaker === null) return;
    const confidence = attribution.confidence - penalty;
    assigned[index] = { speaker: attribution.speaker, confidence, role: roleOf(attribution) };
  };

  // An attribution after a quotation wins over one before the next: "“A,” he said, “B.”"
  for (const attribution of resolved) {
    for (const index of attribution.quotations) {
      const quotation = layout.quotations[index];
      if (quotation && quotation.open < attribution.start) assign(index, attribution, 0);
    }
  }
  for (const attribution of resolved) for (const index of attribution.quotations) assign(index, attribution, 0);

  const bySentence = new Map<number, Attribution[]>();
  for (const attribution of resolved) {
    const group = bySentence.get(attribution.sentence);
    if (group) group.push(attribution);
    else bySentence.set(attribution.sentence, [attribution]);
  }
  const byStart = new Map([...bySentence].map(([sentence, group]) => [sentence, sortedByStart(group)]));
  layout.quotations.forEach((quotation, index) => {
    const nearest = nearestTo(byStart.get(sentenceAt(layout.sentences, quotation.open)) ?? [], quotation.open);
    if (nearest) assign(index, nearest, CONFIDENCE.inheritedPenalty);
  });

  inheritFromNeighbours(layout, assigned);

  const candidates: Candidate[] = [];
  const unknown = layout.quotations.map((_, index) => hasUnresolvedAttribution(layout, index));
  const attributedToSomeoneElse = (index: number) =>
    unknown[index] ||
    (unknown[index - 1] === true && related(layout.quotations[index - 1], layout.quotations[index])) ||
    (unknown[index + 1] === true && related(layout.quotations[index], layout.quotations[index + 1]));
  const latestBefore = latestAttributionsBefore(layout.quotations, resolved);
  layout.quotations.forEach((quotation, index) => {
    const kind = quotationKind(layout, index);
    let assignment = assigned[index] ?? null;
    if (!assignment && kind === 'DIRECT_QUOTE' && !attributedToSomeoneElse(index)) {
      const recent = latestBefore[index];
      if (recent?.speaker != null) assignment = { speaker: recent.speaker, confidence: CONFIDENCE.unattributed, role: null };
    }
    if (!assignment) return;
    const span = quotationSpan(layout.body, quotation, kind);
    if (span.end <= span.start) return;
    candidates.push({
      kind,
      spanStart: span.start,
      spanEnd: span.end,
      speaker: assignment.speaker,
      speakerRole: assignment.role,
      confidence: assignment.confidence,
    });
  });
  return candidates;
}

/** The index of the sentence holding `offset` (-1 if none): sentences are in body order and do not overlap. */
function sentenceAt(sentences: Range[], offset: number): number {
  let low = 0;
  let high = sentences.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sentences[middle] as Range).end <= offset) low = middle + 1;
    else high = middle;
  }
  const sentence = sentences[low];
  return sentence && sentence.start <= offset ? low : -1;
}

interface Placed {
  attribution: Attribution;
  /** Where it stands in its sentence's list. */
  position: number;
}

/** A sentence's attributions by start, those with the same start in list order. */
function sortedByStart(attributions: Attribution[]): Placed[] {
  return attributions.map((attribution, position) => ({ attribution, position })).sort((a, b) => a.attribution.start - b.attribution.start);
}

/** The index of the first of `placed` that starts at or after `offset`. */
function firstFrom(placed: Placed[], offset: number): number {
  let low = 0;
  let high = placed.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((placed[middle] as Placed).attribution.start < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The attribution starting nearest `offset`, the earliest in list order on a tie (what sorting the
 * list by distance and taking the first gives), found by binary search rather than by sorting the
 * sentence's attributions once per quotation.
 */
function nearestTo(placed: Placed[], offset: number): Attribution | undefined {
  const after = placed[firstFrom(placed, offset)];
  const closest = placed[firstFrom(placed, offset) - 1];
  // Of those starting at the same offset before it, the first in list order.
  const before = closest && placed[firstFrom(placed, closest.attribution.start)];
  if (!before) return after?.attribution;
  if (!after) return before.attribution;
  const distanceBefore = offset - before.attribution.start;
  const distanceAfter = after.attribution.start - offset;
  if (distanceBefore !== distanceAfter) return (distanceBefore < distanceAfter ? before : after).attribution;
  return (before.position < after.position ? before : after).attribution;
}

/**
 * For each quotation, the last of `attributions` (in their own order, which is not quite body
 * order) that starts before it opens. Quotations are in body order, so one sweep over the
 * attributions sorted by start finds them all.
 */
function latestAttributionsBefore(quotations: Quotation[], attributions: Attribution[]): (Attribution | undefined)[] {
  const byStart = attributions.map((_, index) => index).sort((a, b) => (attributions[a] as Attribution).start - (attributions[b] as Attribution).start);
  let next = 0;
  let latest = -1;
  return quotations.map((quotation) => {
    while (next < byStart.length && (attributions[byStart[next] as number] as Attribution).start < quotation.open) {
      latest = Math.max(latest, byStart[next] as number);
      next++;
    }
    return attributions[latest];
  });
}

const ANY_SAYING_VERB = `(?:${[...CLAUSE_VERBS, ...QUOTE_ONLY_VERBS].join('|')})`;
const VERB_AFTER_QUOTATION = new RegExp(`^,?[^\\S\\n]+[^.!?;\\n\u201C\u201D"\u00B7]{0,80}?\\b${ANY_SAYING_VERB}\\b`);
const VERB_BEFORE_QUOTATION = new RegExp(`\\b${ANY_SAYING_VERB}[^\\S\\n]*[:,]?[^\\S\\n]*$`);

/**
 * A quotation someone is said to have said, though the rules could not tell who ("…,” a senior
 * official said): it must not fall back to the most recent speaker.
 */
function hasUnresolvedAttribution(layout: Layout, index: number): boolean {
  const quotation = layout.quotations[index] as Quotation;
  const after = quotation.close === null ? '' : layout.masked.slice(quotation.close + 1, quotation.close + 120);
  const before = layout.masked.slice(Math.max(0, quotation.open - 60), quotation.open);
  return VERB_AFTER_QUOTATION.test(after) || VERB_BEFORE_QUOTATION.test(before);
}

/** Two quotations belong together when they share a paragraph or one runs on into the other. */
function related(before: Quotation | undefined, after: Quotation | undefined): boolean {
  if (!before || !after) return false;
  return before.paragraph === after.paragraph || (before.close === null && after.paragraph === before.paragraph + 1);
}

/**
 * A quotation without a speaker takes its neighbour's when the two belong together, the previous
 * one's first, round after round until nothing changes. After the first round, only a quotation
 * just before one the last round assigned can change (one after it would have taken its speaker
 * in the same round), so a long run of related quotations costs a step per quotation rather than a
 * round over every quotation per step.
 */
function inheritFromNeighbours(layout: Layout, assigned: (Assignment | null)[]): void {
  const { quotations } = layout;
  const inherit = (index: number): boolean => {
    if (assigned[index]) return false;
    const previous = assigned[index - 1];
    const next = assigned[index + 1];
    const fromPrevious = previous && related(quotations[index - 1], quotations[index]) ? previous : null;
    const source = fromPrevious ?? (next && related(quotations[index], quotations[index + 1]) ? next : null);
    if (!source) return false;
    assigned[index] = { ...source, confidence: Math.max(0.5, source.confidence - CONFIDENCE.inheritedPenalty) };
    return true;
  };
  let changed = quotations.map((_, index) => index).filter(inherit);
  while (changed.length > 0) changed = changed.map((index) => index - 1).filter((index) => index >= 0 && inherit(index));
}

/**
 * DIRECT_QUOTE when the quotation stands on its own: it opens a paragraph or sentence, follows a
 * colon or comma, continues a multi-paragraph quote, or follows a verb of saying with a capital.
 * Otherwise it is a few quoted words inside the reporter's sentence: PARTIAL_QUOTE.
 */
function quotationKind(layout: Layout, index: number): StatementKind {
  const quotation = layout.quotations[index] as Quotation;
  const paragraph = layout.paragraphs[quotation.paragraph] as Range;
  const previous = layout.quotations[index - 1];
  const continues = previous?.close === null && related(previous, quotation);
  if (quotation.close === null || continues) return 'DIRECT_QUOTE';
  // Only the end of the text before the quotation matters: test no more of it than the longest verb.
  const before = layout.masked.slice(paragraph.start, quotation.open).trimEnd().slice(-VERB_TAIL);
  if (before === '' || /[.!?:,\u201D"]$/.test(before)) return 'DIRECT_QUOTE';
  const startsCapitalized = /^\p{Lu}/u.test(layout.body.slice(quotation.inner.start, quotation.inner.end));
  return startsCapitalized && ENDS_WITH_VERB.test(before) ? 'DIRECT_QUOTE' : 'PARTIAL_QUOTE';
}

const ENDS_WITH_VERB = new RegExp(`\\b(?:${CLAUSE_VERB_GROUP}|${QUOTE_ONLY_VERBS.join('|')})$`);
/** The longest verb, and the character before it that its \b looks at. */
const VERB_TAIL = Math.max(...[...CLAUSE_VERBS, ...QUOTE_ONLY_VERBS].map((verb) => verb.length)) + 1;

/** The quoted words without the comma an attribution introduces; a partial quote loses its full stop. */
function quotationSpan(body: string, quotation: Quotation, kind: StatementKind): Range {
  let text = body.slice(quotation.inner.start, quotation.inner.end);
  text = text.replace(/[\s,;:\u2014\u2013-]+$/, '');
  if (kind === 'PARTIAL_QUOTE' && /[^.]\.$/.test(text)) text = text.slice(0, -1);
  return { start: quotation.inner.start, end: quotation.inner.start + text.length };
}

function paraphraseStatements(attributions: Attribution[]): Candidate[] {
  return attributions.flatMap((attribution) => {
    const clause = attribution.clause;
    if (!clause || clause.containsQuote || attribution.speaker === null || attribution.quotations.length > 0) return [];
    if (clause.end <= clause.start) return [];
    return [
      {
        kind: 'PARAPHRASE' as const,
        spanStart: clause.start,
        spanEnd: clause.end,
        speaker: attribution.speaker,
        speakerRole: roleOf(attribution),
        confidence: attribution.confidence - clause.penalty,
      },
    ];
  });
}

/** Body order, one statement per span (the more confident wins), only speakers that said something. */
function assemble(body: string, candidates: Candidate[], registry: SpeakerRegistry): Extraction {
  const bySpan = new Map<string, Candidate>();
  for (const candidate of candidates) {
    const key = `${candidate.spanStart}:${candidate.spanEnd}`;
    const existing = bySpan.get(key);
    if (!existing || candidate.confidence > existing.confidence) bySpan.set(key, candidate);
  }
  const kept = [...bySpan.values()].sort((a, b) => a.spanStart - b.spanStart || a.spanEnd - b.spanEnd);

  const mentions = registry.mentions;
  const renumbered = new Map<number, number>();
  const speakers: SpeakerMention[] = [];
  for (const candidate of kept) {
    if (renumbered.has(candidate.speaker)) continue;
    const mention = mentions[candidate.speaker];
    if (!mention) continue;
    renumbered.set(candidate.speaker, speakers.length);
    speakers.push({ ...mention, aliases: [...mention.aliases] });
  }
  const statements = kept.flatMap((candidate) => {
    const speaker = renumbered.get(candidate.speaker);
    if (speaker === undefined) return [];
    return [
      {
        kind: candidate.kind,
        text: body.slice(candidate.spanStart, candidate.spanEnd),
        spanStart: candidate.spanStart,
        spanEnd: candidate.spanEnd,
        speaker,
        speakerRole: candidate.speakerRole,
        confidence: Math.round(Math.min(1, Math.max(0, candidate.confidence)) * 100) / 100,
      },
    ];
  });
  return { speakers, statements };
}
