/**
 * The app finds its built UI and its migrations from where its modules lie; a module moved between
 * folders (issue 17) must not lose them. Checked against the repository's own layout.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { test } from 'node:test';
import { WEB_DIST } from '../src/app/http.ts';
import { MIGRATIONS_FOLDER } from '../src/platform/db/client.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

test('the built UI is served from web/dist and migrations are read from drizzle/ of the repository', () => {
  assert.equal(path.resolve(WEB_DIST), path.resolve(ROOT, 'web/dist'));
  assert.equal(path.resolve(MIGRATIONS_FOLDER), path.resolve(ROOT, 'drizzle'));
  assert.ok(existsSync(path.join(MIGRATIONS_FOLDER, 'meta/_journal.json')));
});
