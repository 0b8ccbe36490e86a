// GraphiQL in a real browser: a frontend developer opens /graphql, sees the default query, runs it
// and reads E.O. 13722's stances. Headless Debian Chromium (installed by .ci/run) over a real port.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('GraphiQL at /graphql', () => {
  let test: TestApp;
  let server: Server;
  let browser: Browser;
  let url: string;
  let profile: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run .ci/run, or apt-get install chromium`);
    test = await createTestApp();
    server = createServer(test.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    profile = mkdtempSync(join(tmpdir(), 'stancegraph-chromium-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await test?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('opens with the E.O. 13722 query, runs it, and shows China’s stances with their evidence', async () => {
    const page = await browser.newPage();
    const failedRequests: string[] = [];
    page.on('requestfailed', (request) => failedRequests.push(request.url()));
    await page.goto(url);

    await expect(page.title()).resolves.toBe('Stancegraph');
    const editor = page.locator('.graphiql-query-editor');
    await editor.getByText('HowDidChinaRespondToEO13722').waitFor({ timeout: 30_000 });

    await page.locator('.graphiql-execute-button').click();
    const response = page.locator('.graphiql-response');
    await response.getByText('Executive Order 13722').waitFor({ timeout: 30_000 });
    // The result pane renders only the lines in view (the top of the answer), with non-breaking spaces.
    const text = ((await response.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(text).toContain('"identifier": "E.O. 13722"');
    expect(text).toContain('"totalCount": 4');
    expect(text).toContain('"position": "ASSESSES"');
    await page.screenshot({ path: process.env.GRAPHIQL_SCREENSHOT ?? join(profile, 'graphiql.png') });
    // Everything the page needs is served by Stancegraph itself: nothing was fetched elsewhere.
    expect(failedRequests).toEqual([]);
  }, 90_000);
});
