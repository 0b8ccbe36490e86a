// Synthetic data for tests that need more rows than the seed article has (pagination, batching).
// Written straight through the store, deterministic, and independent of the seed content.
import type { Db } from '../../server/store/database.js';

const NOW = '2026-01-01T00:00:00.000Z';

export interface SyntheticCorpus {
  articleIds: number[];
  speakerIds: number[];
  statementIds: number[];
}

/**
 * Adds `articles` articles with `statementsPerArticle` statements each, spoken in turn by
 * `speakers` people who all work for one organization, with one stance per statement toward a
 * topic, evidenced by it. Dates step one day per article from 2020-01-01.
 */
export async function addSyntheticCorpus(
  db: Db,
  { articles, statementsPerArticle, speakers }: { articles: number; statementsPerArticle: number; speakers: number },
): Promise<SyntheticCorpus> {
  return db.transaction().execute(async (trx) => {
    const organization = await trx
      .insertInto('actor')
      .values({ slug: 'synthetic-org', name: 'Synthetic Org', kind: 'ORGANIZATION', createdAt: NOW, updatedAt: NOW })
      .returning('id')
      .executeTakeFirstOrThrow();
    const topic = await trx
      .insertInto('topic')
      .values({ slug: 'synthetic-topic', name: 'Synthetic topic', createdAt: NOW, updatedAt: NOW })
      .returning('id')
      .executeTakeFirstOrThrow();
    const speakerIds: number[] = [];
    for (let i = 0; i < speakers; i++) {
      const speaker = await trx
        .insertInto('actor')
        .values({ slug: `synthetic-speaker-${i}`, name: `Speaker ${String(i).padStart(3, '0')}`, kind: 'PERSON', createdAt: NOW, updatedAt: NOW })
        .returning('id')
        .executeTakeFirstOrThrow();
      speakerIds.push(speaker.id);
      await trx
        .insertInto('affiliation')
        .values({ memberId: speaker.id, organizationId: organization.id, role: 'Analyst', createdAt: NOW, updatedAt: NOW })
        .execute();
    }
    const articleIds: number[] = [];
    const statementIds: number[] = [];
    for (let a = 0; a < articles; a++) {
      const day = new Date(Date.UTC(2020, 0, 1 + a)).toISOString().slice(0, 10);
      const sentences = Array.from({ length: statementsPerArticle }, (_, s) => `Statement ${a}.${s} is said.`);
      const body = sentences.join(' ');
      const article = await trx
        .insertInto('article')
        .values({
          slug: `synthetic-article-${a}`,
          publication: 'Synthetic Times',
          headline: `Synthetic article ${a}`,
          body,
          publishedOn: day,
          language: 'en',
          createdAt: NOW,
          updatedAt: NOW,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      articleIds.push(article.id);
      let offset = 0;
      for (let s = 0; s < statementsPerArticle; s++) {
        const text = sentences[s] as string;
        const statement = await trx
          .insertInto('statement')
          .values({
            articleId: article.id,
            speakerId: speakerIds[(a * statementsPerArticle + s) % speakers] as number,
            kind: 'PARAPHRASE',
            text,
            spanStart: offset,
            spanEnd: offset + text.length,
            saidOn: day,
            saidOnInferred: 1,
            createdAt: NOW,
            updatedAt: NOW,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        statementIds.push(statement.id);
        const stance = await trx
          .insertInto('stance')
          .values({
            slug: `synthetic-stance-${a}-${s}`,
            holderId: speakerIds[(a * statementsPerArticle + s) % speakers] as number,
            position: 'ASSESSES',
            targetTopicId: topic.id,
            summary: text,
            asOf: day,
            articleId: article.id,
            createdAt: NOW,
            updatedAt: NOW,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.insertInto('stanceEvidence').values({ stanceId: stance.id, statementId: statement.id }).execute();
        offset += text.length + 1;
      }
    }
    return { articleIds, speakerIds, statementIds };
  });
}
