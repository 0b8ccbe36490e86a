// Date (a calendar day, `YYYY-MM-DD`), DateTime (an RFC 3339 instant) and JSON (saved-query values).
// Dates are checked on the way in: `2016-02-30` or `March 17` is a BAD_USER_INPUT error that says what
// was expected.
import { GraphQLError, Kind, type ValueNode, valueFromASTUntyped } from 'graphql';
import { isIsoDate, isIsoDateTime } from '../server/store/dates.js';
import { builder } from './builder.js';
import { ErrorCode } from './errors.js';

// A literal's error carries its node, so the client sees where in the query the bad value is.
function parseDate(value: unknown, node?: ValueNode): string {
  if (typeof value === 'string' && isIsoDate(value)) return value;
  throw invalid(`Date must be a real calendar day written YYYY-MM-DD, got ${JSON.stringify(value)}`, node);
}

function parseDateTime(value: unknown, node?: ValueNode): string {
  if (typeof value === 'string' && isIsoDateTime(value)) return value;
  throw invalid(`DateTime must be an RFC 3339 timestamp with a time zone, got ${JSON.stringify(value)}`, node);
}

function invalid(message: string, node: ValueNode | undefined): GraphQLError {
  return new GraphQLError(message, { nodes: node, extensions: { code: ErrorCode.BAD_USER_INPUT } });
}

builder.scalarType('Date', {
  description: 'A calendar day in ISO 8601 form, `YYYY-MM-DD` (for example `2016-03-17`).',
  serialize: (value) => value,
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined, ast),
});

builder.scalarType('DateTime', {
  description: 'An instant in RFC 3339 / ISO 8601 form with a time zone (for example `2016-03-17T09:30:00.000Z`).',
  serialize: (value) => value,
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined, ast),
});

builder.scalarType('JSON', {
  description: 'Any JSON value: an object, array, string, number, boolean or null (saved-query variables and results).',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});
