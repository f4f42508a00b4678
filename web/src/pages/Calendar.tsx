import { Alert, Badge, Button, Card, Group, List, Loader, NativeSelect, NumberInput, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, fieldErrors, qs } from '../api.ts';
import { requiredProblems } from '../forms.ts';
import { ScrollTable } from '../components/ScrollTable.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert } from '../components/common.tsx';
import { formatClock, formatInstantLong, formatInteger, formatWeekdayDate, stockholmNow } from '../format.ts';
import { useLocale, useMunicipalities, useSession } from '../session.tsx';
import type { Translate } from '../texts.ts';
import type { CalendarClosedDay, CalendarClosedDays, CalendarServiceWindow, CalendarServiceWindows, Locale } from '../types.ts';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
const YEARS = Array.from({ length: MAX_YEAR - MIN_YEAR + 1 }, (_, i) => String(MIN_YEAR + i));

/** Search parameters of /kalender: `ar` (year) and `kommun` (municipality id; empty = both). */
export interface CalendarSearch {
  ar?: number;
  kommun?: string;
}

export function validateCalendarSearch(search: Record<string, unknown>): CalendarSearch {
  const out: CalendarSearch = {};
  const year = Number(search.ar);
  if (Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR) out.ar = year;
  if (typeof search.kommun === 'string' && search.kommun.length <= 64) out.kommun = search.kommun;
  return out;
}

function hoursAndMinutes(minutes: number, locale: Locale, t: Translate): string {
  return t('calendar.hoursMinutes', { hours: formatInteger(Math.floor(minutes / 60), locale), minutes: String(minutes % 60) });
}

/** Issue 3: the year's opening hours, closed days, changed hours and service windows, with clashes. */
export function CalendarPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const search = useSearch({ from: '/kalender' });
  const navigate = useNavigate({ from: '/kalender' });
  const municipalities = useMunicipalities();
  const year = search.ar ?? stockholmNow().year;
  // A municipality user sees their own municipality by default; IT staff spanning both see both ('').
  const municipality = search.kommun ?? user.municipalityId ?? '';
  const setSearch = (next: CalendarSearch) => void navigate({ search: (prev) => ({ ...prev, ...next }), replace: true });

  const closedDays = useQuery({
    queryKey: ['calendar', 'closed-days', year, municipality],
    queryFn: ({ signal }) => api.get<CalendarClosedDays>(`/api/v1/calendar/closed-days${qs({ year, municipality })}`, signal),
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
  const windows = useQuery({
    queryKey: ['calendar', 'service-windows', year, municipality],
    queryFn: ({ signal }) => api.get<CalendarServiceWindows>(`/api/v1/calendar/service-windows${qs({ year, municipality })}`, signal),
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });

  const municipalityOptions = [
    ...(user.municipalityId === null ? [{ value: '', label: t('calendar.both') }] : []),
    ...(municipalities.data?.items ?? []).map((m) => ({ value: m.id, label: m.name })),
  ];
  const updating = (closedDays.isPlaceholderData && closedDays.isFetching) || (windows.isPlaceholderData && windows.isFetching);

  return (
    <>
      <PageHeader title={t('calendar.title')} intro={t('calendar.intro')} />
      <Stack>
        <Card withBorder component="section" aria-labelledby="cal-choose">
          <Title order={2} size="h4" id="cal-choose" mb="xs">
            {t('calendar.choose')}
          </Title>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <Button variant="default" onClick={() => setSearch({ ar: year - 1 })} disabled={year <= MIN_YEAR}>
              {t('calendar.previousYear')}
            </Button>
            <NativeSelect
              label={t('calendar.year')}
              data={YEARS}
              value={String(year)}
              onChange={(e) => setSearch({ ar: Number(e.currentTarget.value) })}
              w={120}
            />
            <Button variant="default" onClick={() => setSearch({ ar: year + 1 })} disabled={year >= MAX_YEAR}>
              {t('calendar.nextYear')}
            </Button>
            <NativeSelect
              label={t('calendar.municipality')}
              data={municipalityOptions}
              value={municipality}
              onChange={(e) => setSearch({ kommun: e.currentTarget.value })}
              disabled={municipalities.isPending}
              miw={220}
            />
            <Group gap="xs" role="status" aria-live="polite" mih={36}>
              {updating && (
                <>
                  <Loader size="xs" aria-hidden />
                  <Text size="sm">{t('calendar.updating')}</Text>
                </>
              )}
            </Group>
          </Group>
        </Card>

        {closedDays.isPending ? (
          <Loading />
        ) : closedDays.isError ? (
          <ProblemAlert error={closedDays.error} onRetry={() => void closedDays.refetch()} />
        ) : (
          <ClosedDaysView data={closedDays.data} />
        )}

        {windows.isPending ? (
          <Loading />
        ) : windows.isError ? (
          <ProblemAlert error={windows.error} onRetry={() => void windows.refetch()} />
        ) : (
          <ServiceWindowsView data={windows.data} />
        )}

        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <DeadlineForm municipality={municipality} />
          <MinutesForm municipality={municipality} />
        </SimpleGrid>
      </Stack>
    </>
  );
}

function Section({ id, title, intro, children }: { id: string; title: string; intro?: string; children: ReactNode }) {
  return (
    <Card withBorder component="section" aria-labelledby={id}>
      <Title order={2} size="h3" id={id} mb={intro ? 4 : 'sm'}>
        {title}
      </Title>
      {intro && (
        <Text size="sm" c="dimmed" mb="sm">
          {intro}
        </Text>
      )}
      {children}
    </Card>
  );
}

function DateCell({ date }: { date: string }) {
  const locale = useLocale();
  return <time dateTime={date}>{formatWeekdayDate(date, locale)}</time>;
}

function closedDayType(d: CalendarClosedDay, t: Translate): string {
  const labels = d.reasons.map((r) => {
    if (r.kind === 'extra') return t('calendar.kindExtra');
    if (r.holidayType === 'public') return t('calendar.kindPublic');
    if (r.holidayType === 'bank') return t('calendar.kindBank');
    return t('calendar.kindOther', { type: r.holidayType ?? '' });
  });
  return [...new Set(labels)].join(', ');
}

function ClosedDaysView({ data }: { data: CalendarClosedDays }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const year = String(data.year);
  const closedWeekdays = data.items.filter((d) => d.costsWorkingDay).length;
  return (
    <>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Section id="cal-hours" title={t('calendar.openingHours', { year })}>
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('calendar.weekday')}</Table.Th>
                <Table.Th scope="col">{t('calendar.hours')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {WEEKDAYS.map((d) => {
                const h = data.openingHours[d];
                return (
                  <Table.Tr key={d}>
                    <Table.Th scope="row" fw={400} tt={locale === 'sv' ? 'capitalize' : undefined}>
                      {t(`mission.weekdays.${d}`)}
                    </Table.Th>
                    <Table.Td>{h ? `${h.open}–${h.close}` : t('calendar.closed')}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Section>
        <Section id="cal-summary" title={t('calendar.summary', { year })}>
          <Table variant="vertical" withTableBorder>
            <Table.Tbody>
              <Table.Tr>
                <Table.Th scope="row">{t('calendar.workingDays')}</Table.Th>
                <Table.Td>{formatInteger(data.workingDays, locale)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">{t('calendar.openingTime')}</Table.Th>
                <Table.Td>
                  {hoursAndMinutes(data.openingMinutes, locale, t)}
                  <Text span size="sm" c="dimmed">
                    {' '}
                    ({t('calendar.totalMinutes', { minutes: formatInteger(data.openingMinutes, locale) })})
                  </Text>
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">{t('calendar.closedWeekdays')}</Table.Th>
                <Table.Td>{formatInteger(closedWeekdays, locale)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">{t('calendar.timeZone')}</Table.Th>
                <Table.Td>{data.timeZone}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Section>
      </SimpleGrid>

      <Section id="cal-closed" title={t('calendar.closedDays', { year })} intro={t('calendar.closedDaysIntro')}>
        {data.items.length === 0 ? (
          <EmptyState>{t('calendar.noClosedDays')}</EmptyState>
        ) : (
          <ScrollTable label={t('calendar.closedDaysTable', { year })} minWidth={640}>
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('calendar.date')}</Table.Th>
                  <Table.Th scope="col">{t('calendar.reason')}</Table.Th>
                  <Table.Th scope="col">{t('calendar.type')}</Table.Th>
                  <Table.Th scope="col">{t('calendar.costsWorkingDay')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((d) => (
                  <Table.Tr key={d.date}>
                    <Table.Td>
                      <DateCell date={d.date} />
                    </Table.Td>
                    <Table.Td>{d.reason}</Table.Td>
                    <Table.Td>{closedDayType(d, t)}</Table.Td>
                    <Table.Td>{d.costsWorkingDay ? t('app.yes') : t('calendar.costsNo')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </Section>

      <Section id="cal-changed" title={t('calendar.changedHours', { year })}>
        {data.changedHours.length === 0 ? (
          <Text size="sm">{t('calendar.noChangedHours')}</Text>
        ) : (
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('calendar.date')}</Table.Th>
                <Table.Th scope="col">{t('calendar.hours')}</Table.Th>
                <Table.Th scope="col">{t('calendar.reason')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.changedHours.map((d) => (
                <Table.Tr key={d.date}>
                  <Table.Td>
                    <DateCell date={d.date} />
                  </Table.Td>
                  <Table.Td>
                    {d.open}–{d.close}
                  </Table.Td>
                  <Table.Td>{d.reason}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>
    </>
  );
}

function windowName(w: CalendarServiceWindow, t: Translate): string {
  return w.kind === 'primary' ? t('calendar.primary') : `${t('calendar.secondary')}${w.onlyWhenNeeded ? ` (${t('calendar.onlyWhenNeeded')})` : ''}`;
}

function ServiceWindowsView({ data }: { data: CalendarServiceWindows }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const year = String(data.year);
  const clashes = data.items.filter((w) => w.onClosedDay);
  const time = (w: CalendarServiceWindow) => `${formatClock(w.start)}–${formatClock(w.end)}`;
  return (
    <Section id="cal-windows" title={t('calendar.serviceWindows', { year })} intro={t('calendar.serviceWindowsIntro')}>
      {clashes.length > 0 ? (
        <Alert color="red" variant="outline" title={t('calendar.clashesTitle')} mb="sm" role="note">
          <Text size="sm">{t('calendar.clashesIntro')}</Text>
          <List size="sm" mt={4}>
            {clashes.map((w) => (
              <List.Item key={`${w.kind}-${w.date}`}>
                {t('calendar.clashItem', { window: windowName(w, t), date: formatWeekdayDate(w.date, locale), time: time(w), reason: w.closedReason ?? '' })}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : (
        <Text size="sm" mb="sm">
          {t('calendar.noClashes', { year })}
        </Text>
      )}
      <ScrollTable label={t('calendar.windowsTable', { year })} minWidth={640}>
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('calendar.date')}</Table.Th>
              <Table.Th scope="col">{t('calendar.window')}</Table.Th>
              <Table.Th scope="col">{t('calendar.time')}</Table.Th>
              <Table.Th scope="col">{t('calendar.closedDay')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.items.map((w) => (
              <Table.Tr key={`${w.kind}-${w.date}`} bg={w.onClosedDay ? 'var(--mantine-color-red-0)' : undefined}>
                <Table.Td>
                  <DateCell date={w.date} />
                </Table.Td>
                <Table.Td>{windowName(w, t)}</Table.Td>
                <Table.Td>{time(w)}</Table.Td>
                <Table.Td>
                  {w.onClosedDay ? (
                    <Badge color="red" variant="filled" tt="none">
                      {t('calendar.closedDayBadge', { reason: w.closedReason ?? '' })}
                    </Badge>
                  ) : (
                    t('calendar.openDay')
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </Section>
  );
}

/** What the user typed ("2023-09-15 17:00") as the API's local ISO form ("2023-09-15T17:00"). */
function toIsoLocal(value: string): string {
  return value.trim().replace(/^(\d{4}-\d{2}-\d{2})\s+/, '$1T');
}

function DeadlineForm({ municipality }: { municipality: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [start, setStart] = useState(() => stockholmNow().local);
  const [workingDays, setWorkingDays] = useState<string | number>(1);
  const compute = useMutation({
    mutationFn: () =>
      api.get<{ deadline: string }>(`/api/v1/calendar/deadline${qs({ start: toIsoLocal(start), workingDays: String(workingDays), municipality })}`),
  });
  const [local, setLocal] = useState<Record<string, string>>({});
  const errors = { ...fieldErrors(compute.error, locale), ...local };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = requiredProblems(
      { 'query.start': start, 'query.workingDays': workingDays },
      { 'query.start': { label: t('calendar.start') }, 'query.workingDays': { label: t('calendar.workingDaysInput') } },
      (key, field) => t(key, { field }),
    );
    setLocal(problems);
    if (Object.keys(problems).length === 0) compute.mutate();
    else compute.reset();
  };
  return (
    <Section id="cal-deadline" title={t('calendar.deadlineTitle')} intro={t('calendar.deadlineIntro')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <ProblemAlert error={compute.error} knownFields={['query.start', 'query.workingDays']} />
          <TextInput
            label={t('calendar.start')}
            description={t('calendar.dateTimeHint')}
            value={start}
            onChange={(e) => setStart(e.currentTarget.value)}
            error={errors['query.start']}
            autoComplete="off"
            required
          />
          <NumberInput
            label={t('calendar.workingDaysInput')}
            value={workingDays}
            onChange={setWorkingDays}
            error={errors['query.workingDays']}
            allowDecimal={false}
            allowNegative={false}
            min={0}
            max={1000}
            clampBehavior="none"
            required
            maw={200}
          />
          <Group>
            <Button type="submit" loading={compute.isPending}>
              {t('calendar.computeDeadline')}
            </Button>
          </Group>
          <div role="status" aria-live="polite">
            {compute.isSuccess && <Text fw={600}>{t('calendar.deadlineResult', { deadline: formatInstantLong(compute.data.deadline, locale) })}</Text>}
          </div>
        </Stack>
      </form>
    </Section>
  );
}

function MinutesForm({ municipality }: { municipality: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [from, setFrom] = useState(() => `${stockholmNow().local.slice(0, 10)} 07:30`);
  const [to, setTo] = useState(() => stockholmNow().local);
  const compute = useMutation({
    mutationFn: () => api.get<{ minutes: number }>(`/api/v1/calendar/business-minutes${qs({ from: toIsoLocal(from), to: toIsoLocal(to), municipality })}`),
  });
  const [local, setLocal] = useState<Record<string, string>>({});
  const errors = { ...fieldErrors(compute.error, locale), ...local };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = requiredProblems(
      { 'query.from': from, 'query.to': to },
      { 'query.from': { label: t('calendar.from') }, 'query.to': { label: t('calendar.to') } },
      (key, field) => t(key, { field }),
    );
    setLocal(problems);
    if (Object.keys(problems).length === 0) compute.mutate();
    else compute.reset();
  };
  return (
    <Section id="cal-minutes" title={t('calendar.minutesTitle')} intro={t('calendar.minutesIntro')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <ProblemAlert error={compute.error} knownFields={['query.from', 'query.to']} />
          <TextInput
            label={t('calendar.from')}
            description={t('calendar.dateTimeHint')}
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
            error={errors['query.from']}
            autoComplete="off"
            required
          />
          <TextInput
            label={t('calendar.to')}
            description={t('calendar.dateTimeHint')}
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            error={errors['query.to']}
            autoComplete="off"
            required
          />
          <Group>
            <Button type="submit" loading={compute.isPending}>
              {t('calendar.computeMinutes')}
            </Button>
          </Group>
          <div role="status" aria-live="polite">
            {compute.isSuccess && (
              <Text fw={600}>
                {t('calendar.minutesResult', { minutes: formatInteger(compute.data.minutes, locale), hm: hoursAndMinutes(compute.data.minutes, locale, t) })}
              </Text>
            )}
          </div>
        </Stack>
      </form>
    </Section>
  );
}
