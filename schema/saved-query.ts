// SavedQuery: a named, parameterised, versioned query that analysts run from GraphQL, over HTTP as
// JSON or CSV (/queries/<name>), or from the CLI. Also `savedQueries`, `savedQuery`, `saveQuery`,
// `deleteSavedQuery` (which keeps the query), `deletedSavedQueries`, `restoreSavedQuery` and
// `runSavedQuery`.
import { initContextCache } from '@pothos/core';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError, Kind, parse, print, valueFromASTUntyped } from 'graphql';
import { z } from 'zod';
import { runJson } from '../server/saved-queries/run.js';
import { coerceVariables, VariableProblem } from '../server/saved-queries/variables.js';
import { deleteSavedQuery, loadRunnable, restoreSavedQuery, SavedQueryError, saveQuery } from '../server/saved-queries/service.js';
import type { SavedQueryStatus } from '../server/store/enums.js';
import { type SavedQueryFilter, savedQuerySorts } from '../server/store/saved-queries.js';
import type { SavedQueryRow, SavedQueryVersionRow } from '../server/store/tables.js';
import { builder, type Context, describedValues, type PayloadFieldBuilder } from './builder.js';
import { anyOfList, defineOrder, type ListDefinition, rootConnection } from './connections.js';
import { badUserInput, ErrorCode } from './errors.js';
import { groupRows } from './group-rows.js';
import { longTextInput, shortTextInput, slugInput, write } from './mutations.js';
import { SavedQueryRef } from './refs.js';

/** Who may change the library of saved queries. */
const ANALYST = { role: 'ANALYST' } as const;
const MAX_DOCUMENT_LENGTH = 20_000;

const KEY_NAMES_HIDDEN = 'Null for anonymous readers: key names are shown only to requests that send an API key.';

/** Key names say who works here and how their keys are called: only key holders see them. */
function keyNameFor(context: Context, name: string): string | null {
  return context.viewer.kind === 'anonymous' ? null : name;
}

export const SavedQueryStatusEnum = builder.enumType('SavedQueryStatus', {
  description: 'Whether a saved query still runs against the current schema.',
  values: describedValues<SavedQueryStatus>({
    OK: 'The current version validates against the current schema.',
    BROKEN: 'The schema has changed under the query: running it fails until a corrected version is saved (see `brokenReason`).',
  }),
});

const SavedQueryVariable = builder
  .objectRef<{ name: string; type: string; required: boolean; defaultValue: unknown }>('SavedQueryVariable')
  .implement({
    description: 'A variable the saved query takes: over HTTP, a URL parameter of the same name.',
    fields: (t) => ({
      name: t.exposeString('name', { description: 'The variable’s name, without the `$`.' }),
      type: t.exposeString('type', { description: 'Its GraphQL type as written in the document (`ID!`, `[SanctionSector!]`).' }),
      required: t.exposeBoolean('required', { description: 'Whether a run must give it (non-null and without a default).' }),
      defaultValue: t.field({
        type: 'JSON',
        nullable: true,
        description: 'The value used when a run leaves it out: the saved default, else the document’s own default.',
        resolve: (variable) => variable.defaultValue ?? null,
      }),
    }),
  });

const SavedQueryVersion = builder.objectRef<SavedQueryVersionRow>('SavedQueryVersion').implement({
  description: 'One saved state of a query’s document and defaults; every change keeps the previous one.',
  fields: (t) => ({
    version: t.exposeInt('version', { description: 'The version number, from 1.' }),
    document: t.exposeString('document', { description: 'The GraphQL document as saved.' }),
    operationName: t.exposeString('operationName', { description: 'The name of its query operation.' }),
    defaultVariables: t.field({ type: 'JSON', description: 'The default variables saved with it.', resolve: (row) => JSON.parse(row.defaultVariables) }),
    documentHash: t.exposeString('documentHash', {
      description: 'SHA-256 of the normalised document: in persisted-only mode a client may send this hash instead of the text.',
    }),
    author: t.string({
      nullable: true,
      description: `The name of the key (or CLI user) that saved it. ${KEY_NAMES_HIDDEN}`,
      resolve: (row, _args, context) => keyNameFor(context, row.authorName),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was saved.' }),
  }),
});

async function currentVersion(query: SavedQueryRow, context: Context): Promise<SavedQueryVersionRow> {
  const version = await context.store.savedQueries.findVersion(query);
  if (!version) throw new GraphQLError('The saved query has lost its current version.');
  return version;
}

SavedQueryRef.implement({
  description: 'A named, parameterised query kept on the server: run it here with `runSavedQuery`, or over HTTP at `url` as JSON or CSV.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The query’s URL-safe name (`stances-toward-measure`).' }),
    title: t.exposeString('title', { description: 'A human title ("Every stance toward a measure").' }),
    description: t.exposeString('description', { nullable: true, description: 'What the query answers and how to use its variables.' }),
    version: t.exposeInt('currentVersion', { description: 'The current version number; earlier ones are in `versions`.' }),
    document: t.string({ description: 'The current version’s GraphQL document.', resolve: async (query, _args, context) => (await currentVersion(query, context)).document }),
    variables: t.field({
      type: [SavedQueryVariable],
      description: 'The variables the current version takes, in the order declared.',
      resolve: async (query, _args, context) => {
        const version = await currentVersion(query, context);
        const operation = parse(version.document).definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
        const defaults = JSON.parse(version.defaultVariables) as Record<string, unknown>;
        if (operation?.kind !== Kind.OPERATION_DEFINITION) return [];
        return (operation.variableDefinitions ?? []).map((definition) => {
          const name = definition.variable.name.value;
          const documentDefault = definition.defaultValue ? valueFromASTUntyped(definition.defaultValue) : undefined;
          return {
            name,
            type: print(definition.type),
            required: definition.type.kind === Kind.NON_NULL_TYPE && !(name in defaults) && !definition.defaultValue,
            defaultValue: name in defaults ? defaults[name] : documentDefault === undefined ? null : documentDefault,
          };
        });
      },
    }),
    status: t.expose('status', { type: SavedQueryStatusEnum, description: 'Whether the current version still fits the schema.' }),
    brokenReason: t.exposeString('brokenReason', { nullable: true, description: 'Why the query is BROKEN: the validation messages.' }),
    checkedAt: t.expose('checkedAt', { type: 'DateTime', description: 'When the status was last checked (on save, at start-up, after migrations).' }),
    owner: t.string({
      nullable: true,
      description: `The name of the key (or CLI user) that first saved it. ${KEY_NAMES_HIDDEN}`,
      resolve: (query, _args, context) => keyNameFor(context, query.ownerName),
    }),
    url: t.string({
      description: 'Where to run it over HTTP (relative to the server): add variables as parameters and `format=csv` for CSV.',
      resolve: (query) => `/queries/${query.name}`,
    }),
    versions: t.loadableList({
      type: SavedQueryVersion,
      description: 'Every version, newest first.',
      load: async (ids: number[], context) => groupRows(ids, await context.store.savedQueries.findVersions(ids), (row) => row.savedQueryId),
      resolve: (query) => query.id,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was first saved.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it last changed.' }),
    deletedAt: t.expose('deletedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it was deleted (only queries in `deletedSavedQueries` have one); null for a live query.',
    }),
    deletedBy: t.string({
      nullable: true,
      description: `The name of the key (or CLI user) that deleted it; null for a live query. ${KEY_NAMES_HIDDEN}`,
      resolve: (query, _args, context) => (query.deletedByName === null ? null : keyNameFor(context, query.deletedByName)),
    }),
  }),
});

const SavedQueryConnection = builder.connectionObject(
  { type: SavedQueryRef, name: 'SavedQueryConnection', description: 'A page of saved queries.' },
  { name: 'SavedQueryEdge', description: 'A saved query in a page of saved queries.' },
);

const SavedQueryFilterInput = builder.inputType('SavedQueryFilter', {
  description: 'Narrows the list of saved queries.',
  fields: (t) => ({
    statuses: t.field({ type: [SavedQueryStatusEnum], description: 'In any of these states (`[BROKEN]`: what needs fixing).', validate: anyOfList(z.string()) }),
  }),
});

const SavedQueryOrder = defineOrder(
  'SavedQuery',
  'saved queries',
  {
    NAME: { sort: savedQuerySorts.name, description: 'The query’s name.' },
    UPDATED_AT: { sort: savedQuerySorts.updatedAt, description: 'When the query last changed.' },
  },
  { field: 'NAME', direction: 'asc' },
);

const savedQueries: ListDefinition<typeof SavedQueryFilterInput.$inferInput, SavedQueryFilter> = {
  connection: SavedQueryConnection,
  filterInput: SavedQueryFilterInput,
  toFilter: (filter) => ({ statuses: filter?.statuses }),
  order: SavedQueryOrder,
  idColumn: 'savedQuery.id',
  plural: 'saved queries',
};

rootConnection('savedQueries', savedQueries, {
  description: 'The library of saved queries, by name unless ordered otherwise. Deleted queries are not in it (see `deletedSavedQueries`).',
  fetch: (context, filter, request) => context.store.savedQueries.findPage(filter, request),
  count: (context, filter) => context.store.savedQueries.count(filter),
});

rootConnection('deletedSavedQueries', { ...savedQueries, toFilter: (filter) => ({ ...savedQueries.toFilter(filter), deleted: true }) }, {
  description:
    'The saved queries that were deleted, with every version kept: `restoreSavedQuery` brings one back. They do not run and are not served at /queries/<name> meanwhile. Needs role ANALYST.',
  authScopes: ANALYST,
  fetch: (context, filter, request) => context.store.savedQueries.findPage(filter, request),
  count: (context, filter) => context.store.savedQueries.count(filter),
});

const nameArg = { required: true, description: 'The saved query’s name.', validate: slugInput } as const;

builder.queryFields((t) => ({
  savedQuery: t.field({
    type: SavedQueryRef,
    nullable: true,
    description: 'Looks a saved query up by name; null when there is none or it was deleted.',
    args: { name: t.arg.string(nameArg) },
    resolve: async (_root, { name }, context) => (await context.store.savedQueries.findByName(name)) ?? null,
  }),
  savedQueryVersion: t.field({
    type: SavedQueryVersion,
    nullable: true,
    description: 'One version of a saved query; null when the query or version does not exist, or the query was deleted.',
    args: {
      name: t.arg.string(nameArg),
      version: t.arg.int({ required: true, description: 'The version number (1 is the first).', validate: z.number().int().min(1) }),
    },
    resolve: async (_root, { name, version }, context) => {
      const query = await context.store.savedQueries.findByName(name);
      return (query && (await context.store.savedQueries.findVersion(query, version))) ?? null;
    },
  }),
}));

const SavedQueryRunError = builder
  .objectRef<{ message: string; code: string; path: (string | number)[] | null }>('SavedQueryRunError')
  .implement({
    description: 'An error the saved query’s own execution reported (its data may still be partly there).',
    fields: (t) => ({
      message: t.exposeString('message', { description: 'What went wrong.' }),
      code: t.exposeString('code', { description: 'The stable error code (`BAD_USER_INPUT`, `NOT_FOUND`, …).' }),
      path: t.field({
        type: ['String'],
        nullable: true,
        description: 'Where in the result it happened (list indexes as strings).',
        resolve: (error) => error.path?.map(String) ?? null,
      }),
    }),
  });

const SavedQueryRun = builder
  .objectRef<{ query: SavedQueryRow; version: number; data: unknown; errors: { message: string; code: string; path: (string | number)[] | null }[] }>(
    'SavedQueryRun',
  )
  .implement({
    description: 'The result of running a saved query.',
    fields: (t) => ({
      savedQuery: t.field({ type: SavedQueryRef, description: 'The query that ran.', resolve: (run) => run.query }),
      version: t.exposeInt('version', { description: 'The version that ran.' }),
      data: t.field({ type: 'JSON', nullable: true, description: 'The query’s `data`, as JSON.', resolve: (run) => run.data ?? null }),
      errors: t.field({ type: [SavedQueryRunError], description: 'Errors its execution reported; empty when it succeeded.', resolve: (run) => run.errors }),
    }),
  });

/** A SavedQueryError or VariableProblem as a GraphQL error with its code. */
function asGraphQLError(error: unknown): unknown {
  if (error instanceof SavedQueryError) {
    return new GraphQLError(error.message, {
      extensions: { code: error.code, ...(error.problems.length > 0 ? { problems: error.problems.map((p) => ({ ...p, path: `input.${p.path}` })) } : {}) },
    });
  }
  if (error instanceof VariableProblem) {
    return badUserInput(`Invalid variables: ${error.problems.join(' ')}`, error.problems.map((message) => ({ path: 'variables', message })));
  }
  return error;
}

builder.queryField('runSavedQuery', (t) =>
  t.field({
    type: SavedQueryRun,
    description:
      'Runs a saved query with the given variables (defaults fill the rest) and returns its result as JSON. A BROKEN query fails with SAVED_QUERY_BROKEN; bad variables with BAD_USER_INPUT.',
    args: {
      name: t.arg.string(nameArg),
      variables: t.arg({ type: 'JSON', description: 'The variables, as a JSON object keyed by name.' }),
      version: t.arg.int({ description: 'Run this version instead of the current one.', validate: z.number().int().min(1) }),
    },
    resolve: async (_root, args, context, info) => {
      try {
        const runnable = await loadRunnable(context.store, info.schema, context.limits, args.name, args.version);
        const inputs = args.variables ?? {};
        if (typeof inputs !== 'object' || Array.isArray(inputs)) throw new VariableProblem(['variables must be a JSON object keyed by variable name']);
        const variables = coerceVariables(info.schema, runnable.checked.operation, inputs as Record<string, unknown>, runnable.defaults);
        const result = await runJson({
          schema: info.schema,
          checked: runnable.checked,
          variables,
          context: () => ({ ...initContextCache(), store: context.store, limits: context.limits, viewer: context.viewer, publicRead: context.publicRead }),
        });
        return {
          query: runnable.query,
          version: runnable.version.version,
          data: result.data ?? null,
          errors: (result.errors ?? []).map((error) => ({
            message: error.message,
            code: String(error.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR),
            path: error.path ? [...error.path] : null,
          })),
        };
      } catch (error) {
        throw asGraphQLError(error);
      }
    },
  }),
);

builder.relayMutationField(
  'saveQuery',
  {
    description: 'A saved query to create, or a new version of one (matched by name).',
    inputFields: (t) => ({
      name: t.string({ required: true, description: 'The URL-safe name: lowercase letters, digits and single hyphens.', validate: slugInput }),
      title: t.string({ required: true, description: 'A human title.', validate: shortTextInput }),
      description: t.string({ description: 'What the query answers and how to use its variables.', validate: longTextInput }),
      document: t.string({
        required: true,
        description: 'One named query operation (no mutations), with fragments if it likes.',
        validate: z.string().min(1, 'must not be empty').max(MAX_DOCUMENT_LENGTH, `must be at most ${MAX_DOCUMENT_LENGTH} characters`),
      }),
      defaultVariables: t.field({ type: 'JSON', description: 'Defaults for some of its variables, as a JSON object keyed by name.' }),
    }),
  },
  {
    description:
      'Saves a query after checking it against the current schema (parse, validation, depth and cost limits, query only); an invalid document is refused with the validation messages. Saving a changed document or defaults adds a version; the previous ones stay. The name of a deleted query stays taken: saving under it fails with CONFLICT until the query is restored (`restoreSavedQuery`), after which a save adds a version as usual. Needs role ANALYST.',
    authScopes: ANALYST,
    resolve: async (_root, { input }, context, info) => {
      const defaults = input.defaultVariables ?? {};
      if (typeof defaults !== 'object' || defaults === null || Array.isArray(defaults)) {
        throw badUserInput('Invalid input: defaultVariables must be a JSON object', [{ path: 'input.defaultVariables', message: 'must be a JSON object' }]);
      }
      try {
        return await write(context, (author) =>
          saveQuery(context.store, info.schema, context.limits, author, { ...input, defaultVariables: defaults as Record<string, unknown> }),
        );
      } catch (error) {
        throw asGraphQLError(error);
      }
    },
  },
  {
    description: 'The result of `saveQuery`.',
    outputFields: (t: PayloadFieldBuilder<{ query: SavedQueryRow; newVersion: boolean }>) => ({
      savedQuery: t.field({ type: SavedQueryRef, description: 'The saved query, at its new current version.', resolve: (result) => result.query }),
      newVersion: t.boolean({
        description: 'False when the document and defaults were unchanged (the title or description may have changed).',
        resolve: (result) => result.newVersion,
      }),
    }),
  },
);

builder.relayMutationField(
  'deleteSavedQuery',
  {
    description: 'The saved query to delete.',
    inputFields: (t) => ({ name: t.string({ required: true, description: 'The saved query’s name.', validate: slugInput }) }),
  },
  {
    description:
      'Deletes a saved query: it leaves `savedQueries`, stops running, and its URL answers 404, but it is kept with every version (in `deletedSavedQueries`) until `restoreSavedQuery` brings it back. Needs role ANALYST, and a key may delete only the queries it saved itself; a key with role ADMIN may delete any (others get FORBIDDEN). Recorded in the audit log.',
    authScopes: ANALYST,
    resolve: (_root, { input }, context) => write(context, () => deleteSavedQuery(context.store, context.viewer, input.name)),
  },
  {
    description: 'The result of `deleteSavedQuery`.',
    outputFields: (t) => ({
      deletedSavedQueryId: t.id({
        description: 'The global ID of the deleted saved query (it no longer resolves until the query is restored).',
        resolve: (row) => encodeGlobalID('SavedQuery', row.id),
      }),
    }),
  },
);

builder.relayMutationField(
  'restoreSavedQuery',
  {
    description: 'The deleted saved query to bring back.',
    inputFields: (t) => ({ name: t.string({ required: true, description: 'The deleted saved query’s name.', validate: slugInput }) }),
  },
  {
    description:
      'Restores a deleted saved query as it was, with every version; it is checked against the current schema again (its `status` says whether it still runs). NOT_FOUND when no query has the name, CONFLICT when it is not deleted. Needs role ANALYST, and a key may restore only the queries it saved itself; a key with role ADMIN may restore any (others get FORBIDDEN). Recorded in the audit log.',
    authScopes: ANALYST,
    resolve: (_root, { input }, context, info) =>
      write(context, () => restoreSavedQuery(context.store, info.schema, context.limits, context.viewer, input.name)),
  },
  {
    description: 'The result of `restoreSavedQuery`.',
    outputFields: (t: PayloadFieldBuilder<SavedQueryRow>) => ({
      savedQuery: t.field({ type: SavedQueryRef, description: 'The restored query, at its current version.', resolve: (row) => row }),
    }),
  },
);
