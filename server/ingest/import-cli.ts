// `import <files…>`: plain-text articles in, statements extracted, one transaction per file.
//   import [--published-on YYYY-MM-DD] [--publication NAME] [--section NAME] [--url URL] <file>…
// A file that fails (unreadable, not an article, already imported) is reported and the rest go on;
// the command fails if any file did.
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { Author } from '../auth/viewer.js';
import { isIsoDate } from '../store/dates.js';
import type { Db } from '../store/database.js';
import { WriteError } from '../store/writes.js';
import { importArticle } from './import-article.js';

export const TEXT_IMPORT_USAGE = `import [--format text] --published-on YYYY-MM-DD [--publication NAME] [--section NAME] [--url URL] <file>…`;

export class ImportUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportUsageError';
  }
}

/** Who command-line changes are recorded as in the audit log. */
export function cliAuthor(): Author {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No user database (some containers): keep "unknown".
  }
  return { apiKeyId: null, name: `cli:${user}` };
}

export async function runTextImport(db: Db, args: string[], out: Writable = process.stdout): Promise<void> {
  const { values, positionals } = parse(args);
  if (values.format !== undefined && values.format !== 'text') throw new ImportUsageError(`unknown --format "${values.format}" (text or ndjson)`);
  if (positionals.length === 0) throw new ImportUsageError(`import needs at least one file: ${TEXT_IMPORT_USAGE}`);
  const publishedOn = values['published-on'];
  if (!publishedOn) throw new ImportUsageError('--published-on is required: plain text carries no reliable publication date');
  if (!isIsoDate(publishedOn)) throw new ImportUsageError(`--published-on must be a real date written YYYY-MM-DD, not "${publishedOn}"`);

  const author = cliAuthor();
  const failures: string[] = [];
  for (const file of positionals) {
    try {
      const result = await importArticle(db, author, {
        text: readFileSync(file, 'utf8'),
        publishedOn,
        publication: values.publication ?? null,
        section: values.section ?? null,
        url: values.url ?? null,
      });
      const pending = result.statements.length;
      out.write(
        `imported ${basename(file)} as ${result.article.slug}: ${pending} statement${pending === 1 ? '' : 's'} pending review, ` +
          `${result.matchedActors.length} known actor(s) matched, ${result.createdActors.length} new actor(s)\n`,
      );
      const actors = new Map([...result.matchedActors, ...result.createdActors].map((actor) => [actor.id, actor]));
      for (const statement of result.statements) {
        const speaker = actors.get(statement.speakerId);
        out.write(`  [${statement.spanStart}, ${statement.spanEnd}] ${statement.kind} ${speaker?.name ?? '?'} (${statement.confidence}): ${excerpt(statement.text)}\n`);
      }
    } catch (error) {
      if (!(error instanceof WriteError) && !isFileError(error)) throw error;
      failures.push(`${file}: ${error.message}`);
    }
  }
  if (failures.length > 0) throw new ImportUsageError(`${failures.length} of ${positionals.length} file(s) not imported:\n  ${failures.join('\n  ')}`);
}

function excerpt(text: string): string {
  return text.length > 70 ? `${text.slice(0, 67)}…` : text;
}

/** A file that cannot be read (ENOENT, EISDIR, EACCES …): reported with the others, not fatal. */
function isFileError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('E');
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        'published-on': { type: 'string' },
        publication: { type: 'string' },
        section: { type: 'string' },
        url: { type: 'string' },
      },
    });
  } catch (error) {
    throw new ImportUsageError(error instanceof Error ? error.message : String(error));
  }
}
