/**
 * Issue 17: `npm run lint` refuses an import against the direction of the capabilities (eslint.config.js
 * LAYERS), keeps rules pure and keeps SQL in stores. The blocks are taken from the project's own ESLint configuration and run
 * on small sources placed at real paths.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { ESLint, type Linter } from 'eslint';
// @ts-expect-error -- the ESLint configuration is plain JavaScript without type declarations
import { layering, sqlInStores, webImportsServer } from '../eslint.config.js';
import tseslint from 'typescript-eslint';

/**
 * The import-direction, purity, SQL-in-stores and web-imports blocks of eslint.config.js, alone (no type
 * information needed), with the TypeScript parser and plugin they name.
 */
const blocks: Linter.Config[] = [
  { files: ['**/*.ts', '**/*.tsx'], plugins: { '@typescript-eslint': tseslint.plugin }, languageOptions: { parser: tseslint.parser } },
  ...(layering as () => Linter.Config[])(),
  (sqlInStores as () => Linter.Config)(),
  (webImportsServer as () => Linter.Config)(),
];
const eslint = new ESLint({ cwd: fileURLToPath(new URL('..', import.meta.url)), overrideConfigFile: true, overrideConfig: blocks });

async function problems(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? ''}: ${m.message}`);
}

const cases: { file: string; source: string; refused: boolean; why: string }[] = [
  {
    file: 'src/tickets/service.ts',
    source: "import { considerSurvey } from '../surveys/service.ts';\n",
    refused: true,
    why: 'tickets may not import surveys (a reaction goes through a hook)',
  },
  { file: 'src/tickets/service.ts', source: "import { enqueueMail } from '../mail/outbox.ts';\n", refused: true, why: 'tickets may not import mail' },
  { file: 'src/orders/service.ts', source: "import { registerDelivered } from '../assets/service.ts';\n", refused: true, why: 'orders may not import assets' },
  { file: 'src/mail/ingest.ts', source: "import { prepareTicket } from '../tickets/service.ts';\n", refused: false, why: 'mail may import tickets' },
  { file: 'src/billing/unit-costs.ts', source: "import { holderName } from '../assets/planning.ts';\n", refused: false, why: 'billing may import assets' },
  { file: 'src/platform/auth/policy.ts', source: "import { users } from '../../org/schema.ts';\n", refused: true, why: 'the platform imports no capability' },
  { file: 'src/platform/http/context.ts', source: "import type { Role } from '../access.ts';\n", refused: false, why: 'the platform imports itself' },
  { file: 'src/mail/outbox.ts', source: "import { surveyToken } from '../surveys/token.ts';\n", refused: false, why: 'mail sits above surveys' },
  {
    file: 'src/surveys/service.ts',
    source: "import { mailSendJob } from '../mail/outbox.ts';\n",
    refused: true,
    why: 'surveys may not import mail (they write to the platform outbox)',
  },
  { file: 'src/org/rules.ts', source: "import { IT_ROLES } from '../platform/access.ts';\n", refused: false, why: 'rules may import a pure platform module' },
  { file: 'src/org/rules.ts', source: "import { now } from '../platform/clock.ts';\n", refused: true, why: 'rules may not read the clock' },
  { file: 'src/billing/rules.ts', source: "import { sql } from 'drizzle-orm';\n", refused: true, why: 'rules may not touch the database' },
  {
    file: 'src/billing/unit-cost-rules.ts',
    source: "import { monthWindow } from '../assets/planning-rules.ts';\n",
    refused: false,
    why: 'billing rules may use assets rules',
  },
  {
    file: 'src/app/boot.ts',
    source: "import { registerSurveyReactions } from '../surveys/service.ts';\n",
    refused: false,
    why: 'the app wires every capability',
  },
  { file: 'src/calendar/service.ts', source: "import { boot } from '../app/boot.ts';\n", refused: true, why: 'no capability imports the app' },
];

/** One test per case: the rules named refuse the source at that path exactly when the case says so. */
function checks(list: typeof cases, rules: readonly string[]): void {
  for (const c of list) {
    test(`issue 17: ${c.why}`, async () => {
      const found = (await problems(c.file, c.source)).filter((p) => rules.some((r) => p.startsWith(`${r}:`)));
      assert.equal(found.length > 0, c.refused, `${c.file}: ${c.source.trim()} → ${found.join('; ') || 'allowed'}`);
    });
  }
}

checks(cases, ['no-restricted-imports']);

/** Issue 17: SQL lives in stores; lint refuses the query builder anywhere else. */
const sqlCases: typeof cases = [
  { file: 'src/tickets/workflow.ts', source: "import { eq } from 'drizzle-orm';\n", refused: true, why: 'a use case may not import the query builder' },
  {
    file: 'src/tickets/workflow.ts',
    source: "import type { SQL } from 'drizzle-orm';\nexport type X = SQL;\n",
    refused: false,
    why: 'a type from the query builder is no SQL',
  },
  {
    file: 'src/tickets/workflow.ts',
    source: 'export const f = (db: any, t: any) => db.select().from(t);\n',
    refused: true,
    why: 'a use case may not build a select',
  },
  {
    file: 'src/mail/routes.ts',
    source: 'export const f = (c: any, t: any) => c.deps.db.insert(t).values({});\n',
    refused: true,
    why: 'a route may not write a row',
  },
  { file: 'src/org/auth-routes.ts', source: 'export const f = (tx: any) => tx.execute("select 1");\n', refused: true, why: 'a route may not run raw SQL' },
  {
    file: 'src/tickets/store.ts',
    source: "import { eq } from 'drizzle-orm';\nexport const f = (db: any, t: any) => db.select().from(t).where(eq(t.id, 1));\n",
    refused: false,
    why: 'a store builds its statements',
  },
  {
    file: 'src/tickets/demo-store.ts',
    source: 'export const f = (db: any, t: any) => db.delete(t);\n',
    refused: false,
    why: 'a named store (*-store.ts) is a store',
  },
  {
    file: 'src/tickets/workflow.ts',
    source: 'export const f = (db: any) => db.transaction(async () => {});\n',
    refused: false,
    why: 'a use case opens its transaction',
  },
  { file: 'src/org/routes.ts', source: 'const seen = new Set<number>();\nseen.delete(1);\n', refused: false, why: 'a Set is not the database' },
];

checks(sqlCases, ['@typescript-eslint/no-restricted-imports', 'no-restricted-syntax']);

/** Issue 17, decision 0010: the web app takes answer types from contracts and runs pure rules, nothing else. */
const webCases: typeof cases = [
  {
    file: 'web/src/tickets/model.ts',
    source: "import type { Ticket } from '../../../src/tickets/contract.ts';\nexport type T = Ticket;\n",
    refused: false,
    why: 'the web app takes an answer type from a contract',
  },
  {
    file: 'web/src/tickets/model.ts',
    source: "import { ZTicket } from '../../../src/tickets/contract.ts';\nexport const z = ZTicket;\n",
    refused: true,
    why: 'the web app may not bundle a contract’s schemas',
  },
  {
    file: 'web/src/tickets/model.ts',
    source: "import type { presentTicket } from '../../../src/tickets/presenter.ts';\nexport type T = typeof presentTicket;\n",
    refused: true,
    why: 'the web app may not type itself by a presenter',
  },
  {
    file: 'web/src/orders/model.ts',
    source: "import { orderTotals } from '../../../src/orders/rules.ts';\nexport const t = orderTotals;\n",
    refused: false,
    why: 'the web app runs a pure rule',
  },
  {
    file: 'web/src/pages/org/Users.tsx',
    source: "import { createUser } from '../../../../src/org/service.ts';\nexport const f = createUser;\n",
    refused: true,
    why: 'the web app may not import a service',
  },
];

checks(webCases, ['@typescript-eslint/no-restricted-imports']);
