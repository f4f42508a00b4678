#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node:test through tsx. Node 20 has no glob in
// `node --test`, so the files are listed here. Extra arguments are passed on (e.g. a file filter).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : find(p);
    return e.name.endsWith('.test.ts') ? [path.relative(root, p)] : [];
  });
}
// `--no-browser` leaves out the browser journeys (test/e2e/), saying so: CI runs them in its
// PostgreSQL pass only (docs/decisions/0014-browser-journeys-once-in-ci.md).
const noBrowser = process.argv.includes('--no-browser');
const filters = process.argv.slice(2).filter((a) => a !== '--no-browser');
const all = ['src', 'test'].flatMap((d) => find(path.join(root, d)));
const browser = (f) => f.startsWith(path.join('test', 'e2e') + path.sep);
const files = all
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .filter((f) => !(noBrowser && browser(f)))
  .sort();
if (noBrowser) {
  const left = all.filter(browser).length;
  console.log(`--no-browser: ${left} browser journey file(s) under test/e2e/ are not run in this pass.`);
}
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=3', ...files], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
