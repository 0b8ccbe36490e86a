// A small Pothos plugin that checks a field's role before its arguments are read.
//
// Pothos maps arguments (decoding global IDs, for one) outside every plugin's resolver wrapper, so
// scope-auth only ran after them: an anonymous `updateTopic(input: { id: "@@" })` was told its ID
// was malformed (BAD_USER_INPUT) rather than that it needs a key, which tells a stranger how inputs
// are checked before it tells them they may not write at all. `wrapArgMappers` wraps outside the
// argument mapping; the role declared on the field (`authScopes: { role }`) is checked there, with
// the same error scope-auth gives. Scope-auth still runs its own check inside, for every field.
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { AuthScopeFailureType } from '@pothos/plugin-scope-auth';
import type { GraphQLFieldResolver } from 'graphql';
import type { Context } from './builder.js';
import { viewerHasRole } from './roles.js';
import { notAuthorized } from './errors.js';
import type { Role } from '../server/store/enums.js';

const pluginName = 'rolesFirst';

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      rolesFirst: RolesFirstPlugin<Types>;
    }
  }
}

/** The role a field's `authScopes` asks for, when it is a plain `{ role }`. */
function declaredRole(fieldConfig: PothosOutputFieldConfig<SchemaTypes>): Role | null {
  const scopes = (fieldConfig.pothosOptions as { authScopes?: unknown }).authScopes;
  if (typeof scopes !== 'object' || scopes === null || !('role' in scopes)) return null;
  const role = (scopes as { role: unknown }).role;
  return typeof role === 'string' ? (role as Role) : null;
}

export class RolesFirstPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapArgMappers(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const role = declaredRole(fieldConfig as PothosOutputFieldConfig<SchemaTypes>);
    if (!role || Object.keys(fieldConfig.args).length === 0) return resolver;
    return (parent, args, context, info) => {
      const viewerContext = context as unknown as Context;
      if (!viewerHasRole(viewerContext, role)) {
        throw notAuthorized(viewerContext.viewer, { kind: AuthScopeFailureType.AuthScope, scope: 'role', parameter: role, error: null });
      }
      return resolver(parent, args, context, info);
    };
  }
}

SchemaBuilder.registerPlugin(pluginName, RolesFirstPlugin);

export default pluginName;
