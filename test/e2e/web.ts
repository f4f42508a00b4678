import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
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
