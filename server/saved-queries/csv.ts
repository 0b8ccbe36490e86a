// CSV for spreadsheets: the rows are the first list or connection in a result, the columns are the
// leaves of the row's selection (nested objects as dotted names, lists joined with "; "), written
// per RFC 4180 (CRLF, quotes doubled, fields with separators quoted).
import {
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  type GraphQLCompositeType,
  type GraphQLSchema,
  isCompositeType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** Where the rows are in a result, and what each row holds. */
export interface RowPlan {
  /** Response keys from `data` to the list or connection field. */
  path: string[];
  /** The field itself (a connection is paged through by rewriting it). */
  field: FieldNode;
  kind: 'list' | 'connection';
  /** For a connection: read rows from `nodes`, or from `edges[].node`. */
  via: 'nodes' | 'edges' | null;
  /** One path of response keys per column. */
  columns: string[][];
}

export const LIST_SEPARATOR = '; ';
/** A whole value that is a plain number ("-12.5", "-3e4"): safe to leave as it is, minus sign and all. */
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

export function planRows(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
): RowPlan | null {
  const root = schema.getQueryType();
  return root ? findRows(schema, root, operation.selectionSet, [], fragments) : null;
}

function findRows(
  schema: GraphQLSchema,
  parent: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
  path: string[],
  fragments: Record<string, FragmentDefinitionNode>,
): RowPlan | null {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      // Unions have no fields of their own; their members are reached through fragments.
      if (selection.name.value.startsWith('__') || !('getFields' in parent)) continue;
      const definition = parent.getFields()[selection.name.value];
      if (!definition) continue;
      const key = selection.alias?.value ?? selection.name.value;
      const nullable = getNullableType(definition.type);
      const named = getNamedType(definition.type);
      // A list of scalars (an actor's aliases) is a column of its row, not the rows themselves.
      if (isListType(nullable) && selection.selectionSet) {
        return { path: [...path, key], field: selection, kind: 'list', via: null, columns: columnsOf(selection.selectionSet, fragments, []) };
      }
      if (isObjectType(named) && named.name.endsWith('Connection') && selection.selectionSet) {
        const rows = connectionRows(selection.selectionSet, fragments);
        if (rows) return { path: [...path, key], field: selection, kind: 'connection', via: rows.via, columns: columnsOf(rows.selectionSet, fragments, []) };
      }
      if (isCompositeType(named) && selection.selectionSet) {
        const found = findRows(schema, named, selection.selectionSet, [...path, key], fragments);
        if (found) return found;
      }
      continue;
    }
    const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments[selection.name.value];
    if (!inner) continue;
    const condition = inner.typeCondition ? schema.getType(inner.typeCondition.name.value) : parent;
    if (condition && isCompositeType(condition)) {
      const found = findRows(schema, condition, inner.selectionSet, path, fragments);
      if (found) return found;
    }
  }
  return null;
}

/** The selection of a connection's rows: `nodes { … }` if selected, else `edges { node { … } }`. */
function connectionRows(
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
): { via: 'nodes' | 'edges'; selectionSet: SelectionSetNode } | null {
  const fields = flatFields(selectionSet, fragments);
  const nodes = fields.find((field) => field.name.value === 'nodes' && field.selectionSet);
  if (nodes?.selectionSet) return { via: 'nodes', selectionSet: nodes.selectionSet };
  const edges = fields.find((field) => field.name.value === 'edges' && field.selectionSet);
  const node = edges?.selectionSet ? flatFields(edges.selectionSet, fragments).find((field) => field.name.value === 'node') : undefined;
  return node?.selectionSet ? { via: 'edges', selectionSet: node.selectionSet } : null;
}

function flatFields(selectionSet: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>): FieldNode[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection];
    const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments[selection.name.value];
    return inner ? flatFields(inner.selectionSet, fragments) : [];
  });
}

/** Every leaf under a selection, as response-key paths, in the order the query selects them. */
function columnsOf(selectionSet: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, prefix: string[]): string[][] {
  const seen = new Set<string>();
  const columns: string[][] = [];
  for (const field of flatFields(selectionSet, fragments)) {
    const key = field.alias?.value ?? field.name.value;
    const paths = field.selectionSet ? columnsOf(field.selectionSet, fragments, [...prefix, key]) : [[...prefix, key]];
    for (const path of paths) {
      const name = path.join('.');
      if (seen.has(name)) continue;
      seen.add(name);
      columns.push(path);
    }
  }
  return columns;
}

/** The rows at the plan's path in a result's `data`. */
export function rowsOf(plan: RowPlan, data: unknown): unknown[] {
  const at = plan.path.reduce<unknown>((value, key) => (isRecord(value) ? value[key] : undefined), data);
  if (plan.kind === 'list') return Array.isArray(at) ? at : [];
  if (!isRecord(at)) return [];
  if (plan.via === 'nodes') return Array.isArray(at.nodes) ? at.nodes : [];
  return Array.isArray(at.edges) ? at.edges.map((edge) => (isRecord(edge) ? edge.node : null)) : [];
}

export function headerRow(plan: RowPlan): string {
  return csvLine(plan.columns.map((column) => (column.length > 0 ? column.join('.') : plan.path.at(-1) ?? 'value')));
}

export function dataRow(plan: RowPlan, row: unknown): string {
  return csvLine(plan.columns.map((column) => leaves(row, column).join(LIST_SEPARATOR)));
}

/** The values at `path` under `value`, fanning out through lists; nulls are left out. */
function leaves(value: unknown, path: string[]): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((item) => leaves(item, path));
  if (path.length === 0) return [isRecord(value) ? JSON.stringify(value) : String(value)];
  if (!isRecord(value)) return [];
  const [key, ...rest] = path as [string, ...string[]];
  return leaves(value[key], rest);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function csvLine(fields: string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/**
 * One field, quoted when it holds a comma, quote or line break. Text a spreadsheet would run as a
 * formula (=, +, @, or - not starting a number) gets a leading apostrophe, the usual defence
 * against CSV injection.
 */
export function csvField(value: string): string {
  const safe = /^[=+@\t\r]/.test(value) || (value.startsWith('-') && !NUMBER.test(value)) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
