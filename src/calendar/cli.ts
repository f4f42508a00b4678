import { Command, InvalidArgumentError } from 'commander';
import { MISSION_2023 } from '../mission/default-2023.ts';
import { loadConfig } from '../platform/config.ts';
import { openDatabase, type Database } from '../platform/db/client.ts';
import { MAX_YEAR, MIN_YEAR, compileCalendar, formatInstant, localDate, parseInstant, type BusinessCalendar } from './rules.ts';

/**
 * `samdesk calendar …` (issue 3): the business calendar from the command line.
 *
 *   samdesk calendar deadline --start 2024-03-05T10:00+01:00 --working-days 1 [--municipality tranemo]
 *   samdesk calendar minutes --from <ISO> --to <ISO> [--municipality <code>]
 *   samdesk calendar windows --year 2024 [--municipality <code>] [--json]
 *   samdesk calendar closed-days --year 2024 [--municipality <code>] [--json]
 *
 * Reads the stored mission versions (DATABASE_URL or DATA_DIR as for `start`); on a database where no
 * mission is stored yet it uses the built-in 2023 mission.
 */

export interface CalendarCommandOptions {
  /** Opens the database (default: from the environment, migrated). Tests pass their own. */
  openDatabase?: () => Promise<Database>;
  /** Where lines go (default: console.log). */
  print?: (line: string) => void;
}

const TIME_ZONE = 'Europe/Stockholm';
const KIND_SV = { primary: 'primärt', secondary: 'sekundärt' } as const;

function instantArg(value: string): number {
  const ms = parseInstant(value, TIME_ZONE);
  const year = ms === undefined ? Number.NaN : Number(localDate(ms, TIME_ZONE).slice(0, 4));
  if (ms === undefined || !(year >= MIN_YEAR && year <= MAX_YEAR)) {
    throw new InvalidArgumentError(`not an ISO 8601 instant in ${MIN_YEAR}–${MAX_YEAR} (e.g. 2024-03-05T10:00:00+01:00)`);
  }
  return ms;
}

function intArg(min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new InvalidArgumentError(`must be an integer ${min}–${max}`);
    return Number(value);
  };
}

async function defaultDatabase(): Promise<Database> {
  const cfg = loadConfig();
  const database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
  await database.migrate();
  return database;
}

/** Adds the `calendar` command group to the program. */
export function registerCalendarCommands(program: Command, options: CalendarCommandOptions = {}): Command {
  const print = options.print ?? ((line: string) => console.log(line));
  const open = options.openDatabase ?? defaultDatabase;

  async function withCalendar(municipality: string | undefined, fn: (cal: BusinessCalendar) => void): Promise<void> {
    // Loaded when a calendar command runs, so that the CLI's other commands start without them.
    const [{ listMissions }, { calendarFor }] = await Promise.all([import('../mission/service.ts'), import('./service.ts')]);
    const database = await open();
    try {
      const stored = await listMissions(database.db);
      const cal =
        stored.length === 0 && municipality === undefined
          ? compileCalendar({ sources: [{ effectiveFrom: MISSION_2023.effectiveFrom, calendar: MISSION_2023.calendar }] })
          : await calendarFor(database.db, { municipality, field: '--municipality' });
      fn(cal);
    } finally {
      await database.close();
    }
  }

  const calendar = program.command('calendar').description('business calendar: deadlines, opening minutes, closed days, service windows (R-2)');

  calendar
    .command('deadline')
    .description('deadline "within N working days" (R-2.3); prints ISO 8601 with the Stockholm offset')
    .requiredOption('--start <iso>', 'start instant, e.g. 2024-03-05T10:00:00+01:00 (no offset: Stockholm time)', instantArg)
    .requiredOption('--working-days <n>', 'number of working days', intArg(0, 1000))
    .option('--municipality <code>', 'municipality code or id (its extra closed days and changed hours)')
    .action(async (opts: { start: number; workingDays: number; municipality?: string }) => {
      await withCalendar(opts.municipality, (cal) => {
        const due = cal.addWorkingDays(opts.start, opts.workingDays);
        print(formatInstant(due, cal.timeZoneOn(localDate(due, TIME_ZONE))));
      });
    });

  calendar
    .command('minutes')
    .description('opening minutes between two instants')
    .requiredOption('--from <iso>', 'from instant', instantArg)
    .requiredOption('--to <iso>', 'to instant', instantArg)
    .option('--municipality <code>', 'municipality code or id')
    .action(async (opts: { from: number; to: number; municipality?: string }) => {
      await withCalendar(opts.municipality, (cal) => print(String(cal.businessMinutesBetween(opts.from, opts.to))));
    });

  calendar
    .command('windows')
    .description('the year’s service windows (R-2.5); clashes with closed days are marked')
    .requiredOption('--year <yyyy>', 'year', intArg(MIN_YEAR, MAX_YEAR))
    .option('--municipality <code>', 'municipality code or id')
    .option('--json', 'print JSON')
    .action(async (opts: { year: number; municipality?: string; json?: boolean }) => {
      await withCalendar(opts.municipality, (cal) => {
        const windows = cal
          .serviceWindows(opts.year)
          .map((w) => ({ ...w, start: formatInstant(w.start, cal.timeZoneOn(w.date)), end: formatInstant(w.end, cal.timeZoneOn(w.date)) }));
        if (opts.json) {
          print(JSON.stringify(windows, null, 2));
          return;
        }
        for (const w of windows) {
          const clash = w.onClosedDay ? `  STÄNGD DAG: ${w.closedReason ?? ''}` : '';
          print(`${w.date}  ${KIND_SV[w.kind].padEnd(9)}  ${w.start.slice(11, 16)}–${w.end.slice(11, 16)}${w.onlyWhenNeeded ? '  (vid behov)' : ''}${clash}`);
        }
      });
    });

  calendar
    .command('closed-days')
    .description('the year’s closed days with reasons (R-2.2)')
    .requiredOption('--year <yyyy>', 'year', intArg(MIN_YEAR, MAX_YEAR))
    .option('--municipality <code>', 'municipality code or id')
    .option('--json', 'print JSON')
    .action(async (opts: { year: number; municipality?: string; json?: boolean }) => {
      await withCalendar(opts.municipality, (cal) => {
        const days = cal.closedDays(opts.year);
        if (opts.json) {
          print(JSON.stringify(days, null, 2));
          return;
        }
        for (const d of days) print(`${d.date}  ${d.weekday.padEnd(9)}  ${d.reason}${d.costsWorkingDay ? '' : '  (ingen arbetsdag förloras)'}`);
        print(`${cal.workingDays(opts.year)} arbetsdagar, ${cal.openingMinutes(opts.year)} öppetminuter`);
      });
    });

  return calendar;
}
