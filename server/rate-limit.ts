// Rate limits: a token bucket per client address (anonymous requests, and failed authentication
// from that address) and one per API key. A bucket holds a minute's allowance, so a client may
// burst up to its limit and then goes at limit/60 requests a second.
import { createHash } from 'node:crypto';

export interface RateLimits {
  /** Requests a minute from one address without an API key (0: no limit). */
  anonymousPerMinute: number;
  /** Requests a minute with one API key (0: no limit). */
  keyPerMinute: number;
}

/** The client may go on, or must wait `retryAfterSeconds`. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number; limit: number; scope: 'address' | 'key' };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** At most this many buckets are kept; the least recently used go first (full ones are dropped anyway). */
const MAX_BUCKETS = 50_000;

export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Takes one request from the right bucket: the key's when an Authorization header is sent (the
   * header's hash stands for the key, so this costs no database lookup), the address's otherwise.
   * An address whose bucket is empty (too many anonymous requests, or too many failed keys) is
   * refused whatever key it sends, so guessing keys is slow.
   */
  take(address: string | null, authorization: string | null): RateDecision {
    if (address && authorization && this.isEmpty(`address:${address}`, this.limits.anonymousPerMinute)) {
      return this.refusal(`address:${address}`, this.limits.anonymousPerMinute, 'address');
    }
    if (authorization) return this.consume(`key:${hashOf(authorization)}`, this.limits.keyPerMinute, 'key');
    if (address) return this.consume(`address:${address}`, this.limits.anonymousPerMinute, 'address');
    return { allowed: true };
  }

  /** A failed authentication from this address counts against its anonymous allowance. */
  penalize(address: string | null): void {
    if (address) this.consume(`address:${address}`, this.limits.anonymousPerMinute, 'address');
  }

  private consume(id: string, perMinute: number, scope: 'address' | 'key'): RateDecision {
    if (perMinute === 0) return { allowed: true };
    const bucket = this.refill(id, perMinute);
    if (bucket.tokens < 1) return this.refusal(id, perMinute, scope);
    bucket.tokens -= 1;
    return { allowed: true };
  }

  private isEmpty(id: string, perMinute: number): boolean {
    return perMinute > 0 && this.#buckets.has(id) && this.refill(id, perMinute).tokens < 1;
  }

  private refusal(id: string, perMinute: number, scope: 'address' | 'key'): RateDecision {
    const bucket = this.refill(id, perMinute);
    const perSecond = perMinute / 60;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)), limit: perMinute, scope };
  }

  private refill(id: string, perMinute: number): Bucket {
    const now = this.now();
    const existing = this.#buckets.get(id);
    const bucket = existing ?? { tokens: perMinute, updatedAt: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + ((now - bucket.updatedAt) / 60_000) * perMinute);
    bucket.updatedAt = now;
    // Re-inserting keeps the map in least-recently-used order, for the eviction below.
    this.#buckets.delete(id);
    this.#buckets.set(id, bucket);
    if (this.#buckets.size > MAX_BUCKETS) this.#buckets.delete(this.#buckets.keys().next().value as string);
    return bucket;
  }
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
