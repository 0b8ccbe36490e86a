// What a saved query's document must be: one named query operation (no mutations, no subscriptions)
// that the current schema accepts and that stays within the server's depth, breadth and cost limits.
import { createHash } from 'node:crypto';
import { complexityFromQuery } from '@pothos/plugin-complexity';
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLInputType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  specifiedRules,
  typeFromAST,
  validate,
} from 'graphql';
import type { QueryLimits } from '../../schema/builder.js';
import { queryGuardRules } from '../../schema/query-guards.js';

export type Limits = QueryLimits;

export interface CheckedDocument {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  operationName: string;
  /** SHA-256 (hex) of the normalised text: the same query with other whitespace has the same hash. */
  hash: string;
}

/** The document cannot be saved or run; `problems` are the GraphQL messages, one per line. */
export class DocumentProblem extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'DocumentProblem';
  }
}

/** SHA-256 of the printed document, so formatting does not change it. */
export function documentHash(document: DocumentNode): string {
  return createHash('sha256').update(print(document)).digest('hex');
}

export function checkDocument(schema: GraphQLSchema, text: string, limits: Limits): CheckedDocument {
  let document: DocumentNode;
  try {
    document = parse(text, { maxTokens: 10_000 });
  } catch (error) {
    throw new DocumentProblem([error instanceof GraphQLError ? error.message : 'The document cannot be parsed.']);
  }
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) throw new DocumentProblem([`A saved query holds exactly one operation; this document has ${operations.length}.`]);
  const [operation] = operations as [OperationDefinitionNode];
  if (operation.operation !== 'query') throw new DocumentProblem([`A saved query must be a query, not a ${operation.operation}.`]);
  if (!operation.name) throw new DocumentProblem(['A saved query must be named (`query StancesTowardMeasure($measure: String!) { … }`).']);

  // The same rules as a request over HTTP: a saved query is run by anyone who may read.
  const errors = validate(schema, document, [...specifiedRules, ...queryGuardRules(limits)]);
  if (errors.length > 0) throw new DocumentProblem(errors.map((error) => error.message));

  // Cost with optional variables unset (page sizes fall back to their defaults, as they do when a
  // caller leaves them out) and required ones given stand-in values; a caller asking for more is
  // still checked when the query runs.
  const measured = measure(schema, document, operation);
  if (!measured) return { document, operation, operationName: operation.name.value, hash: documentHash(document) };
  const over = [
    ['depth', measured.depth, limits.depth],
    ['breadth', measured.breadth, limits.breadth],
    ['complexity', measured.complexity, limits.complexity],
  ].filter(([, value, max]) => (value as number) > (max as number));
  if (over.length > 0) {
    throw new DocumentProblem(over.map(([name, value, max]) => `Query ${name} ${value} exceeds the limit of ${max}.`));
  }
  return { document, operation, operationName: operation.name.value, hash: documentHash(document) };
}

/**
 * The query's depth, breadth and cost, or null when they cannot be measured without real variable
 * values (an argument that must be a global ID of some type, say): the limits are still enforced
 * when the query runs, with the caller's values.
 */
function measure(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode) {
  try {
    return complexityFromQuery(document, { schema, variables: placeholders(schema, operation) });
  } catch {
    return null;
  }
}

/** A value for every required variable without a default, of the right type, for measuring cost. */
function placeholders(schema: GraphQLSchema, operation: OperationDefinitionNode): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (type && isNonNullType(type) && !definition.defaultValue) values[definition.variable.name.value] = placeholder(type);
  }
  return values;
}

function placeholder(type: GraphQLInputType): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return [placeholder(inner.ofType)];
  if (isEnumType(inner)) return inner.getValues()[0]?.value;
  if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields()).filter((field) => isNonNullType(field.type) && field.defaultValue === undefined);
    return Object.fromEntries(fields.map((field) => [field.name, placeholder(field.type)]));
  }
  const samples: Record<string, unknown> = { Int: 1, Float: 1, Boolean: false, Date: '2000-01-01', DateTime: '2000-01-01T00:00:00.000Z', JSON: {} };
  return samples[inner.name] ?? 'x';
}
