// Search: `Query.search`, full-text search across articles, statements, actors, sanction measures and
// events, ranked by relevance, each hit with a highlighted snippet of the text that matched.
//
// Snippets are HTML: the text is HTML-escaped and every match is wrapped in `<mark>`…`</mark>`, so a
// client can insert a snippet into a page as it is; an ellipsis (…) marks text cut at either end.
import { z } from 'zod';
import {
  MAX_SEARCH_QUERY_LENGTH,
  SEARCH_TYPES,
  type SearchHit,
  SearchQueryError,
  type SearchType,
  type SnippetPart,
} from '../server/store/search.js';
import { sortKey } from '../server/store/pagination.js';
import type { ActorRow, ArticleRow, EventRow, SanctionMeasureRow, StatementRow } from '../server/store/tables.js';
import { type Context, builder, describedValues } from './builder.js';
import { anyOfList, connectionComplexity, encodeCursor, type ResolvedOrder, toPageRequest } from './connections.js';
import { badUserInput } from './errors.js';
import { ActorRef, ArticleRef, EventRef, SanctionMeasureRef, StatementRef } from './refs.js';

const SearchTypeEnum = builder.enumType('SearchType', {
  description: 'The kinds of things `search` can find.',
  values: describedValues<SearchType>({
    ARTICLE: 'Articles, by headline and body.',
    STATEMENT: 'Statements, by what was said.',
    ACTOR: 'Actors, by name and alias.',
    SANCTION_MEASURE: 'Sanction measures, by name, identifier (`E.O. 13722`) and description.',
    EVENT: 'Events, by title and description.',
  }),
});

type ItemTypename = 'Article' | 'Statement' | 'Actor' | 'SanctionMeasure' | 'Event';
type ItemRow = ArticleRow | StatementRow | ActorRow | SanctionMeasureRow | EventRow;

/** The GraphQL type of each row a search returned (rows carry no typename of their own). */
const itemTypes = new WeakMap<object, ItemTypename>();

const SearchResultItem = builder.unionType('SearchResultItem', {
  description: 'Something a search found: an article, a statement, an actor, a sanction measure or an event.',
  types: [ArticleRef, StatementRef, ActorRef, SanctionMeasureRef, EventRef],
  resolveType: (item) => itemTypes.get(item as object) ?? null,
});

/** What a search edge carries besides its cursor and node. */
interface SearchEdge {
  cursor: string;
  node: ItemRow;
  hit: SearchHit;
}

function hitOf(edge: object): SearchHit {
  return (edge as SearchEdge).hit;
}

const SearchResultConnection = builder.connectionObject(
  {
    type: SearchResultItem,
    name: 'SearchResultConnection',
    description: 'A page of search results, best match first.',
  },
  {
    name: 'SearchResultEdge',
    description: 'One search result: what was found, and where and how well it matched.',
    fields: (t) => ({
      snippet: t.string({
        description:
          'The matched text around the matches, as HTML: the text is escaped and each match is wrapped in `<mark>`…`</mark>`; `…` marks text cut off at either end.',
        resolve: (edge) => snippetHtml(hitOf(edge).snippet),
      }),
      field: t.string({
        description:
          'Which text of the result matched best: `headline` or `body` (articles), `text` (statements), `name` or `alias` (actors), `name`, `identifier` or `description` (sanction measures), `title` or `description` (events).',
        resolve: (edge) => hitOf(edge).field,
      }),
      score: t.float({
        description: 'How well the result matches (BM25 relevance): higher is better. Comparable within one search only.',
        resolve: (edge) => hitOf(edge).rank,
      }),
    }),
  },
);

// Cursors carry the score as text (the shared cursor format checks numbers as integers) and the
// matched text's index row as the tiebreak.
const RANK_ORDER: ResolvedOrder = { field: 'RELEVANCE', sort: sortKey('search.rank', 'text'), direction: 'desc' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A snippet as HTML: escaped text with `<mark>` around the matches. */
export function snippetHtml(parts: readonly SnippetPart[]): string {
  return parts.map(({ text, highlighted }) => (highlighted ? `<mark>${escapeHtml(text)}</mark>` : escapeHtml(text))).join('');
}

function invalidQuery(error: unknown): unknown {
  if (!(error instanceof SearchQueryError)) return error;
  return badUserInput(`Invalid arguments: query: ${error.message}`, [{ path: 'query', message: error.message }]);
}

/** Loads the rows the hits point at, one batch per type, and remembers each row's GraphQL type. */
async function loadItems(context: Context, hits: readonly SearchHit[]): Promise<ItemRow[]> {
  const loaders = {
    ARTICLE: ['Article', ArticleRef.getDataloader(context)],
    STATEMENT: ['Statement', StatementRef.getDataloader(context)],
    ACTOR: ['Actor', ActorRef.getDataloader(context)],
    SANCTION_MEASURE: ['SanctionMeasure', SanctionMeasureRef.getDataloader(context)],
    EVENT: ['Event', EventRef.getDataloader(context)],
  } as const;
  return Promise.all(
    hits.map(async (hit) => {
      const [typename, loader] = loaders[hit.type];
      const row: ItemRow | null = await loader.load(hit.entityId);
      // The index is kept in step with its tables inside every write's transaction.
      if (!row) throw new Error(`search hit ${hit.type} ${hit.entityId} has no row`);
      itemTypes.set(row, typename);
      return row;
    }),
  );
}

builder.queryField('search', (t) =>
  t.field({
    type: SearchResultConnection,
    description: [
      'Full-text search over article headlines and bodies, statements, actor names and aliases, sanction measure names, identifiers and descriptions, and event titles and descriptions; best match first, one result per item.',
      'Matching ignores case and accents and finds other forms of a word ("sanction" finds "sanctions").',
      'Syntax: words are all required (`slave labor`); `"double quotes"` find a phrase; a trailing `*` finds a prefix (`sanct*`); `OR` between terms finds either (`china OR beijing`); a leading `-` leaves a word or phrase out (`-china`).',
      'Other punctuation that is not inside quotes, such as `( ) : ^`, and the words NOT and NEAR are rejected.',
    ].join(' '),
    args: {
      query: t.arg.string({
        required: true,
        description: `What to search for (at most ${MAX_SEARCH_QUERY_LENGTH} characters), in the syntax the field describes.`,
      }),
      types: t.arg({
        type: [SearchTypeEnum],
        description: 'Only results of these kinds (all kinds when left out).',
        validate: anyOfList(z.enum(SEARCH_TYPES)),
      }),
      first: t.arg.int({ description: 'Return the first n results (1–100; 20 when left out).' }),
      after: t.arg.string({ description: 'Return results after this cursor (an `endCursor` or edge `cursor` from the same search).' }),
    },
    complexity: connectionComplexity,
    resolve: async (_root, args, context) => {
      const request = toPageRequest({ first: args.first, after: args.after }, RANK_ORDER, 'hit');
      const after = request.after ? { rank: Number(request.after.value), hitId: request.after.id } : null;
      if (after && !Number.isFinite(after.rank)) throw badUserInput('`after` is not a valid cursor for this list (malformed). Use a cursor this list returned.');
      const types = args.types ?? null;
      const page = await context.store.search
        .search(args.query, types, { first: request.size, after })
        .catch((error: unknown) => Promise.reject(invalidQuery(error)));
      const items = await loadItems(context, page.rows);
      const edges: SearchEdge[] = page.rows.map((hit, index) => ({
        cursor: encodeCursor(RANK_ORDER.field, String(hit.rank), hit.hitId),
        node: items[index] as ItemRow,
        hit,
      }));
      return {
        edges,
        pageInfo: {
          hasNextPage: page.hasMore,
          hasPreviousPage: after !== null,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
        totalCount: () => context.store.search.count(args.query, types).catch((error: unknown) => Promise.reject(invalidQuery(error))),
      };
    },
  }),
);
