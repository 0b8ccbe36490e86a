// The speakers of one article, resolved the way a reader resolves them: a surname or pronoun
// points at the most recent matching person, a capital city stands for its state, an institution
// is the same whether or not its owner is named ("Foreign Ministry", "Japan’s Foreign Ministry").
import type { Gender } from './quotes-lexicon.js';
import type { Pronoun, SpeakerRef } from './quotes-speakers.js';
import type { SpeakerMention } from './quotes.js';

interface Known {
  mention: SpeakerMention;
  gender: Gender;
  lastSeen: number;
  /** The mention's aliases, for a quick "already known?". */
  aliases: Set<string>;
}

/** That speaker `index` was referred to at offset `at`, filed under one of its keys. */
interface Sighting {
  index: number;
  at: number;
}

/**
 * The speakers met so far, in order of first mention, with when each was last referred to: that is
 * what a pronoun or a bare surname resolves against.
 *
 * Each lookup ("the most recent person called Lu", "the most recent institution for `it`") is
 * answered from the sightings filed under one key (keysOf), not by scanning every speaker, so an
 * article with thousands of speakers costs no more per reference than one with five. Sightings
 * are appended in reading order, which is why `resolve` must be called with offsets that never
 * decrease (resolveSpeakers sorts its attributions first).
 */
export class SpeakerRegistry {
  private readonly known: Known[] = [];
  private readonly sightings = new Map<string, Sighting[]>();
  /** The people whose name has each word, for isAmbiguous. */
  private readonly bearers = new Map<string, Set<number>>();
  private lastAt = -Infinity;

  get mentions(): SpeakerMention[] {
    return this.known.map((entry) => entry.mention);
  }

  /**
   * True when `name` is one word that more than one known person bears ("Kim" after Kim Min-ji and
   * Kim Tae-ho): the most recent one is taken, but with less certainty.
   */
  isAmbiguous(name: string): boolean {
    if (name.includes(' ')) return false;
    return (this.bearers.get(name)?.size ?? 0) > 1;
  }

  /** The index of the speaker `ref` refers to at offset `at`, or null when it refers to no one. */
  resolve(ref: SpeakerRef, at: number): number | null {
    if (at < this.lastAt) throw new Error('SpeakerRegistry.resolve must be called in reading order');
    this.lastAt = at;
    const index = ref.type === 'pronoun' ? this.resolvePronoun(ref.pronoun) : this.resolveNamed(ref);
    const entry = index === null ? undefined : this.known[index];
    if (index === null || !entry) return null;
    entry.lastSeen = at;
    if (ref.type === 'pronoun' && ref.pronoun !== 'it') entry.gender = ref.pronoun === 'he' ? 'male' : 'female';
    for (const key of keysOf(entry)) this.sightingsOf(key).push({ index, at });
    return index;
  }

  private sightingsOf(key: string): Sighting[] {
    let list = this.sightings.get(key);
    if (!list) this.sightings.set(key, (list = []));
    return list;
  }

  /**
   * The speaker filed under `key` that was referred to last (the first one met, on a tie). A
   * sighting that is no longer its speaker's latest, or whose speaker no longer has the key (a
   * surname that became a full name, a gender learnt), never counts again and is dropped.
   */
  private mostRecent(key: string): number | null {
    const list = this.sightings.get(key);
    if (!list) return null;
    const current = (sighting: Sighting) => {
      const entry = this.known[sighting.index] as Known;
      return entry.lastSeen === sighting.at && keysOf(entry).includes(key);
    };
    while (list.length > 0 && !current(list.at(-1) as Sighting)) list.pop();
    const latest = list.at(-1);
    if (!latest) return null;
    let best = latest.index;
    for (let at = list.length - 2; at >= 0 && (list[at] as Sighting).at === latest.at; at--) {
      const sighting = list[at] as Sighting;
      if (sighting.index < best && current(sighting)) best = sighting.index;
    }
    return best;
  }

  /** The most recent of several lookups. */
  private mostRecentOf(keys: string[]): number | null {
    let best: number | null = null;
    for (const key of keys) {
      const index = this.mostRecent(key);
      if (index === null) continue;
      const seen = (this.known[index] as Known).lastSeen;
      const bestSeen = best === null ? -Infinity : (this.known[best] as Known).lastSeen;
      if (best === null || seen > bestSeen || (seen === bestSeen && index < best)) best = index;
    }
    return best;
  }

  private resolvePronoun(pronoun: Pronoun): number | null {
    return this.mostRecent(pronoun);
  }

  private resolveNamed(ref: Extract<SpeakerRef, { type: 'named' }>): number | null {
    const index = ref.kind === 'PERSON' ? this.findPerson(ref.name) : this.findByName(ref.name);
    if (index === null) {
      if (ref.tentative) return null;
      this.known.push({
        mention: { name: ref.name, kind: ref.kind, role: ref.role, organization: ref.organization, aliases: [] },
        gender: ref.gender,
        lastSeen: -1,
        aliases: new Set(),
      });
      this.noteBearer(this.known.length - 1);
      this.addAlias(this.known.length - 1, ref.form);
      return this.known.length - 1;
    }
    const entry = this.known[index] as Known;
    const mention = entry.mention;
    if (ref.kind === 'PERSON' && ref.name.split(' ').length > mention.name.split(' ').length) {
      // A fuller name for someone first met by surname ("Obama", then "Barack Obama").
      this.addAlias(index, mention.name);
      mention.name = ref.name;
      this.noteBearer(index);
    } else {
      this.addAlias(index, ref.form ?? ref.name);
    }
    mention.role ??= ref.role;
    mention.organization ??= ref.organization;
    entry.gender ??= ref.gender;
    return index;
  }

  /** The same full name, or, for a one-word name, the most recent person bearing that word. */
  private findPerson(name: string): number | null {
    const words = name.split(' ');
    const exact = this.mostRecent(`person:${name}`);
    if (exact !== null) return exact;
    // A one-word name is a surname of someone known by a fuller name; a fuller name may complete
    // someone known by one of its words.
    if (words.length === 1) return this.mostRecent(`word:${name}`);
    return this.mostRecentOf(words.map((word) => `person:${word}`));
  }

  /** Institutions match by name, ignoring an owner's possessive ("Foreign Ministry" is "Japan’s Foreign Ministry"). */
  private findByName(name: string): number | null {
    const exact = this.mostRecent(`named:${nameKey(name)}`);
    if (exact !== null) return exact;
    return this.mostRecent(`owner:${withoutOwner(name)}`);
  }

  /** Files a person under each word of their name (names only grow, so no word is ever taken away). */
  private noteBearer(index: number): void {
    const mention = this.known[index]?.mention;
    if (mention?.kind !== 'PERSON') return;
    for (const word of mention.name.split(' ')) {
      let bearers = this.bearers.get(word);
      if (!bearers) this.bearers.set(word, (bearers = new Set()));
      bearers.add(index);
    }
  }

  private addAlias(index: number, alias: string | null): void {
    const entry = this.known[index];
    if (!entry || !alias || alias === entry.mention.name || entry.aliases.has(alias)) return;
    entry.aliases.add(alias);
    entry.mention.aliases.push(alias);
  }
}

/**
 * What a speaker can be looked up by: a person by full name, by each word of it and by the
 * pronouns their gender allows; a state or institution by name, an institution also without its
 * owner and as "it". These are exactly the tests the lookups make.
 */
function keysOf({ mention, gender }: Known): string[] {
  if (mention.kind === 'PERSON') {
    const keys = [`person:${mention.name}`, ...mention.name.split(' ').map((word) => `word:${word}`)];
    if (gender !== 'female') keys.push('he');
    if (gender !== 'male') keys.push('she');
    return keys;
  }
  const keys = [`named:${nameKey(mention.name)}`];
  if (mention.kind !== 'STATE') keys.push(`owner:${withoutOwner(mention.name)}`, 'it');
  return keys;
}

function nameKey(name: string): string {
  return name.toLowerCase().replace(/^the\s+/, '').replace(/’/g, "'");
}

function withoutOwner(name: string): string {
  return nameKey(name).replace(/^[\p{L}.\s]+'s\s+/u, '');
}
