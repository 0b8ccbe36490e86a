// Validation rules that bound what one document can make the server do, beyond the depth, breadth
// and cost that the complexity plugin measures on the schema's own fields. That plugin checks at
// each root field's resolver, so it never sees introspection (`__schema`, `__type`), and it counts
// an aliased field as often as it is written but sets no limit on aliases themselves: one request
// of a hundred aliased `__schema` walks built a 50 MB answer. The rules run in validation, before
// anything executes, for Yoga's requests and for saved queries alike.
import {
  type ASTVisitor,
  type FieldNode,
  GraphQLError,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isWrappingType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { ErrorCode } from './errors.js';

export interface GuardLimits {
  /** The most aliased fields an operation may have, counted through its fragments. */
  aliases: number;
  /** The deepest selection; fields nested more than twice this deep are refused here already. */
  depth: number;
  /** The highest cost an operation's introspection may have: one per field of its answer. */
  complexity: number;
}

/** How often one operation may select `__schema`: the whole schema once is all any tool needs. */
export const MAX_SCHEMA_SELECTIONS = 1;

/** The rules for one set of limits, to add to graphql-js's `specifiedRules`. */
export function queryGuardRules(limits: GuardLimits): ValidationRule[] {
  return [(context) => operationGuard(context, limits)];
}

function tooComplex(limit: string, measured: number, max: number, message: string, node: FieldNode | OperationDefinitionNode): GraphQLError {
  return new GraphQLError(message, { nodes: [node], extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit, measured, max } });
}

function operationGuard(context: ValidationContext, limits: GuardLimits): ASTVisitor {
  return {
    OperationDefinition(operation) {
      const schema = context.getSchema();
      const counts = { aliases: 0, schemaSelections: 0, nesting: 0 };
      const introspection: FieldNode[] = [];
      // The complexity plugin measures depth recursively, at execution: a selection thousands of
      // levels deep overflows the stack there. Twice the limit is refused here, before that.
      const maxNesting = limits.depth * 2;
      walkSelections(context, operation.selectionSet, (field, nesting) => {
        counts.nesting = Math.max(counts.nesting, nesting);
        if (nesting > maxNesting) return false;
        if (field.alias) counts.aliases += 1;
        if (field.name.value === '__schema') counts.schemaSelections += 1;
        if (field.name.value === '__schema' || field.name.value === '__type') introspection.push(field);
        return true;
      });
      if (counts.nesting > maxNesting) {
        context.reportError(
          tooComplex('depth', counts.nesting, limits.depth, `Query nests fields more than ${maxNesting} deep, far past the depth limit of ${limits.depth}; select less, or page through it.`, operation),
        );
        return;
      }
      if (counts.aliases > limits.aliases) {
        context.reportError(
          tooComplex('aliases', counts.aliases, limits.aliases, `Query has ${counts.aliases} aliases, more than the limit of ${limits.aliases}; split it into several requests.`, operation),
        );
      }
      if (counts.schemaSelections > MAX_SCHEMA_SELECTIONS) {
        context.reportError(
          tooComplex(
            'schemaSelections',
            counts.schemaSelections,
            MAX_SCHEMA_SELECTIONS,
            `Query selects __schema ${counts.schemaSelections} times; one operation may select it once.`,
            operation,
          ),
        );
        return;
      }
      if (introspection.length === 0) return;
      const cost = new IntrospectionCost(context, schema, limits.complexity);
      for (const field of introspection) cost.addRoot(field);
      if (cost.total > limits.complexity) {
        context.reportError(
          tooComplex(
            'introspection',
            cost.total,
            limits.complexity,
            `Query introspection cost ${cost.exceeded ? `over ${limits.complexity}` : cost.total} exceeds the limit of ${limits.complexity}; select less of the schema.`,
            operation,
          ),
        );
      }
    },
  };
}

/**
 * Calls `visit` for every field the selection set selects, fragments spread in wherever they are
 * spread (so an alias in a fragment spread ten times counts ten times), with how deep the field is
 * nested (1 for a root field); `visit` returning false stops the walk below that field. A fragment
 * that spreads itself is reported by graphql-js's own rule; here it is simply not followed again.
 */
function walkSelections(
  context: ValidationContext,
  selectionSet: SelectionSetNode,
  visit: (field: FieldNode, nesting: number) => boolean,
  nesting = 1,
  spreading = new Set<string>(),
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (visit(selection, nesting) && selection.selectionSet) walkSelections(context, selection.selectionSet, visit, nesting + 1, spreading);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      walkSelections(context, selection.selectionSet, visit, nesting, spreading);
    } else {
      const name = selection.name.value;
      const fragment = context.getFragment(name);
      if (!fragment || spreading.has(name)) continue;
      spreading.add(name);
      walkSelections(context, fragment.selectionSet, visit, nesting, spreading);
      spreading.delete(name);
    }
  }
}

type MetaType = '__Schema' | '__Type' | '__Field' | '__InputValue' | '__EnumValue' | '__Directive';
type MetaValue = GraphQLSchema | GraphQLType | GraphQLField<unknown, unknown> | GraphQLInputField | { name: string } | null;

/**
 * The size of the answer an introspection selection would produce: one per field of every object
 * in it, walking the real schema (types, their fields, arguments, enum values …) rather than
 * guessing list sizes. It stops counting once past the limit, so its own work is bounded by it.
 */
class IntrospectionCost {
  total = 0;
  exceeded = false;

  constructor(
    private readonly context: ValidationContext,
    private readonly schema: GraphQLSchema,
    private readonly limit: number,
  ) {}

  addRoot(field: FieldNode): void {
    this.total += 1;
    if (!field.selectionSet) return;
    if (field.name.value === '__schema') {
      this.addObject(field.selectionSet, '__Schema', this.schema);
      return;
    }
    // `__type(name: "Actor")`: that type; with a variable for the name, the largest type there is.
    const nameArgument = field.arguments?.find((argument) => argument.name.value === 'name')?.value;
    const type = nameArgument?.kind === Kind.STRING ? this.schema.getType(nameArgument.value) : largestType(this.schema);
    if (type) this.addObject(field.selectionSet, '__Type', type);
  }

  private addObject(selectionSet: SelectionSetNode, metaType: MetaType, value: MetaValue): void {
    for (const field of directFields(this.context, selectionSet)) {
      if (this.total > this.limit) {
        this.exceeded = true;
        return;
      }
      this.total += 1;
      if (!field.selectionSet) continue;
      const child = childrenOf(this.schema, metaType, value, field.name.value);
      if (!child) continue;
      for (const item of child.values) {
        this.addObject(field.selectionSet, child.metaType, item);
        if (this.exceeded) return;
      }
    }
  }
}

/** The fields selected directly in a selection set, through inline fragments and fragment spreads. */
function directFields(context: ValidationContext, selectionSet: SelectionSetNode): FieldNode[] {
  const fields: FieldNode[] = [];
  walkSelections(context, selectionSet, (field) => {
    fields.push(field);
    return false;
  });
  return fields;
}

/** What an introspection field returns, as the introspection types define it (deprecated items included). */
function childrenOf(schema: GraphQLSchema, metaType: MetaType, value: MetaValue, field: string): { metaType: MetaType; values: readonly MetaValue[] } | null {
  const types = (values: readonly (GraphQLType | null | undefined)[]) => ({ metaType: '__Type' as const, values: values.filter((type): type is GraphQLType => !!type) });
  switch (metaType) {
    case '__Schema': {
      if (field === 'types') return types(Object.values(schema.getTypeMap()));
      if (field === 'queryType') return types([schema.getQueryType()]);
      if (field === 'mutationType') return types([schema.getMutationType()]);
      if (field === 'subscriptionType') return types([schema.getSubscriptionType()]);
      if (field === 'directives') return { metaType: '__Directive', values: schema.getDirectives() as unknown as MetaValue[] };
      return null;
    }
    case '__Type': {
      const type = value as GraphQLType;
      if (field === 'ofType') return types([isWrappingType(type) ? type.ofType : null]);
      if (field === 'fields') return { metaType: '__Field', values: isObjectType(type) || isInterfaceType(type) ? Object.values(type.getFields()) : [] };
      if (field === 'interfaces') return types(isObjectType(type) || isInterfaceType(type) ? type.getInterfaces() : []);
      if (field === 'possibleTypes') return types(isAbstractType(type) ? schema.getPossibleTypes(type) : []);
      if (field === 'enumValues') return { metaType: '__EnumValue', values: isEnumType(type) ? type.getValues() : [] };
      if (field === 'inputFields') return { metaType: '__InputValue', values: isInputObjectType(type) ? Object.values(type.getFields()) : [] };
      return null;
    }
    case '__Field':
    case '__InputValue':
    case '__Directive': {
      const item = value as { type?: GraphQLType; args?: readonly GraphQLInputField[] };
      if (field === 'type' && item.type) return types([item.type]);
      if (field === 'args') return { metaType: '__InputValue', values: item.args ?? [] };
      return null;
    }
    default:
      return null;
  }
}

/** The named type with the most fields, values or members: the worst case for `__type($name)`. */
function largestType(schema: GraphQLSchema): GraphQLNamedType | undefined {
  const size = (type: GraphQLNamedType) =>
    isObjectType(type) || isInterfaceType(type) || isInputObjectType(type) ? Object.keys(type.getFields()).length : isEnumType(type) ? type.getValues().length : 0;
  return Object.values(schema.getTypeMap()).reduce<GraphQLNamedType | undefined>((largest, type) => (!largest || size(type) > size(largest) ? type : largest), undefined);
}
