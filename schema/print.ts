// Writes the schema's SDL to schema/schema.graphql, or with --check fails when the committed file
// differs from what the code defines (the drift check `npm run check` and CI run).
// `--file <path>` points at another file (the drift test uses a scratch copy).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSchemaSdl } from './index.js';

const args = process.argv.slice(2);
const fileFlag = args.indexOf('--file');
const file = (fileFlag >= 0 ? args[fileFlag + 1] : undefined) ?? fileURLToPath(new URL('./schema.graphql', import.meta.url));

const printed = printSchemaSdl();
if (args.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(file, 'utf8');
  } catch {
    // A missing file is drift too.
  }
  if (committed !== printed) {
    console.error(`${file} is out of date with the code: run \`npm run schema:print\` and commit the result.`);
    process.exit(1);
  }
  console.log(`${file} is up to date`);
} else {
  writeFileSync(file, printed);
  console.log(`wrote ${file}`);
}
