// Full-text search over the graph's texts (see migrations/0004_search.ts for what is indexed).
//
// Users write a small, friendly syntax (below), which is translated into an FTS5 MATCH expression
// with every word and phrase quoted, so nothing a user types is ever read as an FTS5 operator. The
// SQL here is SQLite's (MATCH, bm25, snippet): a PostgreSQL port replaces this module's two queries
// with tsquery/ts_rank/ts_headline ones and keeps the syntax translation and the types.
//
// The syntax:
//   slave labor          both words (AND is implied; an explicit AND between terms is allowed too)
//   "slave labor"        the words next to each other, in this order (a phrase)
//   sanct*               a word starting with "sanct" (also "slave lab"* for a phrase ending in a prefix)
//   china OR beijing     either; OR binds tighter than the implied AND: `labor china OR beijing` is
//                        labor AND (china OR beijing)
//   -china               leave out texts with this word (or -"phrase"); needs at least one other term
// Matching ignores case and accents and uses English stemming ("sanction" finds "sanctions").
// A prefix needs two characters at least; a query matching more than MAX_RANKED_TEXTS texts ranks
// the most recent of them, so a page costs the same however common the words are.
import type { Db } from './database.js';
import { type Page, toPage } from './pagination.js';
import { type RawBuilder, sql } from 'kysely';

export const SEARCH_TYPES = ['ARTICLE', 'STATEMENT', 'ACTOR', 'SANCTION_MEASURE', 'EVENT'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

export const SEARCH_FIELDS = ['headline', 'body', 'text', 'name', 'alias', 'identifier', 'title', 'description'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

export const MAX_SEARCH_QUERY_LENGTH = 500;
/** Words and phrases in one query, so a query cannot grow into an expensive expression. */
export const MAX_SEARCH_TERMS = 32;
/** The shortest prefix (`sa*`): the index keeps prefixes of 2–4 characters (migrations/0006_search_prefixes.ts). */
export const MIN_PREFIX_LENGTH = 2;
/**
 * The most matching texts a query ranks: past this many, the hits are the best of the most recently
 * added texts that match (their rowids are largest), and `count` still counts every match. Ranking
 * costs about 2 µs a text; without a cap a word found in a million texts took seconds, during which
 * the server (SQLite runs on its event loop) answered nothing else.
 */
export const MAX_RANKED_TEXTS = 20_000;
/** Tokens of context a snippet shows around the matches. */
const SNIPPET_TOKENS = 16;
// Private-use characters mark the matches in FTS5's snippet; they are turned into parts below, so
// they never reach a client and the text around them needs no escaping here.
const MATCH_START = '\uE000';
const MATCH_END = '\uE001';
const ELLIPSIS = '…';

/** A search query that cannot be understood; the message says what is wrong, for the user to read. */
export class SearchQueryError extends Error {
  override name = 'SearchQueryError';
}

/** A piece of a snippet: text, and whether it matched the query. */
export interface SnippetPart {
  text: string;
  highlighted: boolean;
}

export interface SearchHit {
  type: SearchType;
  /** The id of the article, statement, actor, measure or event the hit points at. */
  entityId: number;
  /** Which text of it matched best. */
  field: SearchField;
  /** Relevance (SQLite's bm25, negated: higher is better). */
  rank: number;
  /** The matched text around the matches, with the matches highlighted. */
  snippet: SnippetPart[];
  /** The matched text's row in the index: a stable tiebreak between equal ranks. */
  hitId: number;
}

/** A position in the ranked list: the rank and hit id of the last hit seen. */
export interface SearchKeyset {
  rank: number;
  hitId: number;
}

export interface SearchPageRequest {
  first: number;
  after: SearchKeyset | null;
}

/**
 * What the index's rowids say (migrations/0004_search.ts): each text's rowid is
 * `<source row id> * 16 + <source code>`, and the source row is the entity itself for every source
 * but actor aliases, whose entity is the alias's actor (`entity_id`). Working the entity out of the
 * rowid spares reading FTS5's content table for every match: on a word found in a quarter of a
 * million texts that is the difference between 8 s and 0.3 s.
 */
const SOURCE_CODES: Record<SearchType, readonly number[]> = {
  ARTICLE: [1, 2],
  STATEMENT: [3],
  ACTOR: [4, 5],
  SANCTION_MEASURE: [6, 7, 8],
  EVENT: [9, 10],
};
const ALIAS_CODE = 5;
const SOURCE_BITS = 16;

/** One number per entity a hit points at: its id times 8 plus a number for its type. */
const ENTITY_KEY = sql.raw(
  `(case when rowid % ${SOURCE_BITS} = ${ALIAS_CODE} then entity_id else rowid / ${SOURCE_BITS} end) * 8 + case rowid % ${SOURCE_BITS} ${SEARCH_TYPES.flatMap(
    (type, index) => SOURCE_CODES[type].map((code) => `when ${code} then ${index}`),
  ).join(' ')} end`,
);

export function searchQueries(db: Db) {
  return {
    /**
     * One page of hits, best first (by rank, then hit id), one hit per entity: the text of it that
     * matched best. `types` null means every type. Two statements: the page, then its texts.
     */
    async search(query: string, types: readonly SearchType[] | null, request: SearchPageRequest): Promise<Page<SearchHit>> {
      const match = toMatchExpression(query);
      if (types?.length === 0) return { rows: [], hasMore: false };
      const keyset = request.after
        ? sql`and (rank < ${request.after.rank} or (rank = ${request.after.rank} and hit > ${request.after.hitId}))`
        : sql``;
      const { rows } = await runSearch(() =>
        sql<{ hit: number; rank: number }>`
          select hit, rank from (
            select hit, rank, row_number() over (partition by entity order by rank desc, hit) as place
            from (
              select rowid as hit, ${ENTITY_KEY} as entity, -bm25(search_index) as rank
              from search_index
              where search_index match ${match} ${typeCondition(types)}
              order by rowid desc
              limit ${sql.lit(MAX_RANKED_TEXTS)}
            )
          )
          where place = 1 ${keyset}
          order by rank desc, hit
          limit ${request.first + 1}
        `.execute(db),
      );
      const page = toPage(rows, { size: request.first, fromEnd: false });
      const texts = await findTexts(db, match, page.rows.map((row) => row.hit));
      return {
        rows: page.rows.flatMap((row) => {
          const text = texts.get(row.hit);
          if (!text) return [];
          return [{ type: text.type, entityId: Number(text.entity), field: text.field, rank: row.rank, snippet: text.snippet, hitId: row.hit }];
        }),
        hasMore: page.hasMore,
      };
    },

    /** How many entities match (each counted once, however many of its texts match). */
    async count(query: string, types: readonly SearchType[] | null): Promise<number> {
      const match = toMatchExpression(query);
      if (types?.length === 0) return 0;
      const { rows } = await runSearch(() =>
        sql<{ total: number }>`
          select count(distinct ${ENTITY_KEY}) as total from search_index
          where search_index match ${match} ${typeCondition(types)}
        `.execute(db),
      );
      return Number(rows[0]?.total ?? 0);
    },
  };
}

/** Limits a search to texts of the given types, by the source code in their rowids. */
function typeCondition(types: readonly SearchType[] | null): RawBuilder<unknown> {
  return types ? sql`and rowid % ${sql.lit(SOURCE_BITS)} in (${sql.join(types.flatMap((type) => SOURCE_CODES[type]).map((code) => sql.lit(code)))})` : sql``;
}

interface HitText {
  type: SearchType;
  entity: number;
  field: SearchField;
  snippet: SnippetPart[];
}

/**
 * What the hits of a page point at, and their snippets, in one pass over the matches between the
 * page's lowest and highest rowid (all among the MAX_RANKED_TEXTS newest matches), keeping only the
 * page's own (`+rowid`: a filter, not a lookup). A lookup per rowid (`rowid in (…)`) re-evaluates the
 * query for each hit, and a prefix the index does not keep (`sanction*`) merges every word it
 * starts for each: 1.6 s a page at scale L, against 9 ms this way. The bounds are bound as integers:
 * FTS5 ignores a rowid constraint whose value is a real, which is what better-sqlite3 makes of a JS
 * number (that once gave every match a snippet: 110,000 on `t*`).
 */
async function findTexts(db: Db, match: string, hits: number[]): Promise<Map<number, HitText>> {
  if (hits.length === 0) return new Map();
  const lowest = BigInt(Math.min(...hits));
  const highest = BigInt(Math.max(...hits));
  const { rows } = await runSearch(() =>
    sql<{ hit: number; type: SearchType; entity: number; field: SearchField; snippet: string }>`
      select rowid as hit, entity_type as type, entity_id as entity, field,
        snippet(search_index, 3, ${MATCH_START}, ${MATCH_END}, ${ELLIPSIS}, ${SNIPPET_TOKENS}) as snippet
      from search_index
      where search_index match ${match} and rowid >= ${lowest} and rowid <= ${highest}
        and +rowid in (${sql.join(hits.map(BigInt))})
    `.execute(db),
  );
  return new Map(rows.map((row) => [row.hit, { type: row.type, entity: row.entity, field: row.field, snippet: toSnippetParts(row.snippet) }]));
}

/**
 * Runs an FTS query, turning SQLite's complaints about a MATCH expression into a SearchQueryError.
 * The translation below should never produce one; this is the guard if it does.
 */
async function runSearch<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
    if (code === 'SQLITE_ERROR' && typeof message === 'string' && /fts5|syntax error|no such column|unknown special query/i.test(message)) {
      throw new SearchQueryError('the search engine could not read it; put words with punctuation in double quotes');
    }
    throw error;
  }
}

/** Splits a snippet at its match markers; a stray marker (from the text itself) is dropped. */
export function toSnippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let highlighted = false;
  let text = '';
  const flush = () => {
    if (text) parts.push({ text, highlighted });
    text = '';
  };
  for (const char of snippet) {
    if (char === MATCH_START || char === MATCH_END) {
      const opens = char === MATCH_START;
      if (opens !== highlighted) {
        flush();
        highlighted = opens;
      }
    } else {
      text += char;
    }
  }
  flush();
  return parts;
}

interface Term {
  /** The term as an FTS5 string: quoted, with a trailing `*` for a prefix. */
  fts: string;
  excluded: boolean;
}

type Token = Term | 'OR' | 'AND';

const UNSUPPORTED_CHARACTERS = /[():^{}[\]~\\+]/;
// Tabs and line breaks are spaces between words; the other C0 controls and DEL are refused.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const SEARCHABLE = /[\p{L}\p{N}]/u;

/**
 * Translates the user's query (see the syntax at the top) into an FTS5 MATCH expression in which
 * every word and phrase is a quoted string, or throws a SearchQueryError saying what is wrong.
 */
export function toMatchExpression(query: string): string {
  if (query.length > MAX_SEARCH_QUERY_LENGTH) {
    throw new SearchQueryError(`must be at most ${MAX_SEARCH_QUERY_LENGTH} characters, got ${query.length}`);
  }
  if (query.trim() === '') throw new SearchQueryError('must not be blank');
  // SQLite ends a string at a NUL byte, so FTS5 would read a different query than the one checked.
  const control = CONTROL_CHARACTERS.exec(query);
  if (control) throw new SearchQueryError(`must not contain control characters (found U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`);
  const tokens = tokenize(query);
  const terms = tokens.filter((token): token is Term => typeof token === 'object');
  if (terms.length > MAX_SEARCH_TERMS) {
    throw new SearchQueryError(`has ${terms.length} words and phrases; at most ${MAX_SEARCH_TERMS} are allowed`);
  }

  const groups: string[][] = [];
  const excluded: string[] = [];
  let previous: Token | null = null;
  for (const token of tokens) {
    if (token === 'OR' || token === 'AND') {
      if (previous === null || typeof previous !== 'object') {
        throw new SearchQueryError(`${token} needs a word or phrase on each side`);
      }
      if (token === 'OR' && previous.excluded) {
        throw new SearchQueryError('an excluded term (-word) cannot be one side of OR');
      }
    } else if (token.excluded) {
      if (previous === 'OR') throw new SearchQueryError('an excluded term (-word) cannot be one side of OR');
      excluded.push(token.fts);
    } else if (previous === 'OR') {
      groups.at(-1)?.push(token.fts);
    } else {
      groups.push([token.fts]);
    }
    previous = token;
  }
  if (previous === 'OR' || previous === 'AND') throw new SearchQueryError(`${previous} needs a word or phrase on each side`);
  if (groups.length === 0) throw new SearchQueryError('needs at least one word or phrase to find, not only excluded ones');

  const included = groups.map((group) => (group.length === 1 ? group[0] : `(${group.join(' OR ')})`)).join(' AND ');
  return excluded.length === 0 ? included : `(${included}) NOT (${excluded.join(' OR ')})`;
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < query.length) {
    if (/\s/.test(query[at] as string)) {
      at += 1;
      continue;
    }
    const start = at;
    while (at < query.length && !/\s/.test(query[at] as string)) {
      if (query[at] === '"') {
        const close = query.indexOf('"', at + 1);
        if (close < 0) throw new SearchQueryError('has a " that opens a phrase but no " that closes it');
        at = close + 1;
      } else {
        at += 1;
      }
    }
    tokens.push(toToken(query.slice(start, at)));
  }
  return tokens;
}

function toToken(word: string): Token {
  if (word === 'OR' || word === 'AND') return word;
  if (word === 'NOT') throw new SearchQueryError('NOT is not supported; put - before a word to leave it out (-china)');
  if (/^NEAR\b/.test(word)) throw new SearchQueryError('NEAR is not supported; use a "quoted phrase" for words next to each other');
  const excluded = word.startsWith('-');
  const body = excluded ? word.slice(1) : word;
  if (body === '') throw new SearchQueryError('has a - with nothing after it; write -word to leave a word out');
  return { fts: body.startsWith('"') ? phraseTerm(body) : wordTerm(body), excluded };
}

function phraseTerm(body: string): string {
  // The tokenizer made sure a phrase's quotes are balanced; what follows the closing quote is checked here.
  const close = body.indexOf('"', 1);
  const phrase = body.slice(1, close);
  const rest = body.slice(close + 1);
  if (rest !== '' && rest !== '*') {
    throw new SearchQueryError(`has ${JSON.stringify(body)}: put a space after a phrase's closing " (only * may follow it)`);
  }
  if (!SEARCHABLE.test(phrase)) throw new SearchQueryError(`has the phrase "${phrase}", which has no letters or digits to search for`);
  const lastWord = phrase.split(/[^\p{L}\p{N}]+/u).filter(Boolean).at(-1) ?? '';
  if (rest === '*' && [...lastWord].length < MIN_PREFIX_LENGTH) {
    throw new SearchQueryError(`has ${JSON.stringify(body)}: a prefix needs at least ${MIN_PREFIX_LENGTH} letters or digits before the *`);
  }
  return `"${phrase}"${rest}`;
}

function wordTerm(body: string): string {
  if (body.includes('"')) {
    throw new SearchQueryError(`has ${JSON.stringify(body)}: a " may only start a phrase at the beginning of a word`);
  }
  const prefix = body.endsWith('*');
  const word = prefix ? body.slice(0, -1) : body;
  if (word.includes('*')) throw new SearchQueryError(`has ${JSON.stringify(body)}: * may only end a word, as in sanct*`);
  if (word === '') throw new SearchQueryError('has a * on its own; put it at the end of a word, as in sanct*');
  if (prefix && [...word].length < MIN_PREFIX_LENGTH) {
    throw new SearchQueryError(`has ${JSON.stringify(body)}: a prefix needs at least ${MIN_PREFIX_LENGTH} letters or digits before the *, as in sa*`);
  }
  const unsupported = UNSUPPORTED_CHARACTERS.exec(word);
  if (unsupported) {
    throw new SearchQueryError(
      `has ${JSON.stringify(body)}: ${unsupported[0]} is not part of the search syntax; put the text in double quotes to search for it as words`,
    );
  }
  if (!SEARCHABLE.test(word)) throw new SearchQueryError(`has ${JSON.stringify(body)}, which has no letters or digits to search for`);
  return `"${word}"${prefix ? '*' : ''}`;
}
