// What any server built on this stack must spend on an operation, whatever its resolvers and SQL:
// graphql-js executing the document over the answer already in memory (each field read off its
// parent, no promises) and JSON.stringify of the result. Together with Yoga's cost for a request
// that reads no data (operation 0), this bounds how close to the raw ceiling a Yoga + graphql-js
// server can get: the report's "stack bound". Measured in the benchmark's own process, on one core.
import {
  buildClientSchema,
  execute,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type IntrospectionQuery,
  parse,
} from 'graphql';
import { isDeepStrictEqual } from 'node:util';

/** Rounds of timing; the median is reported (the machine is shared and noisy). */
const ROUNDS = 5;
/** Each round runs at least this long, so a round of a fast operation is not all timer noise. */
const ROUND_MS = 200;

/** The app's schema from its answer to the introspection query (so the floor runs against what is served). */
export function schemaFromIntrospection(responseBody: string): GraphQLSchema {
  const body = JSON.parse(responseBody) as { data?: IntrospectionQuery; errors?: unknown };
  if (!body.data) throw new Error(`introspection failed: ${JSON.stringify(body.errors ?? body).slice(0, 300)}`);
  return buildClientSchema(body.data);
}

/** Reads a field off its parent in the answer (by response key, so aliases work). */
const readField: GraphQLFieldResolver<Record<string, unknown>, unknown> = (source, _args, _context, info) => source[info.path.key as string];

/**
 * Milliseconds graphql-js takes to execute `query` over `data` (the app's own answer) and stringify
 * the result: the median of a few timed rounds. Throws if the execution does not reproduce `data`,
 * which would mean it measured something other than the operation.
 */
export function executionFloorMs(schema: GraphQLSchema, query: string, variables: Record<string, unknown>, data: unknown): number {
  const document = parse(query);
  const run = () =>
    execute({
      schema,
      document,
      rootValue: data,
      variableValues: variables,
      fieldResolver: readField,
      // Union and interface members carry __typename in every answer the benchmark checks.
      typeResolver: (value) => (value as { __typename?: string }).__typename,
    });
  const first = run();
  if ('then' in first) throw new Error('the execution floor ran asynchronously; it should read plain values');
  if (first.errors?.length || !isDeepStrictEqual(JSON.parse(JSON.stringify(first.data)), data)) {
    throw new Error(`executing the operation over its own answer did not reproduce it: ${JSON.stringify(first.errors ?? first.data).slice(0, 300)}`);
  }
  const timings: number[] = [];
  for (let round = -1; round < ROUNDS; round++) {
    let runs = 0;
    const start = performance.now();
    do {
      JSON.stringify(run());
      runs++;
    } while (performance.now() - start < ROUND_MS);
    // Round -1 warms the JIT up.
    if (round >= 0) timings.push((performance.now() - start) / runs);
  }
  timings.sort((a, b) => a - b);
  return timings[Math.floor(timings.length / 2)] as number;
}
