// Variables for a saved query from where non-GraphQL tools put them: URL query parameters (all
// strings) or a JSON body. Strings are read by each variable's declared type, then graphql-js
// coerces and checks the lot, so a missing required variable or a bad value gets its usual message.
import {
  getVariableValues,
  type GraphQLInputType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type OperationDefinitionNode,
  typeFromAST,
} from 'graphql';

/** Bad variables: one message per problem, all safe to show. */
export class VariableProblem extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'VariableProblem';
  }
}

/** The variables an operation declares, with their types as written (`measure: String!`). */
export function declaredVariables(operation: OperationDefinitionNode) {
  return (operation.variableDefinitions ?? []).map((definition) => ({
    name: definition.variable.name.value,
    definition,
  }));
}

/**
 * Reads URL parameters as variables. A list variable takes the parameter repeated
 * (`?sectors=MINING&sectors=ENERGY`) or a JSON array; an input object takes JSON. Parameters the
 * operation does not declare are an error (a typo would otherwise be silently ignored), except the
 * `reserved` ones the endpoint itself reads (`format`, `version`).
 */
export function variablesFromParams(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  params: URLSearchParams,
  reserved: readonly string[],
): Record<string, unknown> {
  const declared = new Map(declaredVariables(operation).map(({ name, definition }) => [name, definition]));
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const name of new Set(params.keys())) {
    if (reserved.includes(name)) continue;
    const definition = declared.get(name);
    if (!definition) {
      const known = [...declared.keys()];
      problems.push(`Unknown parameter "${name}": this query takes ${known.length > 0 ? known.map((k) => `"${k}"`).join(', ') : 'no variables'}.`);
      continue;
    }
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (!type) continue; // validation of the document already rejects unknown types
    try {
      values[name] = fromStrings(type, params.getAll(name));
    } catch (error) {
      problems.push(`Parameter "${name}": ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (problems.length > 0) throw new VariableProblem(problems);
  return values;
}

function fromStrings(type: GraphQLInputType, raw: string[]): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    if (raw.length === 1 && raw[0]?.trim().startsWith('[')) return parseJson(raw[0]);
    return raw.map((value) => fromString(inner.ofType, value));
  }
  return fromString(inner, raw.at(-1) ?? '');
}

function fromString(type: GraphQLInputType, value: string): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isInputObjectType(inner) || isListType(inner)) return parseJson(value);
  if (isEnumType(inner)) return value;
  if (isScalarType(inner)) {
    switch (inner.name) {
      case 'Int':
      case 'Float':
        // Left as text when it is not a number: graphql-js then says "Int cannot represent …".
        return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
      case 'Boolean':
        return value === 'true' ? true : value === 'false' ? false : value;
      default:
        return value;
    }
  }
  return value;
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new Error(`expected JSON, got ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value)}`);
  }
}

/** Coerces `inputs` (saved defaults under them) by the declared types; throws VariableProblem listing every error. */
export function coerceVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  inputs: Record<string, unknown>,
  defaults: Record<string, unknown> = {},
): Record<string, unknown> {
  const declared = new Set(declaredVariables(operation).map(({ name }) => name));
  const unknown = Object.keys(inputs).filter((name) => !declared.has(name));
  if (unknown.length > 0) {
    throw new VariableProblem(unknown.map((name) => `Unknown variable "${name}": this query takes ${[...declared].map((k) => `"${k}"`).join(', ') || 'no variables'}.`));
  }
  const result = getVariableValues(schema, operation.variableDefinitions ?? [], { ...defaults, ...inputs }, { maxErrors: 25 });
  if (result.errors) throw new VariableProblem(result.errors.map((error) => error.message));
  return result.coerced;
}
