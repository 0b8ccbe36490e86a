// The app under test, as `npm start` serves it (createApp over node:http), plus one bench-only route:
// GET /__bench/sql-count returns how many SQL statements the store ran since the last call, and
// resets the count. Counting is on when BENCH_COUNT_SQL=1; the route exists only in this entry.
// Run by bench/main.ts in a child process (DATABASE_URL points at the generated file).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/store/database.js';
import { createStore } from '../server/store/index.js';
import { reportReady } from './children.js';

export const SQL_COUNT_PATH = '/__bench/sql-count';

const config = loadConfig(process.env);
let sqlCount = 0;
const counting = process.env.BENCH_COUNT_SQL === '1';
const store = createStore(openDatabase(config.databaseUrl, counting ? { onQuery: () => void sqlCount++ } : {}));
const app = createApp({ store, config });

const server = createServer((request, response) => {
  if (counting && request.url === SQL_COUNT_PATH) {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count: sqlCount }));
    sqlCount = 0;
    return;
  }
  void app(request, response);
});
server.listen(config.port, config.host ?? '127.0.0.1', () => {
  reportReady((server.address() as AddressInfo).port, () => {
    server.closeAllConnections();
    server.close(() => void store.close().then(() => process.exit(0)));
  });
});
