// Who is speaking: reads the noun phrase next to a verb of saying ("Chinese Foreign Ministry
// spokesman Lu Kang", "Victor Cha, a Korea expert at …", "Beijing", "he") into a reference: a
// pronoun, or a name with its kind, role and organization. quotes-registry.ts resolves references
// to speakers.
import type { ActorKind } from '../store/enums.js';
import {
  CAPITALIZED_STOPWORDS,
  CLAUSE_VERBS,
  type Gender,
  GENDERED_TITLES,
  HONORIFICS,
  institutionKindOf,
  AFFILIATION_CONNECTORS,
  NAME_CONNECTORS,
  NAME_PARTICLES,
  PORTFOLIO_WORDS,
  stateNamed,
  TITLE_MODIFIERS,
  TITLE_WORDS,
  AUXILIARIES,
} from './quotes-lexicon.js';
import { lastWordIn, tailStart } from './quotes-text.js';

export type Pronoun = 'he' | 'she' | 'it';

export type SpeakerRef =
  | { type: 'pronoun'; pronoun: Pronoun }
  | {
      type: 'named';
      name: string;
      kind: ActorKind;
      /** The words the article used, when they differ from `name` ("Beijing" for China). */
      form: string | null;
      role: string | null;
      organization: string | null;
      gender: Gender;
      /** A lone capitalized word opening a sentence: a name only if someone already bears it. */
      tentative: boolean;
    };

export interface SpeakerPhrase {
  ref: SpeakerRef;
  start: number;
  end: number;
  /** The descriptor or title as written here, articles dropped. */
  role: string | null;
}

interface Word {
  text: string;
  start: number;
}

const NAME_WORD = /^\p{Lu}[\p{L}\p{M}\d’'.-]*$/u;
const DETERMINERS = new Set(['the', 'The', 'a', 'A', 'an', 'An']);
const PRONOUN = /(?:^|[\s,])(he|she|it|He|She|It)$/;
const SAYING_VERB = new RegExp(`\\b(?:${CLAUSE_VERBS.join('|')})\\b`);
const COALITION = /(?:\b[Tt]he\s+)?((?:\p{Lu}[\p{L}.’'-]*\s+)*\p{Lu}[\p{L}.’'-]*\s+and\s+(?:its|their)\s+(?:allies|partners))$/u;

function isNameWord(word: string): boolean {
  return NAME_WORD.test(word) && !CAPITALIZED_STOPWORDS.has(word);
}

/** Capitalized words, with particles ("von der") only between them. */
function isPersonName(words: string[]): boolean {
  if (!isNameWord(words[0] ?? '') || !isNameWord(words.at(-1) ?? '')) return false;
  return words.every((word) => isNameWord(word) || NAME_PARTICLES.has(word));
}

function isTitleWord(word: string): boolean {
  return TITLE_WORDS.has(word.toLowerCase()) || word in HONORIFICS;
}

/** Lowercase words allowed inside a subject: titles and what modifies them. */
function isLowercaseRoleWord(word: string): boolean {
  return TITLE_WORDS.has(word) || TITLE_MODIFIERS.has(word);
}

function wordsIn(text: string, from: number, to: number): Word[] {
  return [...text.slice(from, to).matchAll(/\S+/g)].map((match) => ({ text: match[0], start: from + match.index }));
}

/**
 * The words of text[from, to) as wordsIn gives them, each read only when first asked for: a
 * subject after its verb is a few words, and the rest of the sentence may be long.
 */
function wordReader(text: string, from: number, to: number): (index: number) => Word | undefined {
  const pattern = /\S+/g;
  pattern.lastIndex = from;
  const read: Word[] = [];
  let done = false;
  return (index) => {
    while (!done && read.length <= index) {
      const match = pattern.exec(text);
      if (!match || match.index >= to) {
        done = true;
        break;
      }
      read.push({ text: match[0].slice(0, to - match.index), start: match.index });
      done = match.index + match[0].length >= to;
    }
    return read[index];
  };
}

/** A title or appositive, as a role: leading articles are grammar, not part of the title. */
export function normalizeRole(descriptor: string): string {
  return descriptor.trim().replace(/^(?:a|an|the)\s+/i, '');
}

/** "a sanctions expert at …", "senior fellow to …": names what someone is, and is not a clause. */
function isDescriptor(text: string): boolean {
  if (text === '' || text.length > 160 || /[\u201C\u201D"\u00B7]/.test(text)) return false;
  const words = text.split(/\s+/);
  const first = words[0] ?? '';
  // "a sanctions expert …", "senior fellow …", "Deputy Director of …", "Iran's deputy foreign minister"
  if (!/^\p{Ll}/u.test(first) && !isTitleWord(first) && !/['’]s$/.test(first)) return false;
  if (SAYING_VERB.test(text)) return false;
  return words.some((word) => TITLE_WORDS.has(word.toLowerCase().replace(/[.,;]$/, '')));
}

/**
 * The organization a role names: the last "at/of/for … <Institution>" phrase ("a sanctions expert
 * at the Center for a New American Security"), else the capitalized words opening a title ("State
 * Department deputy spokesman").
 */
export function organizationIn(role: string | null): string | null {
  if (!role) return null;
  const phrases = [
    ...role.matchAll(
      /\b(?:at|of|for|with|to|from)\s+(?:the\s+)?(\p{Lu}[\p{L}\p{M}’'.-]*(?:\s+(?:(?:of|for|and|on|the|a|de)\s+)*\p{Lu}[\p{L}\p{M}’'.-]*)*)/gu,
    ),
  ]
    .map((match) => match[1] ?? '')
    .filter((phrase) => institutionKindOf(phrase) !== null);
  const last = phrases.at(-1);
  if (last) return last;
  const leading: string[] = [];
  for (const word of role.split(/\s+/)) {
    if (!NAME_WORD.test(word)) break;
    leading.push(word);
  }
  while (leading.length > 0 && isTitleWord(leading.at(-1) ?? '')) leading.pop();
  while (leading.length > 0 && isTitleWord(leading[0] ?? '')) leading.shift();
  const prefix = leading.join(' ');
  return prefix !== '' && institutionKindOf(prefix) !== null ? prefix : null;
}

function genderOf(words: string[]): Gender {
  for (const word of words) {
    const gender = HONORIFICS[word] ?? GENDERED_TITLES[word.toLowerCase()];
    if (gender) return gender;
  }
  return null;
}

function named(name: string, kind: ActorKind, extra: Partial<Extract<SpeakerRef, { type: 'named' }>> = {}): SpeakerRef {
  return { type: 'named', name, kind, form: null, role: null, organization: null, gender: null, tentative: false, ...extra };
}

/**
 * What a noun phrase refers to. The last title word splits a person's role from their name; a
 * phrase with an institution keyword names that institution; a state or capital names the state;
 * an official without a name ("a State Department spokesperson") speaks for the institution.
 */
function interpretNounPhrase(
  words: string[],
  sentenceInitial: boolean,
  descriptor: string | null,
): { ref: SpeakerRef; role: string | null } | null {
  const ref = referenceOf(words, sentenceInitial, descriptor);
  if (!ref) return null;
  const title = words.join(' ');
  // An unnamed official speaks for the institution; the title is this statement's role only.
  const last = words.at(-1) ?? '';
  const unnamedOfficial = ref.type === 'named' && ref.kind !== 'PERSON' && TITLE_WORDS.has(last) && !ref.role;
  return { ref, role: descriptor ?? (ref.type === 'named' ? ref.role : null) ?? (unnamedOfficial ? title : null) };
}

function referenceOf(words: string[], sentenceInitial: boolean, descriptor: string | null): SpeakerRef | null {
  const phrase = words.join(' ');
  const state = stateNamed(phrase);
  if (state) return named(state.name, 'STATE', { form: phrase === state.name ? null : phrase, role: descriptor });

  const gender = genderOf(words);
  const affiliated = affiliatedPerson(words, descriptor, gender);
  if (affiliated) return affiliated;
  let titleAt = -1;
  words.forEach((word, index) => {
    if (isTitleWord(word)) titleAt = index;
  });
  // "Secretary of (the) State …": the portfolio belongs to the title, not the name.
  while (titleAt >= 0 && ['of', 'for', 'the'].includes(words[titleAt + 1] ?? '')) {
    let next = titleAt + 1;
    while (['of', 'for', 'the'].includes(words[next] ?? '')) next++;
    if (!PORTFOLIO_WORDS.has(words[next] ?? '')) break;
    while (PORTFOLIO_WORDS.has(words[next + 1] ?? '') && next + 2 < words.length) next++;
    titleAt = next;
  }
  const institution = institutionKindOf(phrase);

  if (titleAt >= 0 && titleAt < words.length - 1) {
    const nameWords = words.slice(titleAt + 1);
    if (!isPersonName(nameWords)) return null;
    const roleWords = words.slice(0, titleAt + 1).filter((word) => !(word in HONORIFICS));
    const role = descriptor ?? (roleWords.length > 0 ? roleWords.join(' ') : null);
    return named(nameWords.join(' '), 'PERSON', { role, organization: organizationIn(role), gender });
  }
  if (titleAt === words.length - 1) {
    const title = words[titleAt] ?? '';
    if (/^\p{Lu}/u.test(title)) return institution ? named(phrase, institution, { role: descriptor }) : null;
    const organization = organizationIn(phrase);
    const kind = organization ? institutionKindOf(organization) : null;
    if (!organization || !kind) return null;
    return named(organization, kind, { role: descriptor });
  }
  if (institution) return named(phrase, institution, { role: descriptor });
  if (!isPersonName(words)) return null;
  return named(phrase, 'PERSON', {
    role: descriptor,
    organization: organizationIn(descriptor),
    gender,
    tentative: sentenceInitial && words.length === 1,
  });
}

/** "Tomas Novak of the Eastern Europe Studies Centre": a personal name, then where they work. */
function affiliatedPerson(words: string[], descriptor: string | null, gender: Gender): SpeakerRef | null {
  const at = words.findIndex((word) => AFFILIATION_CONNECTORS.has(word));
  if (at < 2) return null;
  const name = words.slice(0, at);
  const phrase = name.join(' ');
  if (!isPersonName(name) || name.some(isTitleWord) || institutionKindOf(phrase) || stateNamed(phrase)) return null;
  const organization = words.slice(at + 1).join(' ').replace(/^the\s+/, '');
  return named(phrase, 'PERSON', { role: descriptor, organization: organization || null, gender });
}

/** Walks back from the end over the words a subject is made of; returns the first word's index. */
function nounPhraseStart(words: Word[]): number {
  let first = words.length;
  let at = words.length - 1;
  while (at >= 0) {
    const word = words[at]?.text ?? '';
    if (isNameWord(word) || isLowercaseRoleWord(word) || (word in HONORIFICS)) {
      first = at;
      at--;
      continue;
    }
    if (NAME_CONNECTORS.has(word) && first < words.length) {
      let before = at;
      while (before >= 0 && NAME_CONNECTORS.has(words[before]?.text ?? '')) before--;
      if (before >= 0 && isNameWord(words[before]?.text ?? '')) {
        first = before;
        at = before - 1;
        continue;
      }
    }
    break;
  }
  while (first < words.length && NAME_CONNECTORS.has(words[first]?.text ?? '')) first++;
  return first;
}

/** A word nounPhraseStart stops at, whatever comes before it. */
function endsSubject(word: string): boolean {
  return !isNameWord(word) && !isLowercaseRoleWord(word) && !(word in HONORIFICS) && !NAME_CONNECTORS.has(word);
}

function nounPhraseEndingAt(text: string, from: number, to: number, descriptor: string | null): SpeakerPhrase | null {
  // The words before the last one a subject cannot contain do not matter: read from that word on.
  let wordsFrom = from;
  for (let word = lastWordIn(text, from, to); word; word = lastWordIn(text, from, word.start)) {
    if (endsSubject(text.slice(word.start, word.end))) {
      wordsFrom = word.start;
      break;
    }
  }
  const wordsBefore = wordsFrom > from && /\S/.test(text.slice(from, wordsFrom));
  const words = wordsIn(text, wordsFrom, to);
  const first = nounPhraseStart(words);
  const head = words[first];
  if (!head) return null;
  const determiner = first > 0 && DETERMINERS.has(words[first - 1]?.text ?? '');
  const sentenceInitial = !wordsBefore && (first === 0 || (first === 1 && determiner));
  const reading = interpretNounPhrase(
    words.slice(first).map((word) => word.text),
    sentenceInitial,
    descriptor,
  );
  if (!reading) return null;
  // The article belongs to the attribution: "…,” the Treasury Department said" is adjacent to its quote.
  const start = determiner ? (words[first - 1]?.start ?? head.start) : head.start;
  return { ...reading, start, end: to };
}

/** Drops "has", "also", "later" … between a subject and its verb; returns where the subject ends. */
function subjectEnd(text: string, from: number, verbStart: number): number {
  let end = verbStart;
  for (;;) {
    const last = lastWordIn(text, from, end);
    if (!last) return from;
    if (!AUXILIARIES.has(text.slice(last.start, last.end)) || last.start === from) return last.end;
    end = last.start;
  }
}

/** More non-space characters than any rule anchored at the end of a subject's prefix matches. */
const TAIL = 16;

/**
 * "The United States and its allies": the match is made of capitalized words, the/and/its/their
 * and allies/partners, so nothing before the last other word can be part of it; the rule reads
 * from that word on instead of from the start of the sentence.
 */
function coalitionBefore(text: string, sentenceStart: number, end: number): { name: string; start: number } | null {
  let from = sentenceStart;
  for (let word = lastWordIn(text, sentenceStart, end); word; word = lastWordIn(text, sentenceStart, word.start)) {
    const value = text.slice(word.start, word.end);
    if (!COALITION_WORD.test(value) && !COALITION_JOINERS.has(value)) {
      from = word.start;
      break;
    }
  }
  const coalition = COALITION.exec(text.slice(from, end));
  if (!coalition?.[1]) return null;
  return { name: coalition[1], start: from + coalition.index + coalition[0].length - coalition[1].length };
}

const COALITION_WORD = /^\p{Lu}[\p{L}.’'-]*$/u;
const COALITION_JOINERS = new Set(['the', 'and', 'its', 'their', 'allies', 'partners']);

/**
 * The subject of a verb of saying, read backwards from the verb within its sentence: a pronoun, a
 * coalition ("the United States and its allies"), a name with an appositive ("Victor Cha, senior
 * fellow …,"), or a titled name or institution ("State Department deputy spokesman Mark Toner").
 */
export function subjectBefore(text: string, sentenceStart: number, verbStart: number): SpeakerPhrase | null {
  const end = subjectEnd(text, sentenceStart, verbStart);
  const pronoun = PRONOUN.exec(text.slice(tailStart(text, sentenceStart, end, TAIL), end));
  if (pronoun?.[1]) {
    const ref: SpeakerRef = { type: 'pronoun', pronoun: pronoun[1].toLowerCase() as Pronoun };
    return { ref, start: end - pronoun[1].length, end, role: null };
  }
  const coalition = coalitionBefore(text, sentenceStart, end);
  if (coalition) return { ref: named(coalition.name, 'COALITION'), start: coalition.start, end, role: null };
  if (end > sentenceStart && text[end - 1] === ',') return appositiveSubject(text, sentenceStart, end - 1);
  return nounPhraseEndingAt(text, sentenceStart, end, null);
}

/**
 * A subject set off by commas before the verb (`comma` is the last one): the name then its
 * descriptor ("Victor Cha, senior fellow to the Bush Institute …,") or the descriptor then the
 * name ("Japan’s chief cabinet secretary, Hiro Sato,").
 */
function appositiveSubject(text: string, sentenceStart: number, comma: number): SpeakerPhrase | null {
  const previousComma = text.lastIndexOf(',', comma - 1);
  if (previousComma < sentenceStart) return null;
  const last = text.slice(previousComma + 1, comma).trim();
  if (isDescriptor(last)) return nounPhraseEndingAt(text, sentenceStart, previousComma, normalizeRole(last));
  // "Mr. Novak, who has studied the region for two decades, said": the relative clause describes, it is no role.
  if (/^(?:who|whose)\b/.test(last)) return nounPhraseEndingAt(text, sentenceStart, previousComma, null);

  const names = last.split(/\s+/);
  if (!isPersonName(names)) return null;
  const descriptorStart = Math.max(sentenceStart, text.lastIndexOf(',', previousComma - 1) + 1);
  const descriptor = text.slice(descriptorStart, previousComma).trim();
  if (!isDescriptor(descriptor)) return null;
  const reading = interpretNounPhrase(names, false, normalizeRole(descriptor));
  if (!reading || reading.ref.type !== 'named' || reading.ref.kind !== 'PERSON') return null;
  return { ...reading, start: descriptorStart + text.slice(descriptorStart).search(/\S/), end: comma };
}

/**
 * The speaker named after an inverted verb ("…,” said Elizabeth Rosenberg, a sanctions expert at
 * …") or after "according to", up to `limit`; `end` covers the descriptor when there is one.
 */
export function subjectAfter(text: string, from: number, limit: number): SpeakerPhrase | null {
  const rest = text.slice(from, limit);
  const pronoun = /^\s*(he|she|it|He|She|It)\b/.exec(rest);
  if (pronoun?.[1]) {
    const ref: SpeakerRef = { type: 'pronoun', pronoun: pronoun[1].toLowerCase() as Pronoun };
    return { ref, start: from + pronoun[0].length - pronoun[1].length, end: from + pronoun[0].length, role: null };
  }
  const wordAt = wordReader(text, from, limit);
  let at = DETERMINERS.has(wordAt(0)?.text ?? '') ? 1 : 0;
  const taken: Word[] = [];
  for (let word = wordAt(at); word; word = wordAt(++at)) {
    const bare = /^(?:\p{Lu}\.)+$/u.test(word.text) ? word.text : word.text.replace(/[,.;:!?]+$/, '');
    const punctuated = bare !== word.text;
    const connects = NAME_CONNECTORS.has(bare) && taken.length > 0 && !punctuated && connectsNames(wordAt, at);
    if (!isNameWord(bare) && !isLowercaseRoleWord(bare) && !(bare in HONORIFICS) && !connects) break;
    taken.push({ text: bare, start: word.start });
    if (punctuated) break;
  }
  while (taken.length > 0 && NAME_CONNECTORS.has(taken.at(-1)?.text ?? '')) taken.pop();
  const head = taken[0];
  const last = taken.at(-1);
  if (!head || !last) return null;
  let end = last.start + last.text.length;

  let descriptor: string | null = null;
  if (text[end] === ',') {
    const stop = descriptorEnd(text, end + 1, limit);
    const candidate = text.slice(end + 1, stop).trim().replace(/[.!?]$/, '');
    if (isDescriptor(candidate)) {
      descriptor = normalizeRole(candidate);
      end = text.indexOf(candidate, end + 1) + candidate.length;
    }
  }
  const reading = interpretNounPhrase(
    taken.map((word) => word.text),
    false,
    descriptor,
  );
  if (!reading) return null;
  return { ...reading, start: head.start, end };
}

/** A connector only joins a name when a capitalized word follows ("Center for a New …"). */
function connectsNames(wordAt: (index: number) => Word | undefined, at: number): boolean {
  let next = at;
  while (wordAt(next) && NAME_CONNECTORS.has(wordAt(next)?.text ?? '')) next++;
  return isNameWord(wordAt(next)?.text.replace(/[,.;:!?]+$/, '') ?? '');
}

function descriptorEnd(text: string, from: number, limit: number): number {
  for (let at = from; at < limit; at++) {
    if (/[,;\u201C\u201D"\u00B7]/.test(text[at] ?? '')) return at;
  }
  return limit;
}
