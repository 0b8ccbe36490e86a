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
}

/**
 * The speakers met so far, in order of first mention, with when each was last referred to: that is
 * what a pronoun or a bare surname resolves against.
 */
export class SpeakerRegistry {
  private readonly known: Known[] = [];

  get mentions(): SpeakerMention[] {
    return this.known.map((entry) => entry.mention);
  }

  /**
   * True when `name` is one word that more than one known person bears ("Kim" after Kim Min-ji and
   * Kim Tae-ho): the most recent one is taken, but with less certainty.
   */
  isAmbiguous(name: string): boolean {
    if (name.includes(' ')) return false;
    const bearers = this.known.filter((entry) => entry.mention.kind === 'PERSON' && entry.mention.name.split(' ').includes(name));
    return bearers.length > 1;
  }

  /** The index of the speaker `ref` refers to at offset `at`, or null when it refers to no one. */
  resolve(ref: SpeakerRef, at: number): number | null {
    const index = ref.type === 'pronoun' ? this.resolvePronoun(ref.pronoun) : this.resolveNamed(ref);
    const entry = index === null ? undefined : this.known[index];
    if (!entry) return null;
    entry.lastSeen = at;
    if (ref.type === 'pronoun' && ref.pronoun !== 'it') entry.gender = ref.pronoun === 'he' ? 'male' : 'female';
    return index;
  }

  private mostRecent(accept: (entry: Known) => boolean): number | null {
    let best: number | null = null;
    this.known.forEach((entry, index) => {
      if (accept(entry) && (best === null || entry.lastSeen > (this.known[best]?.lastSeen ?? -1))) best = index;
    });
    return best;
  }

  private resolvePronoun(pronoun: Pronoun): number | null {
    if (pronoun === 'it') {
      return this.mostRecent((entry) => entry.mention.kind !== 'PERSON' && entry.mention.kind !== 'STATE');
    }
    const excluded: Gender = pronoun === 'he' ? 'female' : 'male';
    return this.mostRecent((entry) => entry.mention.kind === 'PERSON' && entry.gender !== excluded);
  }

  private resolveNamed(ref: Extract<SpeakerRef, { type: 'named' }>): number | null {
    const index = ref.kind === 'PERSON' ? this.findPerson(ref.name) : this.findByName(ref.name);
    if (index === null) {
      if (ref.tentative) return null;
      this.known.push({
        mention: { name: ref.name, kind: ref.kind, role: ref.role, organization: ref.organization, aliases: [] },
        gender: ref.gender,
        lastSeen: -1,
      });
      this.addAlias(this.known.length - 1, ref.form);
      return this.known.length - 1;
    }
    const entry = this.known[index] as Known;
    const mention = entry.mention;
    if (ref.kind === 'PERSON' && ref.name.split(' ').length > mention.name.split(' ').length) {
      // A fuller name for someone first met by surname ("Obama", then "Barack Obama").
      this.addAlias(index, mention.name);
      mention.name = ref.name;
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
    const exact = this.mostRecent((entry) => entry.mention.kind === 'PERSON' && entry.mention.name === name);
    if (exact !== null) return exact;
    return this.mostRecent((entry) => {
      if (entry.mention.kind !== 'PERSON') return false;
      const known = entry.mention.name.split(' ');
      if (words.length === 1) return known.includes(name);
      return known.length === 1 && words.includes(known[0] ?? '');
    });
  }

  /** Institutions match by name, ignoring an owner's possessive ("Foreign Ministry" is "Japan’s Foreign Ministry"). */
  private findByName(name: string): number | null {
    const key = nameKey(name);
    const exact = this.mostRecent((entry) => entry.mention.kind !== 'PERSON' && nameKey(entry.mention.name) === key);
    if (exact !== null) return exact;
    const institution = (entry: Known) => entry.mention.kind !== 'PERSON' && entry.mention.kind !== 'STATE';
    return this.mostRecent((entry) => institution(entry) && withoutOwner(entry.mention.name) === withoutOwner(name));
  }

  private addAlias(index: number, alias: string | null): void {
    const mention = this.known[index]?.mention;
    if (!mention || !alias || alias === mention.name || mention.aliases.includes(alias)) return;
    mention.aliases.push(alias);
  }
}

function nameKey(name: string): string {
  return name.toLowerCase().replace(/^the\s+/, '').replace(/’/g, "'");
}

function withoutOwner(name: string): string {
  return nameKey(name).replace(/^[\p{L}.\s]+'s\s+/u, '');
}
