// Date (a calendar day, `YYYY-MM-DD`) and DateTime (an RFC 3339 instant). Both are checked on the
// way in: `2016-02-30` or `March 17` is a BAD_USER_INPUT error that says what was expected.
import { Kind } from 'graphql';
import { isIsoDate, isIsoDateTime } from '../server/store/dates.js';
import { builder } from './builder.js';
import { badUserInput } from './errors.js';

function parseDate(value: unknown): string {
  if (typeof value === 'string' && isIsoDate(value)) return value;
  throw badUserInput(`Date must be a real calendar day written YYYY-MM-DD, got ${JSON.stringify(value)}`);
}

function parseDateTime(value: unknown): string {
  if (typeof value === 'string' && isIsoDateTime(value)) return value;
  throw badUserInput(`DateTime must be an RFC 3339 timestamp with a time zone, got ${JSON.stringify(value)}`);
}

builder.scalarType('Date', {
  description: 'A calendar day in ISO 8601 form, `YYYY-MM-DD` (for example `2016-03-17`).',
  serialize: (value) => value,
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

builder.scalarType('DateTime', {
  description: 'An instant in RFC 3339 / ISO 8601 form with a time zone (for example `2016-03-17T09:30:00.000Z`).',
  serialize: (value) => value,
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});
