#!/usr/bin/env node
// Lints the OpenAPI document with an independent linter (issue #16 §4): boots the app in process on an
// in-memory PGlite database, writes GET /api/openapi.json to a temporary file and runs
// `redocly lint` on it with the rules in redocly.yaml (the recommended ruleset). Exits with redocly's
// status, so CI fails on any error. Run it as `npm run lint:openapi` (node --import tsx …).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { boot } from '../src/app/boot.ts';
import { loadConfig } from '../src/platform/config.ts';

const root = path.resolve(import.meta.dirname, '..');
const config = loadConfig({ DATA_DIR: 'memory://', LOG_LEVEL: 'silent' });
const booted = await boot(config, { logger: pino({ level: 'silent' }) });
let status = 1;
const dir = mkdtempSync(path.join(tmpdir(), 'samdesk-openapi-'));
try {
  const res = await booted.app.request('http://localhost/api/openapi.json');
  if (res.status !== 200) throw new Error(`GET /api/openapi.json answered ${res.status}`);
  const file = path.join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(await res.json(), null, 2));
  // OPENAPI_OUT=<file> keeps a copy of the document (to read what the linter read).
  if (process.env.OPENAPI_OUT) writeFileSync(process.env.OPENAPI_OUT, readFileSync(file));
  const bin = path.join(root, 'node_modules', '.bin', 'redocly');
  // No telemetry or update check: CI machines may be offline, and nothing about the project leaves it.
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
  const result = spawnSync(bin, ['lint', '--config', path.join(root, 'redocly.yaml'), file], { stdio: 'inherit', cwd: root, env });
  status = result.status ?? 1;
} finally {
  await booted.deps.database.close();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
