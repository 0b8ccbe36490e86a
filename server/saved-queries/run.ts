// Running a saved query: as one GraphQL result (JSON), or as CSV rows streamed page by page, the
// first connection in the query followed through its cursors up to a row limit.
import {
  type DocumentNode,
  execute,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  visit,
} from 'graphql';
import { clientError } from '../error-policy.js';
import { withRenewedBudget } from '../store/budget.js';
import type { CheckedDocument } from './documents.js';
import { dataRow, headerRow, planRows, type RowPlan, rowsOf } from './csv.js';

/** Stops CSV output after this many rows unless configured otherwise (SAVED_QUERY_MAX_ROWS). */
export const DEFAULT_MAX_ROWS = 10_000;
const AFTER_VARIABLE = 'stancegraphAfter';
const PAGE_INFO_ALIAS = 'stancegraphPageInfo';

export interface RunInput {
  schema: GraphQLSchema;
  checked: CheckedDocument;
  /** Coerced variables. */
  variables: Record<string, unknown>;
  /** A fresh request context (viewer, store, limits) per execution, so per-request caches stay small. */
  context: () => object;
  /** Called with each unexpected error before it is masked. */
  log?: (error: GraphQLError) => void;
}

/** The query's first page as a GraphQL result, with errors as a client sees them. */
export async function runJson(input: RunInput): Promise<ExecutionResult> {
  const result = await execute({
    schema: input.schema,
    document: input.checked.document,
    variableValues: input.variables,
    contextValue: input.context(),
  });
  return masked(result, input.log);
}

function masked(result: ExecutionResult, log?: (error: GraphQLError) => void): ExecutionResult {
  if (!result.errors) return result;
  return {
    ...result,
    errors: result.errors.map((error) => {
      const safe = clientError(error);
      if (safe.extensions.code === 'INTERNAL_SERVER_ERROR') log?.(error);
      return safe;
    }),
  };
}

/** The first page failed: nothing was written yet, so the caller can answer with an error status. */
export class RunFailed extends Error {
  constructor(readonly result: ExecutionResult) {
    super(result.errors?.map((error) => error.message).join('\n') ?? 'The query returned no data.');
    this.name = 'RunFailed';
  }
}

export interface CsvRun {
  /** Header then rows, as CRLF-terminated CSV lines; pages are fetched as the consumer reads. */
  lines: AsyncGenerator<string>;
  /** Why the output stopped early, once `lines` is done: a row limit or an error in a later page. */
  truncated: () => string | null;
}

/**
 * Runs the first page before returning, so a query that fails outright (bad variables caught late,
 * a refused key) raises RunFailed instead of producing a half-written CSV.
 */
export async function runCsv(input: RunInput, maxRows = DEFAULT_MAX_ROWS): Promise<CsvRun> {
  const { document, operation } = input.checked;
  const fragments = fragmentsOf(document);
  const plan = planRows(input.schema, operation, fragments);
  if (!plan) throw new RunFailed({ errors: [clientError(noRows())] });
  const paging = pagingFor(plan, document, input.variables);
  // Each page has the request's whole time budget: a page is bounded, a long download is not a fault.
  const run = (after: unknown) =>
    withRenewedBudget(async () =>
      masked(
        await execute({
          schema: input.schema,
          document: paging?.document ?? document,
          variableValues: paging ? { ...input.variables, [AFTER_VARIABLE]: after } : input.variables,
          contextValue: input.context(),
        }),
        input.log,
      ),
    );

  const first = await run(paging?.initialAfter ?? null);
  if (!first.data || (first.errors?.length && rowsOf(plan, first.data).length === 0)) throw new RunFailed(first);

  let stopped: string | null = null;
  async function* lines(): AsyncGenerator<string> {
    yield headerRow(plan as RowPlan);
    let result = first;
    let written = 0;
    for (;;) {
      for (const row of rowsOf(plan as RowPlan, result.data)) {
        if (written >= maxRows) {
          stopped = `stopped at the limit of ${maxRows} rows`;
          return;
        }
        yield dataRow(plan as RowPlan, row);
        written++;
      }
      if (result.errors?.length) {
        stopped = `stopped after an error: ${result.errors[0]?.message}`;
        return;
      }
      const next = paging ? nextCursor(plan as RowPlan, result.data) : null;
      if (!next) return;
      result = await run(next);
    }
  }
  return { lines: lines(), truncated: () => stopped };
}

function noRows(): GraphQLError {
  return new GraphQLError('The query selects no list or connection, so it has no rows to write as CSV; use format=json.', {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  return Object.fromEntries(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
}

interface Paging {
  document: DocumentNode;
  /** The cursor the caller asked to start after, if any. */
  initialAfter: unknown;
}

/**
 * The document rewritten so the row connection can be paged: its `after` argument bound to a
 * variable of our own, and its pageInfo selected under an alias. Connections read backwards
 * (`last`/`before`) and plain lists are not paged: they are written as the one page they return.
 */
function pagingFor(plan: RowPlan, document: DocumentNode, variables: Record<string, unknown>): Paging | null {
  if (plan.kind !== 'connection') return null;
  const args = plan.field.arguments ?? [];
  if (args.some((arg) => arg.name.value === 'last' || arg.name.value === 'before')) return null;
  const after = args.find((arg) => arg.name.value === 'after')?.value;
  const initialAfter =
    after?.kind === Kind.STRING ? after.value : after?.kind === Kind.VARIABLE ? (variables[after.name.value] ?? null) : null;

  const rewritten = visit(document, {
    OperationDefinition(node: OperationDefinitionNode) {
      return {
        ...node,
        variableDefinitions: [
          ...(node.variableDefinitions ?? []),
          {
            kind: Kind.VARIABLE_DEFINITION,
            variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: AFTER_VARIABLE } },
            type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'String' } },
          },
        ],
      };
    },
    Field(node: FieldNode) {
      if (node !== plan.field) return undefined;
      return {
        ...node,
        arguments: [
          ...args.filter((arg) => arg.name.value !== 'after'),
          {
            kind: Kind.ARGUMENT,
            name: { kind: Kind.NAME, value: 'after' },
            value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: AFTER_VARIABLE } },
          },
        ],
        selectionSet: {
          kind: Kind.SELECTION_SET,
          selections: [
            ...(node.selectionSet?.selections ?? []),
            {
              kind: Kind.FIELD,
              alias: { kind: Kind.NAME, value: PAGE_INFO_ALIAS },
              name: { kind: Kind.NAME, value: 'pageInfo' },
              selectionSet: {
                kind: Kind.SELECTION_SET,
                selections: ['hasNextPage', 'endCursor'].map((name) => ({ kind: Kind.FIELD, name: { kind: Kind.NAME, value: name } })),
              },
            },
          ],
        },
      };
    },
  });
  return { document: rewritten, initialAfter };
}

function nextCursor(plan: RowPlan, data: unknown): string | null {
  const connection = plan.path.reduce<unknown>(
    (value, key) => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined),
    data,
  ) as { [PAGE_INFO_ALIAS]?: { hasNextPage?: boolean; endCursor?: string | null } } | null | undefined;
  const info = connection?.[PAGE_INFO_ALIAS];
  return info?.hasNextPage && info.endCursor ? info.endCursor : null;
}
