// The schema contract: the committed SDL matches the code, and every part of it is documented.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type GraphQLNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  isNonNullType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { printSchemaSdl, schema } from '../schema/index.js';

const ROOT = new URL('..', import.meta.url).pathname;

function ownTypes(): GraphQLNamedType[] {
  return Object.values(schema.getTypeMap()).filter((type) => !isIntrospectionType(type) && !isSpecifiedScalarType(type));
}

describe('schema/schema.graphql', () => {
  it('is what the code prints (run `npm run schema:print` after changing the schema)', () => {
    expect(readFileSync(join(ROOT, 'schema/schema.graphql'), 'utf8')).toBe(printSchemaSdl());
  });

  it('is checked by `npm run check`, which fails when the file drifts', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'stancegraph-drift-'));
    const file = join(scratch, 'schema.graphql');
    const check = () =>
      execFileSync(process.execPath, ['--import', 'tsx', 'schema/print.ts', '--check', '--file', file], { cwd: ROOT, stdio: 'pipe' }).toString();
    try {
      writeFileSync(file, printSchemaSdl());
      expect(check()).toContain('up to date');
      writeFileSync(file, printSchemaSdl().replace('A news article', 'A news story'));
      expect(check).toThrow(/out of date/);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe('schema documentation', () => {
  it('describes every type, field, argument, input field and enum value', () => {
    const missing: string[] = [];
    for (const type of ownTypes()) {
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of field.args) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) if (!field.description) missing.push(`${type.name}.${field.name}`);
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('schema shape', () => {
  it('makes every entity a Node with an ID, and every connection Relay-shaped', () => {
    const nodes = ['Article', 'Actor', 'Affiliation', 'Statement', 'Stance', 'SanctionMeasure', 'Event', 'Topic'];
    for (const name of nodes) {
      const type = schema.getType(name);
      expect(isObjectType(type) && type.getInterfaces().map((i) => i.name)).toEqual(['Node']);
    }
    for (const type of ownTypes()) {
      if (!isObjectType(type) || !type.name.endsWith('Connection')) continue;
      expect(Object.keys(type.getFields()).sort(), type.name).toEqual(['edges', 'nodes', 'pageInfo', 'totalCount']);
    }
  });

  it('marks as non-null what the data guarantees', () => {
    const statement = schema.getType('Statement');
    if (!isObjectType(statement)) throw new Error('no Statement type');
    const fields = statement.getFields();
    for (const name of ['id', 'text', 'kind', 'span', 'speaker', 'article', 'saidOn', 'stances']) {
      expect(isNonNullType(fields[name]?.type), `Statement.${name}`).toBe(true);
    }
    for (const name of ['speakerRole', 'venue', 'event']) {
      expect(isNonNullType(fields[name]?.type), `Statement.${name}`).toBe(false);
    }
  });

  it('bounds every connection with first/last and gives each root list a filter and orderBy', () => {
    const query = schema.getQueryType();
    if (!query) throw new Error('no Query type');
    for (const name of ['articles', 'actors', 'statements', 'stances', 'sanctionMeasures', 'events', 'topics']) {
      const args = query.getFields()[name]?.args.map((arg) => arg.name).sort();
      expect(args, name).toEqual(['after', 'before', 'filter', 'first', 'last', 'orderBy']);
    }
  });
});
