import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestContext as NodeTestContext } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import assert from 'node:assert/strict';
import { TEST_PASSWORD, testContext, type TestClient, type TestContext } from '../support/app.ts';
import { A11yMonitor, formatFindings } from '../support/axe.ts';
import { launchBrowser, listen } from '../support/browser.ts';
import { buildWeb } from '../../src/cli/build-web.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST_INDEX = path.join(ROOT, 'web/dist/index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Builds the UI when web/dist is missing or older than its sources, so the browser never tests a
 * stale bundle.
 */
export async function ensureWebBuilt(): Promise<void> {
  if (existsSync(DIST_INDEX)) {
    const built = statSync(DIST_INDEX).mtimeMs;
    const sources = Math.max(newestMtime(path.join(ROOT, 'web/src')), statSync(path.join(ROOT, 'web/index.html')).mtimeMs);
    if (built >= sources) return;
  }
  await buildWeb();
}

/** Signs in through the page with the mouse-free form. */
export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByRole('textbox', { name: 'Användarnamn' }).fill(username);
  await page.getByRole('textbox', { name: 'Lösenord' }).fill(password);
  await page.getByRole('button', { name: 'Logga in' }).click();
}

const monitors = new WeakMap<Page, A11yMonitor>();
/** The monitored pages of each test, checked together when the test ends (one hook, every page reported). */
const pagesOfTest = new WeakMap<NodeTestContext, A11yMonitor[]>();

/**
 * Issue 16: fails with axe-core's findings (rule id, impact, target selectors) for every state of
 * `page` checked so far, including the current one, described as `label`. Pages from `newPage` are
 * checked automatically after every navigation and whenever a dialog, alert, notification or menu
 * opens, and once more when the journey ends; call this to check a state that is reached otherwise
 * (a panel expanding) or to fail at once.
 */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const monitor = monitors.get(page);
  if (!monitor) throw new Error('expectAccessible: the page was not made by BrowserSuite.newPage');
  const findings = await monitor.findingsNow(label);
  if (findings.length > 0) throw new Error(formatFindings(findings));
}

/** Everything a browser journey needs: a fresh app on a loopback port and Debian's Chromium. */
export interface BrowserSuite {
  ctx: TestContext;
  server: { url: string; close(): Promise<void> };
  /**
   * A fresh browser context (own cookies) per journey, Swedish and in Stockholm time. Undefined, with
   * the test marked skipped and the reason shown, when the browser is missing outside CI (in CI a
   * missing browser already failed `launchBrowser`). Every state the page reaches is checked with
   * axe-core and the test fails, when it ends, on any violation (issue 16; `expectAccessible`).
   */
  newPage(t: NodeTestContext, viewport?: { width: number; height: number }): Promise<Page | undefined>;
  close(): Promise<void>;
}

export async function startBrowserSuite(
  options: { env?: Record<string, string>; /** Seed the demo data set (npm run demo). */ demo?: boolean } = {},
): Promise<BrowserSuite> {
  await ensureWebBuilt();
  const ctx = await testContext({ demo: options.demo === true, ...(options.env ? { env: options.env } : {}) });
  const server = await listen(ctx);
  const launched = await launchBrowser();
  const browser: Browser | undefined = 'skip' in launched ? undefined : launched;
  const skip = 'skip' in launched ? launched.skip : undefined;
  const contexts: BrowserContext[] = [];
  return {
    ctx,
    server,
    async newPage(t, viewport = { width: 1280, height: 900 }) {
      if (!browser) {
        t.skip(skip);
        return undefined;
      }
      const context = await browser.newContext({ locale: 'sv-SE', timezoneId: 'Europe/Stockholm', viewport });
      // The browser's "today" is the app's (support/clock.ts); time runs on from there.
      await context.clock.install({ time: ctx.deps.clock.now() });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const monitor = await A11yMonitor.attach(page);
      monitors.set(page, monitor);
      const ofTest = pagesOfTest.get(t);
      if (ofTest) ofTest.push(monitor);
      else {
        const list = [monitor];
        pagesOfTest.set(t, list);
        t.after(async () => {
          const findings = (await Promise.all(list.map((m) => m.findingsNow('the end of the journey')))).flat();
          if (findings.length > 0) throw new Error(formatFindings(findings));
        });
      }
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser?.close();
      await server.close();
      await ctx.close();
    },
  };
}

/** The ids of the IT desk's categories by code, as `client` sees them (the seeded desk). */
export async function itCategoryIds(client: TestClient): Promise<(code: string) => string> {
  const desks = await client.json<{ items: { isIt: boolean; categories: { id: string; code: string }[] }[] }>('GET', '/api/v1/desks');
  const it = desks.body.items.find((d) => d.isIt);
  assert.ok(it, 'the IT desk is seeded');
  return (code) => {
    const id = it.categories.find((c) => c.code === code)?.id;
    assert.ok(id, `category ${code}`);
    return id;
  };
}

/** Signs `page` in as a test account (TEST_PASSWORD) and waits for the start page's greeting. */
export async function signInToStart(page: Page, baseUrl: string, username: string): Promise<void> {
  await signIn(page, baseUrl, username, TEST_PASSWORD);
  await page.getByRole('heading', { level: 1, name: `Välkommen, ${username}` }).waitFor();
}

/** Opens a ticket's page and waits for its heading ("Ärende <number>: <subject>"). */
export async function openTicketPage(page: Page, baseUrl: string, ticket: { id: string; number: string }, subject: string): Promise<void> {
  await page.goto(`${baseUrl}/arende/${ticket.id}`);
  await page.getByRole('heading', { level: 1, name: `Ärende ${ticket.number}: ${subject}` }).waitFor();
}

/** The main menu (the navigation landmark "Huvudmeny"). */
export const mainMenu = (page: Page): Locator => page.getByRole('navigation', { name: 'Huvudmeny' });

export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The description of a term in the page's facts (`<dl>`): the first term named exactly so. */
export const fact = (page: Page, term: string): Locator =>
  page
    .getByRole('term')
    .filter({ hasText: new RegExp(`^${escapeRegExp(term)}$`) })
    .first()
    .locator('xpath=following-sibling::dd[1]');

/** A fact's text, with the no-break spaces of amounts and dates ("1 450,00 kr") as plain spaces. */
export const factText = async (page: Page, term: string): Promise<string> => ((await fact(page, term).textContent()) ?? '').replace(/\s+/g, ' ');
