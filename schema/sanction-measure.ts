// SanctionMeasure: an executive order, a UN resolution, a designation; its issuer, targets (the
// designation list), sectors, provisions, triggering events and relations to other measures. Also
// every list of measures: the root connection, the measures an actor issued or is targeted by, the
// measures an event triggered and the measures an article mentions; and the mutations that create,
// change and delete measures.
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { MeasureProvisionRow, MeasureRelationRow, MeasureTargetRow, SanctionMeasureRow } from '../server/store/tables.js';
import { z } from 'zod';
import type {
  MeasureRelationKind,
  ProvisionKind,
  SanctionInstrument,
  SanctionScope,
  SanctionSector,
} from '../server/store/enums.js';
import {
  type MeasureLists,
  measureTargetSorts,
  type SanctionMeasureFilter,
  type SanctionMeasurePatch,
  sanctionMeasureSorts,
} from '../server/store/sanction-measures.js';
import { builder, type Context, describedValues, type PayloadFieldBuilder, type Types } from './builder.js';
import {
  anyOfList,
  type ConnectionArgs,
  connectionComplexity,
  DateRangeInput,
  defineOrder,
  type ListDefinition,
  nestedConnection,
  resolveConnections,
  rootConnection,
} from './connections.js';
import { groupRows } from './group-rows.js';
import { DESCRIPTIONS, EDITOR, longTextInput, nameInput, rejectNulls, shortTextInput, slugInput, write } from './mutations.js';
import { ActorRef, ArticleRef, EventRef, SanctionMeasureRef } from './refs.js';
import { slugArgOptions } from './slugs.js';

const SanctionInstrumentEnum = builder.enumType('SanctionInstrument', {
  description: 'The legal instrument that carries a measure.',
  values: describedValues<SanctionInstrument>({
    EXECUTIVE_ORDER: 'A presidential executive order (E.O. 13722).',
    UN_SECURITY_COUNCIL_RESOLUTION: 'A resolution of the UN Security Council (UNSCR 2270).',
    DESIGNATION: 'A listing of named persons or entities under existing authorities.',
    LEGISLATION: 'A statute passed by a legislature.',
    REGULATION: 'A regulation issued by a government agency.',
  }),
});

const SanctionScopeEnum = builder.enumType('SanctionScope', {
  description: 'Whether one party or many impose a measure.',
  values: describedValues<SanctionScope>({
    UNILATERAL: 'Imposed by one state on its own authority.',
    MULTILATERAL: 'Imposed by several states or an international body.',
  }),
});

const SanctionSectorEnum = builder.enumType('SanctionSector', {
  description: 'A sector of the target’s economy or state that a measure reaches.',
  values: describedValues<SanctionSector>({
    FINANCIAL: 'Banking and financial services.',
    MINING: 'Mining and mineral trade.',
    TRANSPORT: 'Transportation, shipping and aviation.',
    ENERGY: 'Energy and fuel.',
    DEFENSE: 'Arms and the military.',
    TECHNOLOGY: 'Technology and dual-use goods.',
    LABOR: 'Labor, including workers sent abroad.',
    TRADE: 'Trade in goods generally.',
    MEDIA: 'Media and propaganda.',
    GOVERNMENT: 'Government and party organs and officials.',
  }),
});

const ProvisionKindEnum = builder.enumType('ProvisionKind', {
  description: 'What a provision of a measure does.',
  values: describedValues<ProvisionKind>({
    ASSET_FREEZE: 'Blocks property and interests in property.',
    EXPORT_BAN: 'Bans exports to the target.',
    IMPORT_BAN: 'Bans imports from the target.',
    INVESTMENT_BAN: 'Bans new investment in the target.',
    SECONDARY_SANCTIONS: 'Penalizes third parties that deal with the target.',
    SECTORAL_SANCTIONS: 'Reaches whole sectors of the target’s economy.',
    LABOR_EXPORT_BAN: 'Targets the export of the target’s workers.',
    TRAVEL_BAN: 'Bars named people from travel or entry.',
    ARMS_EMBARGO: 'Bans arms transfers.',
    FINANCIAL_RESTRICTION: 'Restricts banking relationships, branches or transfers.',
    CARGO_INSPECTION: 'Requires inspection of cargo to or from the target.',
    OTHER: 'Any other provision (see its description).',
  }),
});

const MeasureRelationKindEnum = builder.enumType('SanctionMeasureRelationKind', {
  description: 'How one measure relates to another.',
  values: describedValues<MeasureRelationKind>({
    IN_VIEW_OF: 'Issued in view of the other (E.O. 13722 "in view of" UNSCR 2270).',
    BUILDS_ON: 'Takes further steps under the same authority or emergency as the other.',
    AMENDS: 'Amends the other.',
    SUPERSEDES: 'Replaces the other.',
  }),
});

const SanctionProvision = builder.objectRef<MeasureProvisionRow>('SanctionProvision').implement({
  description: 'One thing a measure does: freeze assets, ban exports, reach a sector, …',
  fields: (t) => ({
    kind: t.expose('kind', { type: ProvisionKindEnum, description: 'What sort of provision it is.' }),
    description: t.exposeString('description', { description: 'What it does, in a sentence.' }),
  }),
});

const SanctionTarget = builder.objectRef<MeasureTargetRow>('SanctionTarget').implement({
  description: 'An entry on a measure’s designation list: an actor the measure targets.',
  fields: (t) => ({
    measure: t.field({ type: SanctionMeasureRef, description: 'The measure.', resolve: (target) => target.measureId }),
    actor: t.field({ type: ActorRef, description: 'The targeted actor.', resolve: (target) => target.actorId }),
    note: t.exposeString('note', { nullable: true, description: 'What the measure does to this target, or who is meant.' }),
  }),
});

const SanctionMeasureRelation = builder.objectRef<MeasureRelationRow>('SanctionMeasureRelation').implement({
  description: 'A link between two measures: `from` relates to `to` as `kind` says.',
  fields: (t) => ({
    kind: t.expose('kind', { type: MeasureRelationKindEnum, description: 'How `from` relates to `to`.' }),
    from: t.field({ type: SanctionMeasureRef, description: 'The measure that relates.', resolve: (relation) => relation.fromMeasureId }),
    to: t.field({ type: SanctionMeasureRef, description: 'The measure related to.', resolve: (relation) => relation.toMeasureId }),
    note: t.exposeString('note', { nullable: true, description: 'The relation in words.' }),
  }),
});

SanctionMeasureRef.implement({
  description:
    'A sanction: who imposed it with which instrument, whom and which sectors it targets, what it does, what triggered it, and how it relates to other measures.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'A stable, URL-safe name (`us-eo-13722`).' }),
    name: t.exposeString('name', { description: 'The measure’s name ("Executive Order 13722").' }),
    instrument: t.expose('instrument', { type: SanctionInstrumentEnum, description: 'The legal instrument.' }),
    identifier: t.exposeString('identifier', { nullable: true, description: 'The official identifier ("E.O. 13722", "UNSCR 2270").' }),
    issuer: t.field({ type: ActorRef, description: 'Who imposed it.', resolve: (measure) => measure.issuerId }),
    signatory: t.field({
      type: ActorRef,
      nullable: true,
      description: 'Who signed it, when the reporting says (President Barack Obama).',
      resolve: (measure) => measure.signatoryId,
    }),
    scope: t.expose('scope', { type: SanctionScopeEnum, description: 'Unilateral or multilateral.' }),
    signedOn: t.expose('signedOn', { type: 'Date', nullable: true, description: 'When it was signed or adopted.' }),
    announcedOn: t.expose('announcedOn', { type: 'Date', nullable: true, description: 'When it was made public.' }),
    effectiveOn: t.expose('effectiveOn', { type: 'Date', nullable: true, description: 'When it took effect.' }),
    description: t.exposeString('description', { nullable: true, description: 'What the measure is, in a few sentences.' }),
    sectors: t.loadableList({
      type: SanctionSectorEnum,
      description: 'The sectors the measure reaches.',
      load: async (ids: number[], context) =>
        groupRows(ids, await context.store.sanctionMeasures.findSectors(ids), (row) => row.measureId, (row) => row.sector),
      resolve: (measure) => measure.id,
    }),
    provisions: t.loadableList({
      type: SanctionProvision,
      description: 'What the measure does, provision by provision, in the order of the instrument.',
      load: async (ids: number[], context) =>
        groupRows(ids, await context.store.sanctionMeasures.findProvisions(ids), (row) => row.measureId),
      resolve: (measure) => measure.id,
    }),
    relatedMeasures: t.loadableList({
      type: SanctionMeasureRelation,
      description: 'Measures this one relates to (its legal basis, the orders it builds on).',
      load: async (ids: number[], context) =>
        groupRows(ids, await context.store.sanctionMeasures.findRelations('fromMeasureId', ids), (row) => row.fromMeasureId),
      resolve: (measure) => measure.id,
    }),
    referencedBy: t.loadableList({
      type: SanctionMeasureRelation,
      description: 'Measures that relate to this one (orders issued in view of it, say).',
      load: async (ids: number[], context) =>
        groupRows(ids, await context.store.sanctionMeasures.findRelations('toMeasureId', ids), (row) => row.toMeasureId),
      resolve: (measure) => measure.id,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the measure was added to Stancegraph.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the measure last changed in Stancegraph.' }),
  }),
});

export const SanctionMeasureConnection = builder.connectionObject(
  { type: SanctionMeasureRef, name: 'SanctionMeasureConnection', description: 'A page of sanction measures.' },
  { name: 'SanctionMeasureEdge', description: 'A measure in a page of sanction measures.' },
);

const SanctionTargetConnection = builder.connectionObject(
  { type: SanctionTarget, name: 'SanctionTargetConnection', description: 'A page of designation-list entries.' },
  { name: 'SanctionTargetEdge', description: 'An entry in a page of designation-list entries.' },
);

const SanctionMeasureFilterInput = builder.inputType('SanctionMeasureFilter', {
  description: 'Narrows a list of sanction measures; every field given must match.',
  fields: (t) => ({
    issuers: t.globalIDList({ for: ActorRef, description: 'Imposed by any of these actors.', validate: anyOfList(z.unknown()) }),
    targets: t.globalIDList({ for: ActorRef, description: 'Targeting any of these actors.', validate: anyOfList(z.unknown()) }),
    scopes: t.field({ type: [SanctionScopeEnum], description: 'With any of these scopes.', validate: anyOfList(z.string()) }),
    instruments: t.field({
      type: [SanctionInstrumentEnum],
      description: 'Carried by any of these instruments.',
      validate: anyOfList(z.string()),
    }),
    sectors: t.field({ type: [SanctionSectorEnum], description: 'Reaching any of these sectors.', validate: anyOfList(z.string()) }),
    provisions: t.field({
      type: [ProvisionKindEnum],
      description: 'With a provision of any of these kinds.',
      validate: anyOfList(z.string()),
    }),
    triggeredBy: t.globalIDList({ for: EventRef, description: 'Triggered by any of these events.', validate: anyOfList(z.unknown()) }),
    signedOn: t.field({ type: DateRangeInput, description: 'Signed or adopted within this range of days.' }),
    announcedOn: t.field({ type: DateRangeInput, description: 'Announced within this range of days.' }),
  }),
});

function toSanctionMeasureFilter(filter: typeof SanctionMeasureFilterInput.$inferInput | null | undefined): SanctionMeasureFilter {
  return {
    issuerIds: filter?.issuers?.map((id) => id.id),
    targetIds: filter?.targets?.map((id) => id.id),
    scopes: filter?.scopes,
    instruments: filter?.instruments,
    sectors: filter?.sectors,
    provisionKinds: filter?.provisions,
    triggeredByIds: filter?.triggeredBy?.map((id) => id.id),
    signedOn: filter?.signedOn,
    announcedOn: filter?.announcedOn,
  };
}

const SanctionMeasureOrder = defineOrder(
  'SanctionMeasure',
  'sanction measures',
  {
    SIGNED_ON: { sort: sanctionMeasureSorts.signedOn, description: 'The day the measure was signed or adopted.' },
    ANNOUNCED_ON: { sort: sanctionMeasureSorts.announcedOn, description: 'The day the measure was made public.' },
    NAME: { sort: sanctionMeasureSorts.name, description: 'The measure’s name.' },
  },
  { field: 'SIGNED_ON', direction: 'desc' },
);

builder.queryFields((t) => ({
  sanctionMeasure: t.field({
    type: SanctionMeasureRef,
    nullable: true,
    description: 'Looks a sanction measure up by slug; null when there is none.',
    args: { slug: t.arg.string(slugArgOptions) },
    resolve: async (_root, { slug }, context) => (await context.store.sanctionMeasures.findBySlugs([slug]))[0] ?? null,
  }),
}));

const sanctionMeasures: ListDefinition<typeof SanctionMeasureFilterInput.$inferInput, SanctionMeasureFilter> = {
  connection: SanctionMeasureConnection,
  filterInput: SanctionMeasureFilterInput,
  toFilter: toSanctionMeasureFilter,
  order: SanctionMeasureOrder,
  idColumn: 'sanctionMeasure.id',
  plural: 'measures',
};

rootConnection('sanctionMeasures', sanctionMeasures, {
  description: 'All sanction measures, most recently signed first unless ordered otherwise.',
  fetch: (context, filter, request) => context.store.sanctionMeasures.findPage(filter, request),
  count: (context, filter) => context.store.sanctionMeasures.count(filter),
});

nestedConnection(ActorRef, 'sanctionsIssued', sanctionMeasures, {
  description: 'The sanction measures this actor imposed.',
  fetch: (context, ids, filter, request) => context.store.sanctionMeasures.findPagesBy('issuerId', ids, filter, request),
  count: (context, ids, filter) => context.store.sanctionMeasures.countBy('issuerId', ids, filter),
});

const designationOrder = { field: 'ID', sort: measureTargetSorts.id, direction: 'asc' } as const;

/** A designation-list connection, one page per measure (`measureId`) or per targeted actor (`actorId`). */
function designationsBy(group: 'measureId' | 'actorId') {
  return (ids: number[], context: Context, args: ConnectionArgs) =>
    resolveConnections(
      ids,
      args,
      designationOrder,
      'measureTarget.id',
      (request) => context.store.sanctionMeasures.findTargetPages(group, ids, request),
      () => context.store.sanctionMeasures.countTargets(group, ids),
    );
}

builder.objectField(SanctionMeasureRef, 'targets', (t) =>
  t.loadable({
    type: SanctionTargetConnection,
    description: 'The designation list: the actors this measure targets, in the order listed.',
    byPath: true,
    args: { ...t.arg.connectionArgs() },
    complexity: connectionComplexity,
    load: (ids: number[], context, args) => designationsBy('measureId')(ids, context, args),
    resolve: (measure) => measure.id,
  }),
);

builder.objectField(ActorRef, 'sanctionsAgainst', (t) =>
  t.loadable({
    type: SanctionTargetConnection,
    description: 'The measures that target this actor, as designation-list entries.',
    byPath: true,
    args: { ...t.arg.connectionArgs() },
    complexity: connectionComplexity,
    load: (ids: number[], context, args) => designationsBy('actorId')(ids, context, args),
    resolve: (actor) => actor.id,
  }),
);

builder.objectField(EventRef, 'triggeredMeasures', (t) =>
  t.loadableList({
    type: SanctionMeasureRef,
    description: 'The sanction measures this event triggered.',
    load: async (ids: number[], context) =>
      groupRows(ids, await context.store.sanctionMeasures.findTriggeredBy(ids), (row) => row.eventId),
    resolve: (event) => event.id,
  }),
);

builder.objectField(ArticleRef, 'mentionedMeasures', (t) =>
  t.loadableList({
    type: SanctionMeasureRef,
    description: 'The sanction measures the article mentions, by name.',
    load: async (ids: number[], context) =>
      groupRows(ids, await context.store.articles.findMentionedMeasures(ids), (row) => row.articleId),
    resolve: (article) => article.id,
  }),
);

const SanctionTargetInput = builder.inputType('SanctionTargetInput', {
  description: 'An entry on a measure’s designation list.',
  fields: (t) => ({
    actor: t.globalID({ for: ActorRef, required: true, description: 'The targeted actor (each actor at most once per measure).' }),
    note: t.string({ description: 'What the measure does to this target, or who is meant.', validate: shortTextInput }),
  }),
});

const SanctionProvisionInput = builder.inputType('SanctionProvisionInput', {
  description: 'One thing a measure does.',
  fields: (t) => ({
    kind: t.field({ type: ProvisionKindEnum, required: true, description: 'What sort of provision it is.' }),
    description: t.string({ required: true, description: 'What it does, in a sentence.', validate: longTextInput }),
  }),
});

const SanctionMeasureRelationInput = builder.inputType('SanctionMeasureRelationInput', {
  description: 'How the measure being written relates to another measure.',
  fields: (t) => ({
    kind: t.field({ type: MeasureRelationKindEnum, required: true, description: 'How this measure relates to `measure`.' }),
    measure: t.globalID({ for: SanctionMeasureRef, required: true, description: 'The other measure (not this one).' }),
    note: t.string({ description: 'The relation in words.', validate: shortTextInput }),
  }),
});

const listOf = (max: number, what: string) => z.array(z.unknown()).max(max, `must have at most ${max} ${what}`);

/** The list fields of both measure inputs; on update each one given replaces the whole list. */
function measureListFields(t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>, replaces: boolean) {
  const suffix = replaces ? ' Replaces the whole list (an empty list removes every entry); left out, the list stays as it is.' : '';
  return {
    targets: t.field({
      type: [SanctionTargetInput],
      description: `The designation list: the actors the measure targets, in the order listed, each at most once.${suffix}`,
      validate: listOf(1000, 'targets'),
    }),
    sectors: t.field({
      type: [SanctionSectorEnum],
      description: `The sectors the measure reaches, each at most once.${suffix}`,
      validate: listOf(20, 'sectors'),
    }),
    provisions: t.field({
      type: [SanctionProvisionInput],
      description: `What the measure does, provision by provision, in the order of the instrument.${suffix}`,
      validate: listOf(100, 'provisions'),
    }),
    triggeredBy: t.globalIDList({
      for: EventRef,
      description: `The events that triggered the measure, each at most once.${suffix}`,
      validate: listOf(100, 'events'),
    }),
    relations: t.field({
      type: [SanctionMeasureRelationInput],
      description: `Measures this one relates to (its legal basis, the orders it builds on).${suffix}`,
      validate: listOf(100, 'relations'),
    }),
  };
}

interface MeasureListArgs {
  targets?: { actor: { id: number }; note?: string | null }[] | null;
  sectors?: SanctionSector[] | null;
  provisions?: { kind: ProvisionKind; description: string }[] | null;
  triggeredBy?: { id: number }[] | null;
  relations?: { kind: MeasureRelationKind; measure: { id: number }; note?: string | null }[] | null;
}

/** The store's form of the list fields: global IDs become row IDs; left-out lists stay left out. */
function toMeasureLists(args: MeasureListArgs): MeasureLists {
  return {
    targets: args.targets?.map((target) => ({ actorId: target.actor.id, note: target.note })),
    sectors: args.sectors ?? undefined,
    provisions: args.provisions ?? undefined,
    triggeredByIds: args.triggeredBy?.map((event) => event.id),
    relations: args.relations?.map((relation) => ({ kind: relation.kind, measureId: relation.measure.id, note: relation.note })),
  };
}

const measureFields = {
  name: 'The measure’s name ("Executive Order 13722").',
  instrument: 'The legal instrument that carries it.',
  identifier: 'The official identifier ("E.O. 13722", "UNSCR 2270").',
  issuer: 'Who imposed it (an actor).',
  signatory: 'Who signed it (an actor), when the reporting says.',
  scope: 'Unilateral or multilateral.',
  signedOn: 'When it was signed or adopted.',
  announcedOn: 'When it was made public.',
  effectiveOn: 'When it took effect.',
  description: 'What the measure is, in a few sentences.',
} as const;

const measurePayload = (verb: string) => ({
  outputFields: (t: PayloadFieldBuilder<SanctionMeasureRow>) => ({
    sanctionMeasure: t.field({ type: SanctionMeasureRef, description: `The ${verb} measure.`, resolve: (row) => row }),
  }),
});

builder.relayMutationField(
  'createSanctionMeasure',
  {
    description: 'What the new measure is, who imposed it, whom it targets and what it does.',
    inputFields: (t) => ({
      name: t.string({ required: true, description: measureFields.name, validate: nameInput }),
      slug: t.string({ description: DESCRIPTIONS.slug, validate: slugInput }),
      instrument: t.field({ type: SanctionInstrumentEnum, required: true, description: measureFields.instrument }),
      identifier: t.string({ description: measureFields.identifier, validate: shortTextInput }),
      issuer: t.globalID({ for: ActorRef, required: true, description: measureFields.issuer }),
      signatory: t.globalID({ for: ActorRef, description: measureFields.signatory }),
      scope: t.field({ type: SanctionScopeEnum, required: true, description: measureFields.scope }),
      signedOn: t.field({ type: 'Date', description: measureFields.signedOn }),
      announcedOn: t.field({ type: 'Date', description: measureFields.announcedOn }),
      effectiveOn: t.field({ type: 'Date', description: measureFields.effectiveOn }),
      description: t.string({ description: measureFields.description, validate: longTextInput }),
      ...measureListFields(t, false),
    }),
  },
  {
    description: 'Adds a sanction measure with its targets, sectors, provisions, triggering events and relations. Needs role EDITOR.',
    authScopes: EDITOR,
    resolve: (_root, { input }, context) =>
      write(context, (author) =>
        context.store.writes.sanctionMeasures.create(author, {
          name: input.name,
          slug: input.slug,
          instrument: input.instrument,
          identifier: input.identifier,
          issuerId: input.issuer.id,
          signatoryId: input.signatory?.id,
          scope: input.scope,
          signedOn: input.signedOn,
          announcedOn: input.announcedOn,
          effectiveOn: input.effectiveOn,
          description: input.description,
          ...toMeasureLists(input),
        }),
      ),
  },
  { description: 'The result of `createSanctionMeasure`.', ...measurePayload('new') },
);

builder.relayMutationField(
  'updateSanctionMeasure',
  {
    description:
      'The measure to change and the fields to change; fields left out stay as they are, null clears an optional one, and a list given replaces the whole list.',
    inputFields: (t) => ({
      id: t.globalID({ for: SanctionMeasureRef, required: true, description: DESCRIPTIONS.id }),
      name: t.string({ description: 'A new name.', validate: nameInput }),
      slug: t.string({ description: DESCRIPTIONS.newSlug, validate: slugInput }),
      instrument: t.field({ type: SanctionInstrumentEnum, description: 'A new instrument.' }),
      identifier: t.string({ description: `${measureFields.identifier} Null clears it.`, validate: shortTextInput }),
      issuer: t.globalID({ for: ActorRef, description: 'A new issuer.' }),
      signatory: t.globalID({ for: ActorRef, description: `${measureFields.signatory} Null clears it.` }),
      scope: t.field({ type: SanctionScopeEnum, description: 'A new scope.' }),
      signedOn: t.field({ type: 'Date', description: `${measureFields.signedOn} Null clears it.` }),
      announcedOn: t.field({ type: 'Date', description: `${measureFields.announcedOn} Null clears it.` }),
      effectiveOn: t.field({ type: 'Date', description: `${measureFields.effectiveOn} Null clears it.` }),
      description: t.string({ description: 'A new description; null clears it.', validate: longTextInput }),
      ...measureListFields(t, true),
    }),
  },
  {
    description: 'Changes a sanction measure. Needs role EDITOR.',
    authScopes: EDITOR,
    resolve: (_root, { input }, context) => {
      rejectNulls(input, ['name', 'slug', 'instrument', 'issuer', 'scope', 'targets', 'sectors', 'provisions', 'triggeredBy', 'relations']);
      const patch: SanctionMeasurePatch = {
        name: input.name ?? undefined,
        slug: input.slug ?? undefined,
        instrument: input.instrument ?? undefined,
        identifier: input.identifier,
        issuerId: input.issuer?.id,
        signatoryId: input.signatory === undefined ? undefined : (input.signatory?.id ?? null),
        scope: input.scope ?? undefined,
        signedOn: input.signedOn,
        announcedOn: input.announcedOn,
        effectiveOn: input.effectiveOn,
        description: input.description,
        ...toMeasureLists(input),
      };
      return write(context, (author) => context.store.writes.sanctionMeasures.update(author, input.id.id, patch));
    },
  },
  { description: 'The result of `updateSanctionMeasure`.', ...measurePayload('changed') },
);

builder.relayMutationField(
  'deleteSanctionMeasure',
  {
    description: 'The measure to delete.',
    inputFields: (t) => ({ id: t.globalID({ for: SanctionMeasureRef, required: true, description: DESCRIPTIONS.deleteId }) }),
  },
  {
    description:
      'Deletes a sanction measure with its targets, sectors, provisions, triggers and relations (to and from other measures), its mentions in articles, and the stances toward it. Needs role EDITOR.',
    authScopes: EDITOR,
    resolve: (_root, { input }, context) =>
      write(context, (author) => context.store.writes.sanctionMeasures.delete(author, input.id.id)),
  },
  {
    description: 'The result of `deleteSanctionMeasure`.',
    outputFields: (t) => ({
      deletedSanctionMeasureId: t.id({ description: DESCRIPTIONS.deletedId, resolve: (row) => encodeGlobalID('SanctionMeasure', row.id) }),
    }),
  },
);
