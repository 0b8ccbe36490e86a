// `query list|show|run|save|delete|restore|check`: the saved-query library from the command line.
//   query run <name> [--var k=v]… [--version N] [--format json|csv] > out.csv
// Runs as the operator (every role): the CLI already holds the database.
import { readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { initContextCache } from '@pothos/core';
import type { GraphQLSchema } from 'graphql';
import type { Viewer } from '../auth/viewer.js';
import type { Store } from '../store/index.js';
import { WriteError } from '../store/writes.js';
import type { Limits } from './documents.js';
import { RunFailed, runCsv, runJson } from './run.js';
import { deleteSavedQuery, loadRunnable, restoreSavedQuery, revalidateSavedQueries, SavedQueryError, saveQuery } from './service.js';
import { coerceVariables, VariableProblem, variablesFromParams } from './variables.js';

export const QUERY_USAGE = `query list [--deleted]
query show <name> [--version N]
query run <name> [--var name=value]… [--version N] [--format json|csv]
query save <name> --file query.graphql [--title TITLE] [--description TEXT] [--defaults JSON]
query delete <name>
query restore <name>
query check`;

export class QueryUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryUsageError';
  }
}

export interface QueryCli {
  store: Store;
  schema: GraphQLSchema;
  limits: Limits;
  maxRows: number;
  viewer: Extract<Viewer, { kind: 'system' }>;
  out?: Writable;
}

export async function runQueryCommand(deps: QueryCli, args: string[]): Promise<void> {
  const out = deps.out ?? process.stdout;
  const [action, ...rest] = args;
  try {
    switch (action) {
      case 'list':
        return await list(deps, rest, out);
      case 'show':
        return await show(deps, rest, out);
      case 'run':
        return await run(deps, rest, out);
      case 'save':
        return await save(deps, rest, out);
      case 'delete':
        return await remove(deps, rest, out);
      case 'restore':
        return await restore(deps, rest, out);
      case 'check':
        return await check(deps, out);
      default:
        throw new QueryUsageError(action ? `unknown query command "${action}"` : 'query needs a command: list, show, run, save, delete, restore or check');
    }
  } catch (error) {
    if (error instanceof SavedQueryError || error instanceof WriteError) throw new QueryUsageError(error.message);
    if (error instanceof VariableProblem) throw new QueryUsageError(`invalid variables:\n  - ${error.problems.join('\n  - ')}`);
    if (error instanceof RunFailed) throw new QueryUsageError(`the query failed: ${error.message}`);
    throw error;
  }
}

/** Runs a parseArgs call, turning its complaints into usage errors. */
function options<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new QueryUsageError(error instanceof Error ? error.message : String(error));
  }
}

function oneName(positionals: string[], command: string): string {
  if (positionals.length !== 1 || !positionals[0]) throw new QueryUsageError(`query ${command} takes one saved-query name`);
  return positionals[0];
}

function versionOf(value: string | undefined): number | null {
  if (value === undefined) return null;
  const version = Number(value);
  if (!Number.isInteger(version) || version < 1) throw new QueryUsageError(`--version must be a whole number from 1, not "${value}"`);
  return version;
}

async function list({ store }: QueryCli, args: string[], out: Writable): Promise<void> {
  const { values } = options(() => parseArgs({ args, strict: true, options: { deleted: { type: 'boolean' } } }));
  const deleted = values.deleted ?? false;
  const queries = await store.savedQueries.findAll({ deleted });
  if (queries.length === 0) {
    out.write(deleted ? 'no deleted saved queries\n' : 'no saved queries yet: save one with `npm run query -- save <name> --file query.graphql`\n');
    return;
  }
  const rows = queries.map((query) => [
    query.name,
    `v${query.currentVersion}`,
    query.status,
    deleted ? `${query.title} (deleted ${query.deletedAt?.slice(0, 10)} by ${query.deletedByName})` : query.title,
  ]);
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => (row[column] as string).length), ['NAME', 'VERSION', 'STATUS'][column]?.length ?? 0));
  const line = (row: string[]) => `${row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i] as number) : cell)).join('  ')}\n`;
  out.write(line(['NAME', 'VERSION', 'STATUS', 'TITLE']));
  for (const [index, row] of rows.entries()) {
    out.write(line(row));
    const query = queries[index];
    if (query?.status === 'BROKEN') out.write(`  broken: ${query.brokenReason}\n`);
  }
}

async function show({ store, schema, limits }: QueryCli, args: string[], out: Writable): Promise<void> {
  const { values, positionals } = options(() => parseArgs({ args, allowPositionals: true, strict: true, options: { version: { type: 'string' } } }));
  const name = oneName(positionals, 'show');
  const query = await store.savedQueries.findByName(name);
  if (!query) throw new QueryUsageError(`there is no saved query named "${name}"`);
  const version = await store.savedQueries.findVersion(query, versionOf(values.version));
  if (!version) throw new QueryUsageError(`"${name}" has no version ${values.version} (it has 1 to ${query.currentVersion})`);
  out.write(`${query.title} (${query.name}, version ${version.version} of ${query.currentVersion}, ${query.status})\n`);
  if (query.description) out.write(`${query.description}\n`);
  if (query.status === 'BROKEN') out.write(`broken: ${query.brokenReason}\n`);
  out.write(`defaults: ${version.defaultVariables}\nsaved by ${version.authorName} at ${version.createdAt}\n\n${version.document.trimEnd()}\n`);
  // A version that no longer fits the schema is shown anyway, so it can be fixed.
  await loadRunnable(store, schema, limits, name, version.version).catch(() => undefined);
}

async function run(deps: QueryCli, args: string[], out: Writable): Promise<void> {
  const { values, positionals } = options(() => parseArgs({ args, allowPositionals: true, strict: true, options: {
    var: { type: 'string', multiple: true },
    version: { type: 'string' },
    format: { type: 'string' },
  } }));
  const name = oneName(positionals, 'run');
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new QueryUsageError(`--format must be json or csv, not "${format}"`);
  const params = new URLSearchParams();
  for (const pair of values.var ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new QueryUsageError(`--var takes name=value, not "${pair}"`);
    params.append(pair.slice(0, at), pair.slice(at + 1));
  }
  const runnable = await loadRunnable(deps.store, deps.schema, deps.limits, name, versionOf(values.version));
  const inputs = variablesFromParams(deps.schema, runnable.checked.operation, params, []);
  const input = {
    schema: deps.schema,
    checked: runnable.checked,
    variables: coerceVariables(deps.schema, runnable.checked.operation, inputs, runnable.defaults),
    context: () => ({ ...initContextCache(), store: deps.store, limits: deps.limits, publicRead: true, viewer: deps.viewer }),
    log: (error: Error) => console.error(error),
  };
  if (format === 'json') {
    const result = await runJson(input);
    out.write(`${JSON.stringify(result, null, 2)}\n`);
    if (!result.data) throw new QueryUsageError('the query returned no data');
    return;
  }
  const csv = await runCsv(input, deps.maxRows);
  for await (const line of csv.lines) out.write(line);
  const truncated = csv.truncated();
  if (truncated) console.error(`stancegraph: the CSV ${truncated}`);
}

async function save(deps: QueryCli, args: string[], out: Writable): Promise<void> {
  const { values, positionals } = options(() => parseArgs({ args, allowPositionals: true, strict: true, options: {
    file: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    defaults: { type: 'string' },
  } }));
  const name = oneName(positionals, 'save');
  if (!values.file) throw new QueryUsageError('query save needs --file with the GraphQL document');
  let document: string;
  try {
    document = readFileSync(values.file, 'utf8');
  } catch (error) {
    throw new QueryUsageError(`cannot read ${values.file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let defaults: Record<string, unknown> | null = null;
  if (values.defaults !== undefined) {
    try {
      defaults = JSON.parse(values.defaults) as Record<string, unknown>;
    } catch {
      throw new QueryUsageError('--defaults must be a JSON object, e.g. \'{"measure":"us-eo-13722"}\'');
    }
  }
  const existing = await deps.store.savedQueries.findByName(name);
  const current = existing ? await deps.store.savedQueries.findVersion(existing) : undefined;
  const result = await saveQuery(deps.store, deps.schema, deps.limits, { apiKeyId: null, name: deps.viewer.name }, {
    name,
    title: values.title ?? existing?.title ?? name,
    description: values.description ?? existing?.description ?? null,
    document,
    defaultVariables: defaults ?? (current ? (JSON.parse(current.defaultVariables) as Record<string, unknown>) : {}),
  });
  out.write(
    result.newVersion
      ? `saved "${name}" as version ${result.query.currentVersion}; run it at /queries/${name}\n`
      : `"${name}" is unchanged (still version ${result.query.currentVersion})\n`,
  );
}

async function remove({ store, viewer }: QueryCli, args: string[], out: Writable): Promise<void> {
  const name = oneName(args, 'delete');
  const query = await store.savedQueries.findByName(name);
  if (!query) throw new QueryUsageError(`there is no saved query named "${name}"`);
  await deleteSavedQuery(store, viewer, name);
  out.write(`deleted "${name}"; its ${query.currentVersion} version(s) are kept: \`query restore ${name}\` brings it back\n`);
}

async function restore({ store, schema, limits, viewer }: QueryCli, args: string[], out: Writable): Promise<void> {
  const name = oneName(args, 'restore');
  const query = await restoreSavedQuery(store, schema, limits, viewer, name);
  out.write(`restored "${name}" with its ${query.currentVersion} version(s) (${query.status}); run it at /queries/${name}\n`);
  if (query.status === 'BROKEN') out.write(`  broken: ${query.brokenReason}\n`);
}

async function check({ store, schema, limits }: QueryCli, out: Writable): Promise<void> {
  const result = await revalidateSavedQueries(store, schema, limits);
  out.write(`checked ${result.checked} saved quer${result.checked === 1 ? 'y' : 'ies'}: ${result.broken.length} broken\n`);
  for (const broken of result.broken) out.write(`  ${broken.name}: ${broken.reason}\n`);
  for (const name of result.repaired) out.write(`  ${name}: fixed by the current schema\n`);
  if (result.broken.length > 0) throw new QueryUsageError(`${result.broken.length} saved quer${result.broken.length === 1 ? 'y is' : 'ies are'} broken`);
}
