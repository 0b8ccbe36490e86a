// Mutation.importArticle against texts made to be expensive: what is over its limits is refused
// before any work, what is at them imports, and the work an import does grows linearly with the
// article. Work is counted, not timed (the machines are shared): for extraction, the characters its
// regular expressions read and the elements its array scans visit; for the writes, SQL statements,
// table scans and characters read back.
import { CompiledQuery, type KyselyPlugin } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseArticleText } from '../server/ingest/article-text.js';
import { importArticle, MAX_IMPORT_STATEMENTS, MAX_IMPORT_TEXT_LENGTH } from '../server/ingest/import-article.js';
import { extractStatements } from '../server/ingest/quotes.js';
import { quoteHeavyArticle } from './helpers/quote-article.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const IMPORT = `mutation Import($input: ImportArticleInput!) {
  importArticle(input: $input) { article { slug } statements { id } }
}`;

interface Imported {
  article: { slug: string };
  statements: { id: string }[];
}

const AUTHOR = { apiKeyId: null, name: 'test' };
const FILLER = 'The talks continued late into the night, and the delegations left without a joint statement.';

function statementsIn(text: string): number {
  return extractStatements(parseArticleText(text).body).statements.length;
}

/** An article of exactly `length` characters: a few quotes, then paragraphs of reporting. */
function articleOfLength(length: number): string {
  let text = quoteHeavyArticle(4, 'Talks Stall Over Sanctions Relief');
  while (text.length + FILLER.length + 2 < length) text += `\n\n${FILLER}`;
  return `${text}\n\n${'x'.repeat(length - text.length - 2)}`;
}

/** An article from which exactly `count` statements are extracted. */
function articleWithStatements(count: number): string {
  // quoteHeavyArticle makes 3.5 statements per speaker; the rest are one-quote paragraphs.
  let speakers = Math.floor(count / 3.5);
  while (speakers > 0 && statementsIn(quoteHeavyArticle(speakers)) > count) speakers--;
  const base = quoteHeavyArticle(speakers, `Allies Weigh ${count} Responses`);
  const missing = count - statementsIn(base);
  const extra = Array.from({ length: missing }, (_, index) => `“Nothing has changed on point ${index},” he said.`);
  return [base, ...extra].join('\n\n');
}

let t: TestApp;
let editor: string;
beforeEach(async () => {
  t = await createTestApp();
  editor = await t.createKey('EDITOR', 'desk');
});
afterEach(() => t.close());

async function importText(text: string) {
  return t.graphql<{ importArticle: Imported }>(IMPORT, { input: { text, publishedOn: '2024-03-01', publication: 'Test Wire' } }, { apiKey: editor });
}

async function articleCount(): Promise<number> {
  return Number((await t.db.selectFrom('article').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

describe('Mutation.importArticle limits', () => {
  it(`refuses a text over ${MAX_IMPORT_TEXT_LENGTH} characters with BAD_USER_INPUT naming the limit, before reading it`, async () => {
    const articles = await articleCount();
    t.resetQueries();
    const result = await importText(articleOfLength(MAX_IMPORT_TEXT_LENGTH + 1));
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toContain(MAX_IMPORT_TEXT_LENGTH.toLocaleString('en-US'));
    expect(t.queries.filter((query) => !query.includes('"api_key"'))).toEqual([]);
    expect(await articleCount()).toBe(articles);
  });

  it('refuses an oversized text on the command line’s path too (the store function itself)', async () => {
    await expect(importArticle(t.db, AUTHOR, { text: articleOfLength(MAX_IMPORT_TEXT_LENGTH + 1), publishedOn: '2024-03-01' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringContaining(`at most ${MAX_IMPORT_TEXT_LENGTH.toLocaleString('en-US')}`),
    });
  });

  it(`imports a text of exactly ${MAX_IMPORT_TEXT_LENGTH} characters`, async () => {
    const text = articleOfLength(MAX_IMPORT_TEXT_LENGTH);
    expect(text.length).toBe(MAX_IMPORT_TEXT_LENGTH);
    const result = await importText(text);
    expect(result.errors).toBeUndefined();
    expect(result.data?.importArticle.statements.length).toBe(statementsIn(text));
  });

  it(`refuses a text holding more than ${MAX_IMPORT_STATEMENTS} statements with BAD_USER_INPUT naming the limit, writing nothing`, async () => {
    const text = articleWithStatements(MAX_IMPORT_STATEMENTS + 1);
    expect(statementsIn(text)).toBe(MAX_IMPORT_STATEMENTS + 1);
    const articles = await articleCount();
    t.resetQueries();
    const result = await importText(text);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toContain(`at most ${MAX_IMPORT_STATEMENTS.toLocaleString('en-US')}`);
    expect(t.queries.filter((query) => !query.includes('"api_key"'))).toEqual([]);
    expect(await articleCount()).toBe(articles);
  });

  it(`imports ${MAX_IMPORT_STATEMENTS} statements in one transaction`, async () => {
    const text = articleWithStatements(MAX_IMPORT_STATEMENTS);
    expect(statementsIn(text)).toBe(MAX_IMPORT_STATEMENTS);
    t.resetQueries();
    const result = await importText(text);
    expect(result.errors).toBeUndefined();
    expect(result.data?.importArticle.statements).toHaveLength(MAX_IMPORT_STATEMENTS);

    const writes = t.queries.filter((query) => !query.includes('"api_key"'));
    expect(writes.filter((query) => /^(begin|commit|rollback)/i.test(query))).toEqual(['begin immediate', 'commit']);
    expect(writes[0]).toBe('begin immediate');
    expect(writes.at(-1)).toBe('commit');
  });
});

/** What a failed rule anchored at the start is counted as reading: ours test a few words there. */
const ANCHORED_READ = 100;

/** Elements that array scans visit and characters that regular expressions read while `run` runs. */
function countWork(run: () => void): number {
  let work = 0;
  const exec = RegExp.prototype.exec;
  const arrays = Array.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const scans = ['filter', 'find', 'findIndex', 'findLast', 'some', 'every', 'forEach', 'map', 'flatMap', 'reduce', 'includes', 'indexOf'];
  const originals = scans.map((name) => arrays[name] as (...args: unknown[]) => unknown);
  RegExp.prototype.exec = function (this: RegExp, input: string) {
    const from = this.global || this.sticky ? this.lastIndex : 0;
    const match = exec.call(this, input);
    // A scan reads up to the end of its match, or to the end of the text when it finds none; a rule
    // anchored at the start that fails is counted as reading ANCHORED_READ characters of it.
    const anchored = this.source.startsWith('^') && !this.multiline;
    const length = String(input).length;
    work += match ? match.index + match[0].length - from : anchored ? Math.min(ANCHORED_READ, length) : length - from;
    return match;
  };
  scans.forEach((name, index) => {
    const original = originals[index] as (...args: unknown[]) => unknown;
    arrays[name] = function (this: unknown[], ...args: unknown[]) {
      work += this.length;
      return original.apply(this, args);
    };
  });
  try {
    run();
  } finally {
    RegExp.prototype.exec = exec;
    scans.forEach((name, index) => {
      arrays[name] = originals[index] as (...args: unknown[]) => unknown;
    });
  }
  return work;
}

/** How much more work 4n took than n, relative to 4: 1 is linear, 4 would be quadratic. */
function growth(work: (size: number) => number, size: number): number {
  return work(4 * size) / work(size) / 4;
}

describe('importArticle work grows linearly with the article', () => {
  const SPEAKERS = 60;

  it('extraction: article text with ever more quotes and speakers', () => {
    const work = (speakers: number) => {
      const { body } = parseArticleText(quoteHeavyArticle(speakers));
      return countWork(() => extractStatements(body));
    };
    expect(growth(work, SPEAKERS)).toBeLessThan(1.3);
  });

  it('extraction: all of it in one paragraph, and a long run of quotations one attribution closes', () => {
    const oneParagraph = (speakers: number) => {
      const { body } = parseArticleText(quoteHeavyArticle(speakers));
      const paragraph = body.replace(/\n\n/g, ' ');
      return countWork(() => extractStatements(paragraph));
    };
    expect(growth(oneParagraph, SPEAKERS)).toBeLessThan(1.3);
    const run = (quotations: number) => {
      const text = `${Array.from({ length: quotations }, (_, index) => `“Point ${index}”`).join(' ')}, Lu Kang said.`;
      return countWork(() => extractStatements(text));
    };
    expect(growth(run, 3 * SPEAKERS)).toBeLessThan(1.3);
  });

  it('extraction: one sentence of thousands of attributions', () => {
    const sentence = (units: number) => {
      const text = `${Array.from({ length: units }, (_, index) => `Anna Baski${index % 2 ? ' of the Center' : ''} said on Monday, adding that the talks ${index} had failed`).join(', and ')}.`;
      return countWork(() => extractStatements(text));
    };
    expect(growth(sentence, 5 * SPEAKERS)).toBeLessThan(1.3);
  });

  it('writes: SQL statements and characters read grow linearly, and no table is scanned per speaker', async () => {
    const measure = async (speakers: number) => {
      const app = await createTestApp();
      const counted = { characters: 0 };
      const counter: KyselyPlugin = {
        transformQuery: (args) => args.node,
        transformResult: async (args) => {
          for (const row of args.result.rows) for (const value of Object.values(row)) counted.characters += String(value).length;
          return args.result;
        },
      };
      try {
        await importArticle(app.db.withPlugin(counter), AUTHOR, { text: quoteHeavyArticle(speakers), publishedOn: '2024-03-01' });
        const queries = [...app.queries];
        return { statements: queries.length, characters: counted.characters, scans: await tableScans(app, queries) };
      } finally {
        await app.close();
      }
    };
    const small = await measure(SPEAKERS);
    const large = await measure(4 * SPEAKERS);
    expect(large.statements / small.statements / 4).toBeLessThan(1.1);
    expect(large.characters / small.characters / 4).toBeLessThan(1.3);
    expect(large.scans).toBeLessThanOrEqual(small.scans);
  });
});

/** How many of `queries` SQLite answers by reading a whole table or index (a SCAN in its plan). */
async function tableScans(app: TestApp, queries: string[]): Promise<number> {
  let scans = 0;
  const plans = new Map<string, boolean>();
  for (const query of queries) {
    if (!/^(select|insert|update|delete)/i.test(query)) continue;
    let scanning = plans.get(query);
    if (scanning === undefined) {
      const parameters = (query.match(/\?/g) ?? []).map(() => null);
      const plan = await app.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query}`, parameters));
      scanning = plan.rows.some((row) => /^SCAN /.test(row.detail) && !/CONSTANT ROW|VALUES/.test(row.detail));
      plans.set(query, scanning);
    }
    if (scanning) scans++;
  }
  return scans;
}
