// The one SchemaBuilder: its context, scalars, plugins and the Relay conventions every type follows.
import SchemaBuilder, { PothosValidationError } from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin, { decodeGlobalID } from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import { z } from 'zod';
import type { Viewer } from '../server/auth/viewer.js';
import type { Role } from '../server/store/enums.js';
import type { Store } from '../server/store/index.js';
import { notAuthorized, queryTooComplex, validationFailed } from './errors.js';
import RolesFirstPlugin from './roles-first.js';
import { viewerHasRole } from './roles.js';

export interface QueryLimits {
  /** The deepest selection a query may make. */
  depth: number;
  /** The highest estimated cost (fields times the page sizes that multiply them). */
  complexity: number;
  /** The most fields a query may select in all. */
  breadth: number;
  /** The most aliased fields an operation may have (schema/query-guards.ts). */
  aliases: number;
}

export interface Context {
  store: Store;
  limits: QueryLimits;
  /** Who is asking (decided from the Authorization header before execution). */
  viewer: Viewer;
  /** Whether anonymous clients may read (`PUBLIC_READ`); writes always need a key. */
  publicRead: boolean;
}


/** What every connection resolver returns besides edges and pageInfo. */
export interface ConnectionExtras {
  /** Counts the whole list (ignoring pagination); only run when a client asks for it. */
  totalCount: () => Promise<number>;
}

export const builder = new SchemaBuilder<{
  Context: Context;
  Scalars: {
    Date: { Input: string; Output: string };
    DateTime: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Connection: ConnectionExtras;
  AuthScopes: {
    /** The viewer's API key has this role or a stronger one. */
    role: Role;
  };
}>({
  // Scope checks run first, so nothing (not even argument validation) runs for a refused field.
  // (Roles-first checks a field's role before its arguments are even decoded: schema/roles-first.ts.)
  plugins: [RolesFirstPlugin, ScopeAuthPlugin, ComplexityPlugin, ValidationPlugin, RelayPlugin, DataloaderPlugin],
  scopeAuth: {
    authScopes: (context) => ({ role: (required: Role) => viewerHasRole(context, required) }),
    unauthorizedError: (_parent, context, _info, result) => notAuthorized(context.viewer, result.failure),
  },
  defaultFieldNullability: false,
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    limit: (context) => context.limits,
    complexityError: queryTooComplex,
  },
  validation: {
    validationError: validationFailed,
  },
  relay: {
    // A global ID naming a type that is not a node (`ApiKey:1`, `__proto__:1`) is the client's
    // mistake like any malformed ID, not a server fault.
    decodeGlobalID: (globalID) => {
      const decoded = decodeGlobalID(globalID);
      if (!isNodeTypeName(decoded.typename)) throw new PothosValidationError(`Invalid global ID: ${globalID}`);
      return decoded;
    },
    cursorType: 'String',
    clientMutationId: 'optional',
    mutationInputArgOptions: { description: 'What to write.' },
    clientMutationIdInputOptions: { description: 'Any string; it is echoed back in the payload so a client can match responses to requests.' },
    clientMutationIdFieldOptions: { description: 'The `clientMutationId` sent with the input, if any.' },
    nodesOnConnection: {
      description: 'The nodes of this page, in order: a shortcut for `edges { node }`.',
      complexity: { field: 0, multiplier: 1 },
    },
    edgesFieldOptions: {
      nullable: false,
      description: 'The edges of this page, in order.',
      complexity: { field: 0, multiplier: 1 },
    },
    nodeFieldOptions: { nullable: false, description: 'The item at the end of this edge.' },
    cursorFieldOptions: { description: 'An opaque cursor for this edge: pass it as `after` (or `before`, where the list takes one) to page from here.' },
    pageInfoFieldOptions: { description: 'Where this page sits in the whole list.' },
    hasNextPageFieldOptions: { description: 'Whether more items follow this page.' },
    hasPreviousPageFieldOptions: {
      description: 'Whether items precede this page (reading backwards with `last`; otherwise whether `after` was given).',
    },
    startCursorFieldOptions: { description: 'The cursor of the first item in this page, if any.' },
    endCursorFieldOptions: { description: 'The cursor of the last item in this page; pass it as `after` for the next page.' },
    firstArgOptions: { description: 'Return the first n items (1–100; 20 when neither `first` nor `last` is given).' },
    lastArgOptions: { description: 'Return the last n items (1–100).' },
    afterArgOptions: { description: 'Return items after this cursor (an `endCursor` or edge `cursor` from this list).' },
    beforeArgOptions: { description: 'Return items before this cursor (a `startCursor` or edge `cursor` from this list).' },
    idFieldOptions: { description: 'The globally unique, opaque ID of this object; pass it to `node(id:)`.' },
    nodeTypeOptions: { description: 'An object with a globally unique ID that `node(id:)` can fetch.' },
    pageInfoTypeOptions: { description: 'Pagination state of a connection (Relay cursor connections).' },
    nodeQueryOptions: {
      description: 'Fetches any object by its global ID; null when no such object exists.',
      args: { id: { description: 'A global ID, as returned by an `id` field.' } },
    },
    nodesQueryOptions: {
      description: 'Fetches several objects by their global IDs, in the given order; null for each that does not exist.',
      args: {
        ids: {
          description: 'Global IDs, as returned by `id` fields (at most 100).',
          validate: z.array(z.unknown()).max(100, 'at most 100 IDs at a time'),
        },
      },
    },
  },
});

/** Whether the name is one of the schema's node types: an object type declared with an `id` (refs.ts). */
function isNodeTypeName(name: string): boolean {
  if (!builder.configStore.hasConfig(name)) return false;
  const config = builder.configStore.getTypeConfig(name);
  return config.graphqlKind === 'Object' && 'id' in (config.pothosOptions as object);
}

builder.queryType({
  description: 'Reads over the Stancegraph: articles, actors, statements, stances, sanction measures, events and topics.',
  // Anyone when PUBLIC_READ is on (the default); otherwise any valid API key.
  authScopes: { role: 'READER' },
});

builder.mutationType({
  description:
    'Writes to the Stancegraph. Every mutation needs an API key (`Authorization: Bearer <key>`) with the role its description names, runs in one transaction and is recorded in the audit log.',
});

/** GraphQL enum values with a description each; the Record type makes a missing description a type error. */
export function describedValues<V extends string>(descriptions: Record<V, string>): Record<V, { value: V; description: string }> {
  const entries = Object.entries(descriptions) as [V, string][];
  return Object.fromEntries(entries.map(([value, description]) => [value, { value, description }])) as Record<
    V,
    { value: V; description: string }
  >;
}

/** The builder's schema types, for helpers that take refs as parameters. */
export type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** The field builder a mutation payload's `outputFields` receives, for a payload resolved from `Shape`. */
export type PayloadFieldBuilder<Shape> = PothosSchemaTypes.ObjectFieldBuilder<Types, Shape>;
