// The raw ceiling: what operations 1–3 cost with no GraphQL at all. A bare node:http handler runs
// hand-written SQL through better-sqlite3 prepared statements (a few joins, IN lists passed as JSON
// arrays so each statement is prepared once) and JSON.stringify's the same `{"data": …}` the GraphQL
// server returns. bench/main.ts checks the two responses are equal before timing either.
//
// POST /statements-page {"variables": {"first", "after"?}}, /measure {"variables": {"slug", "first"}},
// /actor-statements {"variables": {"slug", "first"}}. Run in a child process (DATABASE_FILE).
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { reportReady } from './children.js';
import { openRawDatabase } from './sqlite.js';

const db = openRawDatabase(process.env.DATABASE_FILE as string);
const ids = (values: Iterable<number>) => JSON.stringify([...new Set(values)]);
const IN_IDS = 'in (select value from json_each(?))';

function globalId(typename: string, id: number): string {
  return Buffer.from(`${typename}:${id}`).toString('base64');
}

/** The same opaque cursor the schema issues (schema/connections.ts). */
function cursor(field: string, value: string | number | null, id: number): string {
  const payload = JSON.stringify([field, value, id]);
  const check = createHash('sha256').update(`stancegraph-cursor:${payload}`).digest('base64url').slice(0, 8);
  return Buffer.from(`v1:${check}:${payload}`, 'utf8').toString('base64url');
}

function decodeCursor(text: string): { value: string; id: number } {
  const payload = /^v1:[A-Za-z0-9_-]{8}:(.*)$/s.exec(Buffer.from(text, 'base64url').toString('utf8'))?.[1];
  const [, value, id] = JSON.parse(payload ?? 'null') as [string, string, number];
  return { value, id };
}

function groupBy<R, K>(rows: R[], key: (row: R) => K): Map<K, R[]> {
  const groups = new Map<K, R[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

// 1. A page of statements, newest first, with speaker, affiliations, article and evidenced stances.
const statementColumns = `select st.id, st.text, st.kind, st.said_on, st.speaker_id, sp.name as speaker_name, a.headline`;
const statementJoins = `join actor sp on sp.id = st.speaker_id join article a on a.id = st.article_id`;
const firstStatements = db.prepare(
  `with page as (select id, said_on from statement order by said_on desc, id desc limit ?)
   ${statementColumns} from page join statement st on st.id = page.id ${statementJoins} order by page.said_on desc, page.id desc`,
);
const statementsAfter = db.prepare(
  `with page as (select id, said_on from statement where (said_on, id) < (?, ?) order by said_on desc, id desc limit ?)
   ${statementColumns} from page join statement st on st.id = page.id ${statementJoins} order by page.said_on desc, page.id desc`,
);
const affiliationsOf = db.prepare(
  `select af.member_id, af.role, o.name from affiliation af join actor o on o.id = af.organization_id
   where af.member_id ${IN_IDS} order by af.member_id, af.id`,
);
const stancesEvidencedBy = db.prepare(
  `select se.statement_id, s.position, s.summary, m.name as measure_name, ta.name as actor_name, e.title as event_title, t.name as topic_name
   from stance_evidence se join stance s on s.id = se.stance_id
   left join sanction_measure m on m.id = s.target_measure_id left join actor ta on ta.id = s.target_actor_id
   left join event e on e.id = s.target_event_id left join topic t on t.id = s.target_topic_id
   where se.statement_id ${IN_IDS} order by s.as_of desc, s.id desc`,
);

interface StatementPageRow {
  id: number;
  text: string;
  kind: string;
  said_on: string;
  speaker_id: number;
  speaker_name: string;
  headline: string;
}
interface StanceTargetRow {
  statement_id: number;
  position: string;
  summary: string;
  measure_name: string | null;
  actor_name: string | null;
  event_title: string | null;
  topic_name: string | null;
}

function target(row: StanceTargetRow) {
  if (row.measure_name !== null) return { __typename: 'SanctionMeasure', name: row.measure_name };
  if (row.actor_name !== null) return { __typename: 'Actor', name: row.actor_name };
  if (row.event_title !== null) return { __typename: 'Event', title: row.event_title };
  return { __typename: 'Topic', name: row.topic_name };
}

function statementsPage(variables: { first: number; after?: string | null }) {
  const limit = variables.first + 1;
  const after = variables.after ? decodeCursor(variables.after) : null;
  const fetched = (after ? statementsAfter.all(after.value, after.id, limit) : firstStatements.all(limit)) as StatementPageRow[];
  const rows = fetched.slice(0, variables.first);
  const affiliations = groupBy(
    affiliationsOf.all(ids(rows.map((row) => row.speaker_id))) as { member_id: number; role: string; name: string }[],
    (row) => row.member_id,
  );
  const stances = groupBy(stancesEvidencedBy.all(ids(rows.map((row) => row.id))) as StanceTargetRow[], (row) => row.statement_id);
  const last = rows.at(-1);
  return {
    data: {
      statements: {
        pageInfo: { hasNextPage: fetched.length > variables.first, endCursor: last ? cursor('SAID_ON', last.said_on, last.id) : null },
        nodes: rows.map((row) => ({
          id: globalId('Statement', row.id),
          text: row.text,
          kind: row.kind,
          saidOn: row.said_on,
          speaker: {
            name: row.speaker_name,
            affiliations: (affiliations.get(row.speaker_id) ?? []).map((a) => ({ role: a.role, organization: { name: a.name } })),
          },
          article: { headline: row.headline },
          stances: (stances.get(row.id) ?? []).map((s) => ({ position: s.position, summary: s.summary, target: target(s) })),
        })),
      },
    },
  };
}

// 2. One measure with targets, provisions, triggers and the first stances toward it, with evidence.
const measureBySlug = db.prepare(
  `select m.id, m.name, m.identifier, m.instrument, m.signed_on, i.name as issuer_name
   from sanction_measure m join actor i on i.id = m.issuer_id where m.slug = ?`,
);
const sectorsOf = db.prepare('select sector from measure_sector where measure_id = ? order by sector').pluck();
const targetsOf = db.prepare(
  `select mt.note, a.name, a.kind from measure_target mt join actor a on a.id = mt.actor_id
   where mt.measure_id = ? order by mt.id limit ?`,
);
const targetCount = db.prepare('select count(*) from measure_target where measure_id = ?').pluck();
const provisionsOf = db.prepare('select kind, description from measure_provision where measure_id = ? order by position');
const triggersOf = db.prepare(
  `select e.title, e.occurred_on from measure_trigger mt join event e on e.id = mt.event_id
   where mt.measure_id = ? order by e.occurred_on, e.id`,
);
const stancesToward = db.prepare(
  `select s.id, s.position, s.summary, s.as_of, h.name as holder_name from stance s join actor h on h.id = s.holder_id
   where s.target_measure_id = ? order by s.as_of desc, s.id desc limit ?`,
);
const stanceCount = db.prepare('select count(*) from stance where target_measure_id = ?').pluck();
const evidenceOf = db.prepare(
  `select se.stance_id, st.text, st.kind, st.said_on, sp.name from stance_evidence se
   join statement st on st.id = se.statement_id join actor sp on sp.id = st.speaker_id
   where se.stance_id ${IN_IDS} order by st.article_id, st.span_start`,
);

function measure(variables: { slug: string; first: number }) {
  const m = measureBySlug.get(variables.slug) as
    | { id: number; name: string; identifier: string | null; instrument: string; signed_on: string | null; issuer_name: string }
    | undefined;
  if (!m) return { data: { sanctionMeasure: null } };
  const targets = targetsOf.all(m.id, 50) as { note: string | null; name: string; kind: string }[];
  const stances = stancesToward.all(m.id, variables.first) as { id: number; position: string; summary: string; as_of: string; holder_name: string }[];
  const evidence = groupBy(
    evidenceOf.all(ids(stances.map((s) => s.id))) as { stance_id: number; text: string; kind: string; said_on: string; name: string }[],
    (row) => row.stance_id,
  );
  return {
    data: {
      sanctionMeasure: {
        name: m.name,
        identifier: m.identifier,
        instrument: m.instrument,
        signedOn: m.signed_on,
        sectors: sectorsOf.all(m.id),
        issuer: { name: m.issuer_name },
        targets: {
          totalCount: targetCount.get(m.id),
          nodes: targets.map((t) => ({ note: t.note, actor: { name: t.name, kind: t.kind } })),
        },
        provisions: provisionsOf.all(m.id),
        triggeredBy: (triggersOf.all(m.id) as { title: string; occurred_on: string | null }[]).map((e) => ({ title: e.title, occurredOn: e.occurred_on })),
        stances: {
          totalCount: stanceCount.get(m.id),
          nodes: stances.map((s) => ({
            position: s.position,
            summary: s.summary,
            asOf: s.as_of,
            holder: { name: s.holder_name },
            evidence: (evidence.get(s.id) ?? []).map((e) => ({ text: e.text, kind: e.kind, saidOn: e.said_on, speaker: { name: e.name } })),
          })),
        },
      },
    },
  };
}

// 3. An actor with its latest statements, each with the measures its article mentions.
const actorBySlug = db.prepare(
  'select a.id, a.name, a.kind, c.name as country_name from actor a left join actor c on c.id = a.country_id where a.slug = ?',
);
const latestStatementsOf = db.prepare(
  `select st.text, st.said_on, st.article_id, a.headline, a.published_on from statement st join article a on a.id = st.article_id
   where st.speaker_id = ? order by st.said_on desc, st.id desc limit ?`,
);
const mentionedMeasuresOf = db.prepare(
  `select mm.article_id, m.name, m.identifier from article_measure_mention mm join sanction_measure m on m.id = mm.measure_id
   where mm.article_id ${IN_IDS} order by m.name`,
);

function actorStatements(variables: { slug: string; first: number }) {
  const actor = actorBySlug.get(variables.slug) as { id: number; name: string; kind: string; country_name: string | null } | undefined;
  if (!actor) return { data: { actor: null } };
  const statements = latestStatementsOf.all(actor.id, variables.first) as {
    text: string;
    said_on: string;
    article_id: number;
    headline: string;
    published_on: string;
  }[];
  const measures = groupBy(
    mentionedMeasuresOf.all(ids(statements.map((s) => s.article_id))) as { article_id: number; name: string; identifier: string | null }[],
    (row) => row.article_id,
  );
  return {
    data: {
      actor: {
        name: actor.name,
        kind: actor.kind,
        country: actor.country_name === null ? null : { name: actor.country_name },
        statements: {
          nodes: statements.map((s) => ({
            text: s.text,
            saidOn: s.said_on,
            article: {
              headline: s.headline,
              publishedOn: s.published_on,
              mentionedMeasures: (measures.get(s.article_id) ?? []).map((m) => ({ name: m.name, identifier: m.identifier })),
            },
          })),
        },
      },
    },
  };
}

/** Each route trusts its variables: the harness sends them, and checks the answers against GraphQL's. */
const routes: Record<string, (variables: never) => unknown> = {
  '/statements-page': statementsPage,
  '/measure': measure,
  '/actor-statements': actorStatements,
};

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const server = createServer((request, response) => {
  const route = routes[request.url ?? ''];
  if (!route || request.method !== 'POST') {
    response.writeHead(404).end();
    return;
  }
  readBody(request)
    .then((body) => {
      const { variables } = JSON.parse(body) as { variables: unknown };
      const json = JSON.stringify(route(variables as never));
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) }).end(json);
    })
    .catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    });
});
server.listen(0, '127.0.0.1', () => {
  reportReady((server.address() as AddressInfo).port, () => {
    server.closeAllConnections();
    server.close(() => {
      db.close();
      process.exit(0);
    });
  });
});
