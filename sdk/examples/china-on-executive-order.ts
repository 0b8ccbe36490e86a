// What has China said about E.O. 13722? China's stances toward the order, each with the statements
// that evidence it (speaker, kind, text), through the SDK's typed methods and `paginate`.
//
//   node --import tsx sdk/examples/china-on-executive-order.ts
//   STANCEGRAPH_URL=https://stancegraph.example/graphql node --import tsx sdk/examples/china-on-executive-order.ts
//
// An app imports the same names from '@stancegraph/sdk'; this example imports the workspace source so
// it runs without a build.
import { pathToFileURL } from 'node:url';
import { createClient, isStancegraphError, paginate, type StancegraphClient } from '../src/index.js';

export const MEASURE = 'us-eo-13722';
export const HOLDER = 'china';

/** Prints China's stances toward E.O. 13722 and their evidence, one line each. */
export async function main(client: StancegraphClient, log: (line: string) => void = console.log): Promise<void> {
  // Filters take global IDs; slugs are the human names.
  const { actor: china } = await client.actor({ slug: HOLDER, first: 1 });
  if (!china) throw new Error(`no actor with slug "${HOLDER}"`);

  let stances = 0;
  // `paginate` sets `first` and `after` and follows `pageInfo.endCursor` until the last page.
  for await (const stance of paginate(client.sanctionMeasure, { slug: MEASURE, stanceFilter: { holders: [china.id] } }, { pageSize: 10 })) {
    stances++;
    const target = stance.target.__typename === 'SanctionMeasure' ? (stance.target.identifier ?? stance.target.name) : MEASURE;
    log(`${stance.holder.name} ${stance.position} ${target}: ${stance.summary}`);
    for (const statement of stance.evidence) {
      log(`  ${statement.speaker.name} (${statement.kind}): “${statement.text}”`);
    }
  }
  if (stances === 0) log(`${china.name} has no recorded stance on ${MEASURE}.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const client = createClient({ url: process.env.STANCEGRAPH_URL ?? 'http://localhost:4000/graphql' });
  main(client).catch((error: unknown) => {
    console.error(isStancegraphError(error) ? `${error.kind} error: ${error.message}` : error);
    process.exitCode = 1;
  });
}
