import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { expect } from 'vitest';
import { WEB_APP_DIR } from '../../src/http/web-app.js';
import { ADMIN_PASSWORD, type TestContext } from './app.js';

/**
 * What the browser tests share: Debian's Chromium (`apt-get install -y chromium`) driven by
 * playwright-core, which never downloads a browser of its own, and the checks every page gets.
 */
const CHROMIUM = '/usr/bin/chromium';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface TestBrowser {
  browser: Browser;
  /** Uncaught errors from any page of any context made here; a test expects none. */
  pageErrors: string[];
  newContext(options?: BrowserContextOptions, timeoutMs?: number): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Launches Chromium; `webApp` also requires the recruiter web app to be built. */
export async function launchBrowser(needs: { webApp: boolean }): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The browser tests need Debian's Chromium at ${CHROMIUM}: apt-get install -y chromium.`);
  }
  if (needs.webApp && !existsSync(`${WEB_APP_DIR}/index.html`)) {
    throw new Error('The web app is not built: run `npm run build` first (npm test does).');
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, timeout: 60_000, args: ARGS });
  const pageErrors: string[] = [];
  const contexts: BrowserContext[] = [];
  return {
    browser,
    pageErrors,
    async newContext(options = {}, timeoutMs = 20_000) {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, ...options });
      context.setDefaultTimeout(timeoutMs);
      context.setDefaultNavigationTimeout(timeoutMs);
      context.on('weberror', (error) => pageErrors.push(error.error().message));
      contexts.push(context);
      return context;
    },
    async close() {
      for (const context of contexts) await context.close();
      await browser.close();
    },
  };
}

type Violation = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };
let axeSource: Promise<string> | undefined;

/**
 * Runs axe-core on the page and fails on any serious or critical finding, naming each. axe-core is
 * evaluated through the DevTools protocol, which a page's Content-Security-Policy does not govern.
 */
export async function expectAccessible(page: Page, what: string) {
  axeSource ??= readFile(AXE, 'utf8');
  await page.evaluate(await axeSource);
  const violations = await page.evaluate(async () => {
    // Runs in the page, where axe-core is a global (this project's types have no DOM).
    const { axe, document } = globalThis as unknown as {
      axe: { run: (...a: unknown[]) => Promise<{ violations: Violation[] }> };
      document: unknown;
    };
    const result = await axe.run(document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const described = bad.map(
    (v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
  );
  expect(described, `axe on ${what}:\n${described.join('\n')}`).toEqual([]);
}

/** Signs in to the web app and waits for the vacancy list. */
export async function signIn(page: Page, t: TestContext, email: string, password = ADMIN_PASSWORD) {
  await page.goto(`${t.baseUrl}/app/`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Vacancies' }).waitFor();
}

/** What a sandbox board holds, read over HTTP from its `_inspect` routes. */
export async function sandbox<T>(t: TestContext, path: string): Promise<T> {
  const response = await fetch(`${t.baseUrl}/sandbox${path}`);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

// Shared with the integration tests; e2e tests import them from here too.
export { connectSandbox, inDays, liveVacancy } from './app.js';
