// The benchmark's data: a seeded, reproducible newsroom archive at one of four scales, written
// straight into a migrated store. Migrations run through the store (Kysely); the rows go in through
// better-sqlite3 prepared statements in transactions of a few thousand rows, with foreign keys and
// CHECK constraints on and the full-text triggers firing, so the file is exactly what the server
// would hold after an import. The file is cached per scale, seed and schema under bench/.data/.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrations } from '../migrations/index.js';
import { createProgressBar } from '../server/ingest/progress.js';
import {
  EVENT_KINDS,
  PROVISION_KINDS,
  SANCTION_INSTRUMENTS,
  SANCTION_SECTORS,
  type StancePosition,
  type StatementKind,
} from '../server/store/enums.js';
import { openDatabase } from '../server/store/database.js';
import { migrateToLatest } from '../server/store/migrate.js';
import { createRandom, createZipf, type Random } from './random.js';
import { openRawDatabase, type RawDatabase } from './sqlite.js';
import * as words from './words.js';

/** Bump when the generated data changes shape, so cached files are rebuilt. */
const GENERATOR_VERSION = 1;
const NOW = '2026-01-01T00:00:00.000Z';
/** Rows per transaction. */
const BATCH_ROWS = 5_000;

export const SCALE_NAMES = ['XS', 'S', 'M', 'L'] as const;
export type ScaleName = (typeof SCALE_NAMES)[number];

export const SCALES: Record<ScaleName, { articles: number; statements: number }> = {
  XS: { articles: 50, statements: 500 },
  S: { articles: 1_000, statements: 10_000 },
  M: { articles: 10_000, statements: 100_000 },
  L: { articles: 100_000, statements: 1_000_000 },
};

export interface GenerateOptions {
  scale: ScaleName;
  seed: number;
  /** Where cached database files live (bench/.data by default). */
  dataDir: string;
  /** Rebuild even when a cached file exists. */
  regenerate?: boolean;
  log?: (line: string) => void;
}

/** What the harness needs to know about a generated file: its size, how it was made, what to ask for. */
export interface Manifest {
  generatorVersion: number;
  scale: ScaleName;
  seed: number;
  counts: Record<string, number>;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  dbBytes: number;
  picks: Picks;
}

/** Subjects for the canonical operations, chosen from the data after it is written. */
export interface Picks {
  /** The actor with the most statements. */
  topSpeakerSlug: string;
  topSpeakerStatements: number;
  /** The measure with the most stances toward it. */
  topMeasureSlug: string;
  topMeasureStances: number;
  /** A sector and a signedOn range for the filtered measure list. */
  sector: string;
  signedOnFrom: string;
  signedOnTo: string;
  /** A word in about one text in a hundred. */
  searchTerm: string;
}

export interface GeneratedData {
  file: string;
  manifest: Manifest;
  /** True when the file came from the cache rather than this run. */
  cached: boolean;
}

export async function generateData(options: GenerateOptions): Promise<GeneratedData> {
  const log = options.log ?? (() => {});
  mkdirSync(options.dataDir, { recursive: true });
  const schemaKey = createHash('sha256').update(Object.keys(migrations).join(',')).digest('hex').slice(0, 8);
  const base = join(options.dataDir, `${options.scale}-seed${options.seed}-g${GENERATOR_VERSION}-${schemaKey}`);
  const file = `${base}.sqlite`;
  const manifestFile = `${base}.json`;
  if (!options.regenerate && existsSync(file) && existsSync(manifestFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    log(`using cached ${options.scale} data: ${file} (generated in ${manifest.seconds.toFixed(1)} s; --regenerate to rebuild)`);
    return { file, manifest: { ...manifest, dbBytes: statSync(file).size }, cached: true };
  }

  const partial = `${base}.partial.sqlite`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${partial}${suffix}`, { force: true });
  log(`generating ${options.scale} data (seed ${options.seed}) into ${file}`);
  const started = performance.now();

  const db = openDatabase(`file:${partial}`);
  await migrateToLatest(db);
  await db.destroy();

  const raw = openRawDatabase(partial);
  // The file is thrown away if generation fails, so durability per commit buys nothing here.
  raw.pragma('synchronous = OFF');
  let counts: Record<string, number>;
  try {
    counts = writeGraph(raw, options.scale, createRandom(options.seed));
  } finally {
    raw.close();
  }
  counts.saved_query = await saveQueries(partial);

  const seconds = (performance.now() - started) / 1000;
  const check = openRawDatabase(partial);
  const picks = choosePicks(check);
  check.pragma('wal_checkpoint(TRUNCATE)');
  check.close();
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(`${partial}${suffix}`)) renameSync(`${partial}${suffix}`, `${file}${suffix}`);
  }
  const rows = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const manifest: Manifest = {
    generatorVersion: GENERATOR_VERSION,
    scale: options.scale,
    seed: options.seed,
    counts,
    rows,
    seconds,
    rowsPerSecond: rows / seconds,
    dbBytes: statSync(file).size,
    picks,
  };
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  log(`generated ${rows.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s (${Math.round(rows / seconds).toLocaleString('en-US')} rows/s)`);
  return { file, manifest, cached: false };
}

/** The seeded saved-query library (seeds/saved-queries.yaml), saved through the store like any save. */
async function saveQueries(file: string): Promise<number> {
  const { loadSavedQuerySeeds } = await import('../server/saved-queries/seed.js');
  const { schema } = await import('../schema/index.js');
  const { createStore } = await import('../server/store/index.js');
  const { loadConfig } = await import('../server/config.js');
  const store = createStore(openDatabase(`file:${file}`));
  try {
    return (await loadSavedQuerySeeds(store, schema, loadConfig({}).limits)).saved.length;
  } finally {
    await store.close();
  }
}

function choosePicks(raw: RawDatabase): Picks {
  const speaker = raw
    .prepare(
      `select a.slug, s.n from (select speaker_id, count(*) as n from statement group by speaker_id order by n desc, speaker_id limit 1) s
       join actor a on a.id = s.speaker_id`,
    )
    .get() as { slug: string; n: number };
  const measure = raw
    .prepare(
      `select m.slug, s.n from (select target_measure_id as id, count(*) as n from stance where target_measure_id is not null
         group by target_measure_id order by n desc, id limit 1) s join sanction_measure m on m.id = s.id`,
    )
    .get() as { slug: string; n: number };
  const sector = raw
    .prepare('select sector, count(*) as n from measure_sector group by sector order by n desc, sector limit 1')
    .get() as { sector: string };
  const dates = raw
    .prepare(
      `select m.signed_on from sanction_measure m join measure_sector s on s.measure_id = m.id
       where s.sector = ? and m.signed_on is not null order by m.signed_on`,
    )
    .pluck()
    .all(sector.sector) as string[];
  return {
    topSpeakerSlug: speaker.slug,
    topSpeakerStatements: speaker.n,
    topMeasureSlug: measure.slug,
    topMeasureStances: measure.n,
    sector: sector.sector,
    signedOnFrom: dates[Math.floor(dates.length * 0.2)] ?? '2000-01-01',
    signedOnTo: dates[Math.floor(dates.length * 0.8)] ?? '2030-01-01',
    searchTerm: words.RARE_WORDS[0] as string,
  };
}

// ---------------------------------------------------------------------------------------------
// The graph

interface Batch {
  /** Counts `n` rows into `table` and commits every BATCH_ROWS rows. */
  add(table: string, n?: number): void;
  /** Rows written so far, in every table. */
  rows(): number;
  finish(): Record<string, number>;
}

function batchWriter(raw: RawDatabase): Batch {
  const counts: Record<string, number> = {};
  let pending = 0;
  let total = 0;
  raw.exec('begin');
  return {
    add(table, n = 1) {
      counts[table] = (counts[table] ?? 0) + n;
      pending += n;
      total += n;
      if (pending >= BATCH_ROWS) {
        raw.exec('commit');
        raw.exec('begin');
        pending = 0;
      }
    },
    rows: () => total,
    finish() {
      raw.exec('commit');
      return counts;
    },
  };
}

const DAY_MS = 86_400_000;
const EPOCH_2000 = Date.UTC(2000, 0, 1) / DAY_MS;
const EPOCH_2010 = Date.UTC(2010, 0, 1) / DAY_MS;
const EPOCH_2026 = Date.UTC(2026, 0, 1) / DAY_MS;
const dayCache = new Map<number, string>();
function isoDay(day: number): string {
  let text = dayCache.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayCache.set(day, text);
  }
  return text;
}

function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Entity counts at a scale, proportional to the number of articles (with floors for XS). */
function sizesFor(scale: ScaleName) {
  const { articles, statements } = SCALES[scale];
  return {
    articles,
    statements,
    states: Math.min(words.COUNTRIES.length, Math.max(10, Math.round(articles / 200))),
    organizations: Math.max(10, Math.round(articles / 20)),
    persons: Math.max(30, Math.round(articles / 3)),
    topics: Math.max(8, Math.round(articles / 100)),
    events: Math.max(10, Math.round(articles / 10)),
    measures: Math.max(8, Math.round(articles / 20)),
    stances: Math.round(statements / 4),
  };
}

interface Actor {
  id: number;
  name: string;
  /** The role the reporting gives, from the actor's first affiliation. */
  role: string | null;
}

function writeGraph(raw: RawDatabase, scale: ScaleName, random: Random): Record<string, number> {
  const sizes = sizesFor(scale);
  const batch = batchWriter(raw);
  const insert = (sql: string) => raw.prepare(sql);
  const ins = {
    actor: insert(`insert into actor (id, slug, name, kind, country_id, description, created_at, updated_at) values (?, ?, ?, ?, ?, ?, '${NOW}', '${NOW}')`),
    alias: insert('insert into actor_alias (actor_id, alias) values (?, ?)'),
    affiliation: insert(
      `insert into affiliation (member_id, organization_id, role, started_on, ended_on, created_at, updated_at) values (?, ?, ?, ?, null, '${NOW}', '${NOW}')`,
    ),
    topic: insert(`insert into topic (id, slug, name, description, created_at, updated_at) values (?, ?, ?, ?, '${NOW}', '${NOW}')`),
    event: insert(`insert into event (id, slug, kind, title, occurred_on, description, created_at, updated_at) values (?, ?, ?, ?, ?, ?, '${NOW}', '${NOW}')`),
    participant: insert('insert into event_participant (event_id, actor_id, role) values (?, ?, ?)'),
    measure: insert(
      `insert into sanction_measure (id, slug, name, instrument, identifier, issuer_id, signatory_id, scope, signed_on, announced_on, effective_on, description, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '${NOW}', '${NOW}')`,
    ),
    target: insert('insert into measure_target (measure_id, actor_id, note) values (?, ?, ?)'),
    sector: insert('insert into measure_sector (measure_id, sector) values (?, ?)'),
    provision: insert('insert into measure_provision (measure_id, position, kind, description) values (?, ?, ?, ?)'),
    trigger: insert('insert into measure_trigger (measure_id, event_id) values (?, ?)'),
    relation: insert('insert into measure_relation (from_measure_id, to_measure_id, kind, note) values (?, ?, ?, ?)'),
    article: insert(
      `insert into article (id, slug, publication, section, headline, dek, body, url, published_on, photo_credit, language, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'en', '${NOW}', '${NOW}')`,
    ),
    author: insert('insert into article_author (article_id, position, name) values (?, ?, ?)'),
    statement: insert(
      `insert into statement (id, article_id, speaker_id, speaker_role, kind, text, span_start, span_end, said_on, said_on_inferred, venue, event_id, review_status, confidence, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '${NOW}', '${NOW}')`,
    ),
    actorMention: insert('insert into article_actor_mention (article_id, actor_id) values (?, ?)'),
    measureMention: insert('insert into article_measure_mention (article_id, measure_id) values (?, ?)'),
    eventMention: insert('insert into article_event_mention (article_id, event_id) values (?, ?)'),
    stance: insert(
      `insert into stance (id, slug, holder_id, position, target_measure_id, target_actor_id, target_event_id, target_topic_id, summary, as_of, article_id, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '${NOW}', '${NOW}')`,
    ),
    evidence: insert('insert into stance_evidence (stance_id, statement_id) values (?, ?)'),
  };

  const actors: Actor[] = [];
  const addActor = (name: string, kind: string, countryId: number | null, description: string | null): Actor => {
    const actor: Actor = { id: actors.length + 1, name, role: null };
    ins.actor.run(actor.id, `${slugify(name)}-${actor.id}`, name, kind, countryId, description);
    batch.add('actor');
    actors.push(actor);
    return actor;
  };
  const alias = (actor: Actor, text: string) => {
    ins.alias.run(actor.id, text);
    batch.add('actor_alias');
  };
  const affiliate = (member: Actor, organization: Actor, role: string) => {
    ins.affiliation.run(member.id, organization.id, role, random.chance(0.5) ? isoDay(random.int(EPOCH_2000, EPOCH_2026 - 400)) : null);
    batch.add('affiliation');
    member.role ??= role;
  };

  // States, with their capitals as aliases; a few countries dominate the news.
  const states: Actor[] = [];
  const demonyms: string[] = [];
  for (let i = 0; i < sizes.states; i++) {
    const [name, capital, demonym] = words.COUNTRIES[i] as [string, string, string];
    const state = addActor(name, 'STATE', null, `The state of ${name}.`);
    alias(state, capital);
    states.push(state);
    demonyms.push(demonym);
  }
  const stateZipf = createZipf(random, states.length, 1.1);
  const someState = () => stateZipf();

  // Two government bodies per state.
  const ministries: { actor: Actor; role: string }[][] = states.map((state, i) =>
    words.MINISTRIES.map(([ministry, role]) => ({ actor: addActor(`${demonyms[i]} ${ministry}`, 'GOVERNMENT_BODY', state.id, null), role })),
  );

  // Organizations: think tanks, universities, companies, media, parties.
  const names = new Set<string>();
  /** `name`, or with a middle initial or a number when the name is taken. */
  const uniqueName = (name: string, middle?: (initial: string) => string) => {
    let candidate = name;
    for (let n = 0; names.has(candidate); n++) {
      candidate = middle && n < 26 ? middle(String.fromCharCode(65 + n)) : `${name} ${n + 2}`;
    }
    names.add(candidate);
    return candidate;
  };
  const organizations: { actor: Actor; role: string }[] = [];
  for (let i = 0; i < sizes.organizations; i++) {
    const [kind, suffix, role] = random.pick(words.ORGANIZATION_KINDS);
    const stateIndex = someState();
    const name = uniqueName(`${random.pick(words.ORGANIZATION_WORDS)} ${suffix}`);
    const organization = addActor(name, kind, states[stateIndex]?.id ?? null, `A ${kind.toLowerCase().replace('_', ' ')} based in ${words.COUNTRIES[stateIndex]?.[0]}.`);
    alias(organization, name.split(' ').map((word) => word[0]).join(''));
    organizations.push({ actor: organization, role });
  }

  // People: most work for a ministry of their country, the rest for an organization; some for both.
  const persons: Actor[] = [];
  for (let i = 0; i < sizes.persons; i++) {
    const stateIndex = someState();
    const first = random.pick(words.FIRST_NAMES);
    const last = random.pick(words.LAST_NAMES);
    const person = addActor(uniqueName(`${first} ${last}`, (initial) => `${first} ${initial}. ${last}`), 'PERSON', states[stateIndex]?.id ?? null, null);
    if (random.chance(0.4)) alias(person, last);
    const ministry = random.pick(ministries[stateIndex] as { actor: Actor; role: string }[]);
    const organization = random.pick(organizations);
    if (random.chance(0.7)) {
      affiliate(person, ministry.actor, ministry.role);
      if (random.chance(0.2)) affiliate(person, organization.actor, organization.role);
    } else {
      affiliate(person, organization.actor, organization.role);
    }
    persons.push(person);
  }
  // Speakers: mostly people, ranked by a shuffled Zipf so the prolific ones are not the first ids.
  const speakers = random.sample([...persons, ...ministries.flat().map((m) => m.actor), ...states], actors.length);
  const speakerZipf = createZipf(random, speakers.length, 1.05);

  const topics: string[] = [];
  for (let i = 0; i < sizes.topics; i++) {
    const name = i < words.TOPICS.length ? (words.TOPICS[i] as string) : `${random.pick(words.TOPICS)} ${Math.floor(i / words.TOPICS.length) + 1}`;
    ins.topic.run(i + 1, `${slugify(name)}-${i + 1}`, name, `Reporting about ${name.toLowerCase()}.`);
    batch.add('topic');
    topics.push(name);
  }

  const events: string[] = [];
  for (let i = 0; i < sizes.events; i++) {
    const kind = random.pick(EVENT_KINDS);
    const where = words.COUNTRIES[someState()]?.[0] as string;
    const day = random.chance(0.05) ? null : isoDay(random.int(EPOCH_2000, EPOCH_2026 - 1));
    const title = `${words.EVENT_TITLES[kind]} in ${where}${day ? ` on ${day}` : ''} (#${i + 1})`;
    ins.event.run(i + 1, `${slugify(title)}`, kind, title, day, random.chance(0.5) ? `${title}, as reported.` : null);
    batch.add('event');
    for (const participant of random.sample([...states.slice(0, 10), ...persons.slice(0, 50)], random.int(1, 3))) {
      ins.participant.run(i + 1, participant.id, random.chance(0.5) ? 'participant' : null);
      batch.add('event_participant');
    }
    events.push(title);
  }

  // Measures: a few issuers (and a few measures) dominate.
  const measures: string[] = [];
  const targetPool = [...persons, ...organizations.map((o) => o.actor), ...states];
  for (let i = 0; i < sizes.measures; i++) {
    const id = i + 1;
    const instrument = random.pick(SANCTION_INSTRUMENTS);
    const [prefix, title] = words.INSTRUMENT_NAMES[instrument] as [string, string];
    const number = 13_000 + i;
    const targetCountry = words.COUNTRIES[someState()]?.[0] as string;
    const name = `${title} ${number} on ${targetCountry}`;
    const signed = random.chance(0.05) ? null : random.int(EPOCH_2000, EPOCH_2026 - 60);
    const issuer = instrument === 'UN_SECURITY_COUNCIL_RESOLUTION' ? (states[0] as Actor) : (states[someState()] as Actor);
    ins.measure.run(
      id,
      `${slugify(name)}-${id}`,
      name,
      instrument,
      `${prefix}${number}`,
      issuer.id,
      random.chance(0.6) ? random.pick(persons).id : null,
      instrument === 'UN_SECURITY_COUNCIL_RESOLUTION' ? 'MULTILATERAL' : random.chance(0.8) ? 'UNILATERAL' : 'MULTILATERAL',
      signed === null ? null : isoDay(signed),
      signed === null ? null : isoDay(signed - random.int(0, 3)),
      signed === null ? null : isoDay(signed + random.int(0, 30)),
      `${name}: ${random.pick(words.SUBJECTS)} ${random.pick(words.VERBS)} ${random.pick(words.OBJECTS)}.`,
    );
    batch.add('sanction_measure');
    const targetCount = i < 5 ? random.int(20, 60) : random.int(1, 8);
    for (const target of random.sample(targetPool, targetCount)) {
      if (target.id === issuer.id) continue;
      ins.target.run(id, target.id, random.chance(0.3) ? 'Designated for its role in the program.' : null);
      batch.add('measure_target');
    }
    for (const sector of random.sample(SANCTION_SECTORS, random.int(1, 3))) {
      ins.sector.run(id, sector);
      batch.add('measure_sector');
    }
    random.sample(PROVISION_KINDS, random.int(1, 5)).forEach((kind, position) => {
      ins.provision.run(id, position, kind, `${kind.toLowerCase().replaceAll('_', ' ')} on designated persons and entities`);
      batch.add('measure_provision');
    });
    const triggers = new Set<number>();
    for (let n = i < 5 ? 2 : random.int(0, 2); n > 0; n--) triggers.add(random.int(1, sizes.events));
    for (const eventId of triggers) {
      ins.trigger.run(id, eventId);
      batch.add('measure_trigger');
    }
    if (i > 0 && random.chance(0.1)) {
      ins.relation.run(id, random.int(1, i), random.pick(['BUILDS_ON', 'AMENDS', 'IN_VIEW_OF'] as const), null);
      batch.add('measure_relation');
    }
    measures.push(name);
  }
  // Popularity of measures (for mentions and stances), shuffled so it does not follow ids.
  const measureOrder = random.sample(
    measures.map((_, i) => i + 1),
    measures.length,
  );
  // The five measures with long designation lists are the popular ones.
  for (let i = 0; i < Math.min(5, measureOrder.length); i++) {
    const at = measureOrder.indexOf(i + 1);
    [measureOrder[i], measureOrder[at]] = [measureOrder[at] as number, measureOrder[i] as number];
  }
  const measureZipf = createZipf(random, measureOrder.length, 1);
  const popularMeasure = () => measureOrder[measureZipf()] as number;

  // Articles and their statements: the bulk of the rows and all of the text.
  const statementSpeaker = new Int32Array(sizes.statements + 1);
  const statementArticle = new Int32Array(sizes.statements + 1);
  const statementDay = new Int32Array(sizes.statements + 1);
  const perArticle = statementCounts(random, sizes.articles, sizes.statements);
  const articleBar = createProgressBar({ label: `generating ${scale}: articles` });
  let statementId = 0;
  let textBytes = 0;
  for (let a = 0; a < sizes.articles; a++) {
    const articleId = a + 1;
    const published = random.int(EPOCH_2010, EPOCH_2026 - 1);
    const publishedOn = isoDay(published);
    const issuer = random.int(0, Math.min(3, demonyms.length - 1));
    const targetState = words.COUNTRIES[someState()]?.[0] as string;
    const headline = `${words.COUNTRIES[someState()]?.[1]} ${random.pick(['blasts', 'welcomes', 'criticizes', 'defends', 'weighs'])} ${random.pick(['new', 'latest', 'expanded'])} ${demonyms[issuer]} sanctions on ${targetState}`;
    const slug = `${slugify(headline)}-${articleId}`;

    // The body, sentence by sentence, remembering where each statement's text lands.
    let body = '';
    const append = (text: string) => {
      body += text;
    };
    const sentence = () => `${random.pick(words.SUBJECTS)} ${random.pick(words.VERBS)} ${random.pick(words.OBJECTS)}`;
    append(`${random.pick(words.FILLERS)} ${random.pick(words.FILLERS)}`);
    const spoken: { speaker: Actor; kind: StatementKind; start: number; end: number; text: string }[] = [];
    for (let s = 0; s < (perArticle[a] as number); s++) {
      append(random.chance(0.3) ? '\n\n' : ' ');
      const speaker = speakers[speakerZipf()] as Actor;
      let text = sentence();
      // One statement in a hundred names the search term; as many name one of the other rare words.
      if (random.chance(0.02)) text += ` and the ${random.chance(0.5) ? words.RARE_WORDS[0] : random.pick(words.RARE_WORDS)} trade`;
      const kind = random.pick(['DIRECT_QUOTE', 'DIRECT_QUOTE', 'PARTIAL_QUOTE', 'PARAPHRASE'] as const);
      let start: number;
      if (kind === 'PARAPHRASE') {
        append(`${speaker.name} said `);
        start = body.length;
        append(text);
        append('.');
      } else {
        text = text[0]?.toUpperCase() + text.slice(1);
        append(`“`);
        start = body.length;
        append(`${text}.`);
        text += '.';
        append(`” said ${speaker.name}${speaker.role ? `, ${speaker.role}` : ''}.`);
      }
      spoken.push({ speaker, kind, start, end: start + text.length, text });
      if (random.chance(0.4)) append(` ${random.pick(words.FILLERS)}`);
    }
    ins.article.run(
      articleId,
      slug,
      random.pick(words.PUBLICATIONS),
      random.pick(words.SECTIONS),
      headline,
      random.chance(0.5) ? `${random.pick(words.FILLERS)}` : null,
      body,
      random.chance(0.9) ? `https://news.example.com/${publishedOn.replaceAll('-', '/')}/${slug}` : null,
      publishedOn,
      random.chance(0.3) ? `${random.pick(words.FIRST_NAMES)} ${random.pick(words.LAST_NAMES)}/Agency` : null,
    );
    batch.add('article');
    for (let position = 0, n = random.int(1, 2); position < n; position++) {
      ins.author.run(articleId, position, `${random.pick(words.FIRST_NAMES)} ${random.pick(words.LAST_NAMES)}`);
      batch.add('article_author');
    }

    const mentioned = new Set<number>();
    for (const { speaker, kind, start, end, text } of spoken) {
      statementId++;
      const day = published - (random.chance(0.5) ? 0 : random.int(1, 2));
      const pending = random.chance(0.1);
      ins.statement.run(
        statementId,
        articleId,
        speaker.id,
        speaker.role,
        kind,
        text,
        start,
        end,
        isoDay(day),
        day === published && random.chance(0.5) ? 1 : 0,
        random.pick(words.VENUES),
        random.chance(0.1) ? random.int(1, sizes.events) : null,
        pending ? 'PENDING' : 'CONFIRMED',
        pending || random.chance(0.5) ? Math.round((0.5 + random.next() * 0.49) * 100) / 100 : null,
      );
      batch.add('statement');
      statementSpeaker[statementId] = speaker.id;
      statementArticle[statementId] = articleId;
      statementDay[statementId] = day;
      mentioned.add(speaker.id);
    }
    for (let n = random.int(1, 2); n > 0; n--) mentioned.add((states[someState()] as Actor).id);
    for (const actorId of mentioned) {
      ins.actorMention.run(articleId, actorId);
      batch.add('article_actor_mention');
    }
    const measureMentions = new Set<number>();
    for (let n = random.int(0, 3); n > 0; n--) measureMentions.add(popularMeasure());
    for (const measureId of measureMentions) {
      ins.measureMention.run(articleId, measureId);
      batch.add('article_measure_mention');
    }
    const eventMentions = new Set<number>();
    for (let n = random.int(0, 2); n > 0; n--) eventMentions.add(random.int(1, sizes.events));
    for (const eventId of eventMentions) {
      ins.eventMention.run(articleId, eventId);
      batch.add('article_event_mention');
    }
    textBytes += body.length;
    // The total is estimated from the articles written so far (bodies vary in length).
    articleBar.update(batch.rows(), textBytes, a >= 10 ? Math.round((textBytes / (a + 1)) * sizes.articles) : undefined);
  }
  articleBar.update(batch.rows(), textBytes, textBytes);
  articleBar.finish();

  // Every statement of each speaker, for evidence from the same holder (a CSR index over ids).
  const speakerStart = new Int32Array(actors.length + 2);
  for (let s = 1; s <= statementId; s++) {
    const next = (statementSpeaker[s] as number) + 1;
    speakerStart[next] = (speakerStart[next] as number) + 1;
  }
  for (let i = 1; i < speakerStart.length; i++) speakerStart[i] = (speakerStart[i] as number) + (speakerStart[i - 1] as number);
  const bySpeaker = new Int32Array(statementId);
  const fill = speakerStart.slice();
  for (let s = 1; s <= statementId; s++) {
    const speaker = statementSpeaker[s] as number;
    const at = fill[speaker] as number;
    bySpeaker[at] = s;
    fill[speaker] = at + 1;
  }

  // Stances, each evidenced by the statement it was read from and perhaps others by the same holder.
  const stanceBar = createProgressBar({ label: `generating ${scale}: stances` });
  const positions: StancePosition[] = ['SUPPORTS', 'OPPOSES', 'OPPOSES', 'CRITICIZES', 'CONCERNED', 'NEUTRAL', 'ASSESSES'];
  let summaryBytes = 0;
  for (let i = 0; i < sizes.stances; i++) {
    const id = i + 1;
    const statement = random.int(1, statementId);
    const holderId = statementSpeaker[statement] as number;
    const holder = actors[holderId - 1] as Actor;
    const position = random.pick(positions);
    const roll = random.next();
    let target: [number | null, number | null, number | null, number | null];
    let targetName: string;
    if (roll < 0.55) {
      const measureId = popularMeasure();
      target = [measureId, null, null, null];
      targetName = measures[measureId - 1] as string;
    } else if (roll < 0.7) {
      let actor = states[someState()] as Actor;
      if (actor.id === holderId) actor = (states.find((state) => state.id !== holderId) ?? actor) as Actor;
      target = [null, actor.id, null, null];
      targetName = actor.name;
    } else if (roll < 0.85) {
      const eventId = random.int(1, sizes.events);
      target = [null, null, eventId, null];
      targetName = events[eventId - 1] as string;
    } else {
      const topicId = random.int(1, sizes.topics);
      target = [null, null, null, topicId];
      targetName = topics[topicId - 1] as string;
    }
    const summary = `${holder.name} ${position.toLowerCase()} ${targetName}.`;
    ins.stance.run(id, `stance-${id}`, holderId, position, ...target, summary, isoDay(statementDay[statement] as number), statementArticle[statement]);
    batch.add('stance');
    const evidence = new Set<number>([statement]);
    const from = speakerStart[holderId] as number;
    const to = speakerStart[holderId + 1] as number;
    for (let n = random.int(0, 2); n > 0; n--) evidence.add(bySpeaker[random.int(from, to - 1)] as number);
    for (const statementId of evidence) {
      ins.evidence.run(id, statementId);
      batch.add('stance_evidence');
    }
    summaryBytes += summary.length;
    stanceBar.update(batch.rows(), summaryBytes, i >= 100 ? Math.round((summaryBytes / id) * sizes.stances) : undefined);
  }
  stanceBar.update(batch.rows(), summaryBytes, summaryBytes);
  stanceBar.finish();
  return batch.finish();
}

/** How many statements each article reports: around the mean, summing exactly to the total. */
function statementCounts(random: Random, articles: number, statements: number): Int32Array {
  const counts = new Int32Array(articles);
  const mean = statements / articles;
  let sum = 0;
  for (let a = 0; a < articles; a++) {
    counts[a] = Math.max(1, Math.round(mean * (0.5 + random.next())));
    sum += counts[a] as number;
  }
  // Nudge articles up or down one at a time until the total is exact.
  for (let a = 0; sum !== statements; a = (a + 1) % articles) {
    if (sum > statements && (counts[a] as number) > 1) {
      counts[a] = (counts[a] as number) - 1;
      sum--;
    } else if (sum < statements) {
      counts[a] = (counts[a] as number) + 1;
      sum++;
    }
  }
  return counts;
}
