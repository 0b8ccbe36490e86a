// Persisted-only mode (PERSISTED_ONLY=true): the saved queries and the SDK's own operations are an
// allow-list, and nothing else runs (keys with role ADMIN excepted, so operators can still look
// around). Documents are compared by the SHA-256 of their printed form, so formatting does not
// matter; a client may also send only the hash, as `extensions.persistedQuery.sha256Hash`.
import { type DocumentNode, GraphQLError, print } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import * as sdkOperations from '../../sdk/src/generated/graphql.js';
import { roleOf, type Viewer } from '../auth/viewer.js';
import type { Store } from '../store/index.js';
import { documentHash } from './documents.js';

/** The SDK's operations, by hash: the documents the typed client sends. */
export const SDK_OPERATIONS: ReadonlyMap<string, string> = new Map(
  Object.values(sdkOperations)
    .filter((value): value is DocumentNode => typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Document')
    .map((document) => [documentHash(document), print(document)]),
);

function persistedHash(extensions: unknown): string | null {
  const hash = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash;
  return typeof hash === 'string' ? hash.toLowerCase() : null;
}

async function allowedDocument(store: Store, hash: string): Promise<string | undefined> {
  return SDK_OPERATIONS.get(hash) ?? (await store.savedQueries.hasDocumentHash(hash));
}

const refused = (message: string, status: number) =>
  new GraphQLError(message, { extensions: { code: 'PERSISTED_QUERY_REQUIRED', http: { status } } });

export function usePersistedOnly(store: Store): Plugin<{ viewer?: Viewer }> {
  return {
    async onParams({ params, setParams }) {
      const hash = persistedHash(params.extensions);
      if (!hash || params.query) return;
      const query = await allowedDocument(store, hash);
      if (!query) throw refused(`No saved query or SDK operation has the hash ${hash}.`, 404);
      setParams({ ...params, query });
    },
    async onExecute({ args, setResultAndStopExecution }) {
      const viewer = args.contextValue.viewer;
      if (viewer && roleOf(viewer) === 'ADMIN') return;
      if (await allowedDocument(store, documentHash(args.document))) return;
      setResultAndStopExecution({
        errors: [
          refused(
            'This server only runs saved queries and the SDK’s operations: save the query (saveQuery) and run it with runSavedQuery or at /queries/<name>.',
            403,
          ),
        ],
      });
    },
  };
}
