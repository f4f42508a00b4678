import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/**
 * axe-core in the browser journeys (issue 16): every page state a journey reaches is checked and a
 * journey fails on any violation. axe-core is the installed package's own file, never downloaded; it
 * evaluated in the page through the DevTools protocol, to which the page's Content-Security-Policy
 * does not apply.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe's default rules (WCAG 2.0–2.2 A/AA and best practices) plus label-in-name (WCAG 2.5.3), which
 * axe still marks experimental: a button whose accessible name does not contain its visible label.
 */
const AXE_OPTIONS = { rules: { 'label-content-name-mismatch': { enabled: true } }, resultTypes: ['violations'] };

/**
 * The in-page half, as a string so that no transpiler helper leaks into the page. It notes when the
 * DOM last changed, tells Node when a dialog, alert, notification or menu appears (so states reached
 * without a navigation are checked too), waits for a quiet, loaded page and runs axe.
 */
const MONITOR = `(() => {
  if (window.__samdeskA11y) return;
  const OVERLAYS = '[role="dialog"], [role="alertdialog"], [role="alert"], .mantine-Notification-root, [role="menu"], [role="listbox"]';
  let lastChange = performance.now();
  const describe = (el) => {
    const role = el.getAttribute('role') || 'notification';
    const by = el.getAttribute('aria-labelledby');
    const named = el.getAttribute('aria-label') || (by && document.getElementById(by) ? document.getElementById(by).textContent : '') || el.textContent || '';
    return role + ' "' + named.replace(/\\s+/g, ' ').trim().slice(0, 60) + '" opened';
  };
  new MutationObserver((records) => {
    lastChange = performance.now();
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        const hit = n.matches(OVERLAYS) ? n : n.querySelector(OVERLAYS);
        if (hit && typeof window.__samdeskA11yState === 'function') window.__samdeskA11yState(describe(hit)).catch(() => undefined);
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  window.__samdeskA11y = {
    async settle(maxMs) {
      const start = performance.now();
      for (;;) {
        await new Promise((r) => setTimeout(r, 100));
        // Still loading, or a transition (a notification fading in) still running: its colours are in between.
        const busy =
          document.readyState !== 'complete' ||
          document.querySelector('.mantine-Loader-root, [aria-busy="true"]') !== null ||
          document.getAnimations().some((an) => an.playState === 'running');
        if (!busy && performance.now() - lastChange >= 250) return true;
        if (performance.now() - start > maxMs) return false;
      }
    },
    async run(options) {
      const result = await window.axe.run(document, options);
      return result.violations.map((v) => ({
        rule: v.id,
        impact: v.impact || 'unknown',
        help: v.help,
        nodes: v.nodes.map((n) => ({
          target: n.target.map((t) => (Array.isArray(t) ? t.join(' >> ') : String(t))).join(' >> '),
          detail: ([].concat(n.any, n.all, n.none).map((c) => c.message)[0] || '').slice(0, 200),
        })),
      }));
    },
  };
})();`;

/** One violation as the failure message lists it. */
export interface A11yFinding {
  rule: string;
  impact: string;
  help: string;
  /** The page (path) and what had just happened, e.g. `/arenden after navigation`. */
  state: string;
  target: string;
  detail: string;
}

type RawViolation = { rule: string; impact: string; help: string; nodes: { target: string; detail: string }[] };

const IMPACT_ORDER = ['critical', 'serious', 'moderate', 'minor', 'unknown'];

/** The readable failure: one line per rule (id, impact, what it asks), then each target selector with where it was seen. */
export function formatFindings(findings: A11yFinding[]): string {
  const byRule = new Map<string, A11yFinding[]>();
  for (const f of findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  const rules = [...byRule.entries()].sort((a, b) => IMPACT_ORDER.indexOf(a[1][0]!.impact) - IMPACT_ORDER.indexOf(b[1][0]!.impact) || a[0].localeCompare(b[0]));
  const lines = [`axe-core found ${findings.length} accessibility violation(s) in ${rules.length} rule(s):`];
  for (const [rule, list] of rules) {
    lines.push(`- ${rule} [${list[0]!.impact}] ${list[0]!.help} (${list.length})`);
    for (const f of list) lines.push(`    ${f.target}  — on ${f.state}${f.detail ? `: ${f.detail}` : ''}`);
  }
  return lines.join('\n');
}

/**
 * Checks one page with axe-core after every navigation (full loads and client-side route changes)
 * and whenever a dialog, alert, notification or menu appears; findings are kept (once per rule,
 * target and path) until `assertNone`. Checks run one at a time, after the page has loaded and its
 * DOM has been quiet for a moment; triggers arriving while a check waits join it.
 */
export class A11yMonitor {
  private chain: Promise<void> = Promise.resolve();
  private waiting: string[] | undefined;
  private readonly findings = new Map<string, A11yFinding>();
  private readonly errors: unknown[] = [];
  /** How many axe runs completed (tests of the monitor read it). */
  checks = 0;

  private constructor(private readonly page: Page) {}

  /** Installs axe-core and the monitor in `page` (before it loads anything) and starts watching. */
  static async attach(page: Page): Promise<A11yMonitor> {
    const monitor = new A11yMonitor(page);
    await page.addInitScript({ content: MONITOR });
    await page.exposeBinding('__samdeskA11yState', (_source, state: string) => monitor.schedule(state));
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) monitor.schedule('navigation');
    });
    return monitor;
  }

  /** Queues a check of the page's state after `what` happened. */
  schedule(what: string): void {
    if (this.waiting) {
      this.waiting.push(what);
      return;
    }
    const waiting = [what];
    this.waiting = waiting;
    this.chain = this.chain
      .then(async () => {
        this.waiting = undefined;
        await this.check([...new Set(waiting)].join(', '));
      })
      .catch((e: unknown) => {
        this.errors.push(e);
      });
  }

  private async check(what: string): Promise<void> {
    if (this.page.isClosed()) return;
    const began = performance.now();
    try {
      await this.page.evaluate((ms) => (window as unknown as { __samdeskA11y: { settle(ms: number): Promise<boolean> } }).__samdeskA11y.settle(ms), 8_000);
      // axe itself is added only when a check runs, so that page loads stay as fast as without it.
      if (!(await this.page.evaluate(() => 'axe' in window))) await this.page.evaluate(AXE_SOURCE);
      const path = new URL(this.page.url()).pathname;
      const run = () =>
        this.page.evaluate(
          (options) => (window as unknown as { __samdeskA11y: { run(o: unknown): Promise<RawViolation[]> } }).__samdeskA11y.run(options),
          AXE_OPTIONS,
        );
      let found = await run();
      if (found.length > 0) {
        // A page caught between two states (a heading not rendered yet, a notification mid-fade) is
        // looked at again once it has settled; what a person would meet stays and is reported.
        await this.page.evaluate((ms) => (window as unknown as { __samdeskA11y: { settle(ms: number): Promise<boolean> } }).__samdeskA11y.settle(ms), 8_000);
        const again = await run();
        found = found
          .filter((v) => again.some((w) => w.rule === v.rule))
          .map((v) => ({ ...v, nodes: v.nodes.filter((n) => again.some((w) => w.rule === v.rule && w.nodes.some((m) => m.target === n.target))) }))
          .filter((v) => v.nodes.length > 0);
      }
      this.checks++;
      if (process.env.A11Y_DEBUG) {
        console.log(`axe check ${this.checks}: ${path} after ${what}: ${found.length} rule(s) violated (${Math.round(performance.now() - began)} ms)`);
      }
      for (const v of found) {
        for (const n of v.nodes) {
          const key = `${v.rule}|${n.target}|${path}`;
          if (!this.findings.has(key)) {
            this.findings.set(key, { rule: v.rule, impact: v.impact, help: v.help, state: `${path} after ${what}`, target: n.target, detail: n.detail });
          }
        }
      }
    } catch (e) {
      // A navigation or the end of the journey interrupted the check; the next state has its own.
      const message = e instanceof Error ? e.message : String(e);
      if (/Execution context was destroyed|Target page, context or browser has been closed|navigation|__samdeskA11y/i.test(message)) return;
      throw e;
    }
  }

  /** Waits for the queued checks, checks the current state once more and returns every finding so far. */
  async findingsNow(what: string): Promise<A11yFinding[]> {
    await this.chain;
    this.schedule(what);
    await this.chain;
    if (this.errors.length > 0) throw this.errors[0];
    return [...this.findings.values()];
  }

  /** Throws the readable list when any state of this page had a violation. */
  async assertNone(what: string): Promise<void> {
    const findings = await this.findingsNow(what);
    if (findings.length > 0) throw new Error(formatFindings(findings));
  }
}
