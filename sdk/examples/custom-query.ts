// A query the generated methods do not cover (an actor's statements in reading order, with their
// affiliations), run through `client.request()` as a typed document: the result and the variables
// are checked at compile time like any generated method's.
//
//   node --import tsx sdk/examples/custom-query.ts [actor-slug]
//
// An app imports the same names from '@stancegraph/sdk'; this example imports the workspace source so
// it runs without a build.
import { pathToFileURL } from 'node:url';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { createClient, isStancegraphError, type StancegraphClient, type StatementKind } from '../src/index.js';

// Variables must be a type alias (not an interface) so they fit `Record<string, unknown>`.
export type WhatWasSaidVariables = { slug: string; first?: number | null };

export type WhatWasSaidResult = {
  actor: {
    name: string;
    affiliations: { role: string; organization: { name: string } }[];
    statements: {
      totalCount: number;
      nodes: { kind: StatementKind; text: string; span: { start: number; end: number } }[];
    };
  } | null;
};

export const WhatWasSaidDocument: TypedDocumentNode<WhatWasSaidResult, WhatWasSaidVariables> = parse(/* GraphQL */ `
  query WhatWasSaid($slug: String!, $first: Int = 10) {
    actor(slug: $slug) {
      name
      affiliations { role organization { name } }
      statements(first: $first, orderBy: { field: SPAN_START, direction: ASC }) {
        totalCount
        nodes { kind text span { start end } }
      }
    }
  }
`);

/** Prints what the actor said, in the order the article reports it. */
export async function main(client: StancegraphClient, slug = 'lu-kang', log: (line: string) => void = console.log): Promise<void> {
  const { actor } = await client.request(WhatWasSaidDocument, { slug, first: 10 });
  if (!actor) {
    log(`No actor with slug "${slug}".`);
    return;
  }
  const roles = actor.affiliations.map((affiliation) => `${affiliation.role}, ${affiliation.organization.name}`);
  log(`${actor.name}${roles.length ? ` (${roles.join('; ')})` : ''}: ${actor.statements.totalCount} statements`);
  for (const statement of actor.statements.nodes) {
    log(`  [${statement.span.start}–${statement.span.end}] ${statement.kind}: “${statement.text}”`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const client = createClient({ url: process.env.STANCEGRAPH_URL ?? 'http://localhost:4000/graphql' });
  main(client, process.argv[2]).catch((error: unknown) => {
    console.error(isStancegraphError(error) ? `${error.kind} error: ${error.message}` : error);
    process.exitCode = 1;
  });
}
