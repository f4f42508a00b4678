import { Alert, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { ListTable } from '../../components/ListPage.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { EmptyState, Loading, ProblemAlert } from '../../components/common.tsx';
import { formatDateTime, formatInteger, formatList } from '../../format.ts';
import { currentYear, formatAvailability, formatHours, formatMinutes, formatTarget, periodLabel, useAvailability } from '../../operations/model.ts';
import { useLocale, useSession } from '../../session.tsx';
import type { AvailabilityFigure, AvailabilityPeriod, AvailabilityReport } from '../../types.ts';
import { Section } from '../billing/parts.tsx';
import type { OperationsSearch } from './Operations.tsx';
import { YearAndMunicipality } from './parts.tsx';

/**
 * "Tillgänglighet": the year's availability against the mission's target, for the
 * year and each tertial, per municipality and per IT function, with and without the time planned
 * work in service windows took; the target's arithmetic in plain Swedish; and the outages and IT
 * incidents counted against "at most five a year". Every figure and verdict is the server's.
 */
export function AvailabilityTab() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { user } = useSession();
  const search = useSearch({ from: '/drift-och-tillganglighet' });
  const navigate = useNavigate({ from: '/drift-och-tillganglighet' });
  const year = search.ar ?? currentYear();
  const report = useAvailability(year, user.municipalityId === null ? search.kommun : undefined);
  const data = report.data?.year === year ? report.data : undefined;
  const periods = data ? [data.wholeYear, ...data.periods] : [];
  const period = periods.find((p) => (search.period ? p.code === search.period : p.code === null)) ?? data?.wholeYear;
  return (
    <Stack gap="xl">
      <Group align="flex-end" wrap="wrap">
        <YearAndMunicipality />
        {data && (
          <NativeSelect
            label={t('operations.availability.period')}
            data={periods.map((p) => ({ value: p.code ?? '', label: periodLabel(p, year, t, locale) }))}
            value={period?.code ?? ''}
            onChange={(e) => {
              const code = e.currentTarget.value;
              void navigate({ search: (s: OperationsSearch) => ({ ...s, period: code || undefined }), replace: true });
            }}
          />
        )}
      </Group>
      {report.isError ? (
        <ProblemAlert error={report.error} onRetry={() => void report.refetch()} />
      ) : !data || !period ? (
        <Loading />
      ) : (
        <Report report={data} period={period} />
      )}
    </Stack>
  );
}

function Report({ report, period }: { report: AvailabilityReport; period: AvailabilityPeriod }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const shareText = useShareText();
  const label = periodLabel(period, report.year, t, locale);
  return (
    <Stack gap="xl">
      <Arithmetic report={report} />
      <Section id="avail-period" title={label}>
        <Stack gap="lg">
          {!period.complete && (
            <Text size="sm" role="note">
              {period.measuredHours <= 0
                ? t('operations.availability.notStarted')
                : t('operations.availability.running', {
                    measured: formatHours(period.measuredHours, locale),
                    total: formatHours(period.periodHours, locale),
                  })}
            </Text>
          )}
          <Text>
            <Text component="span" fw={600}>
              {t('operations.availability.overall')}:{' '}
            </Text>
            {t('operations.availability.overallText', {
              without: shareText(period.overall.withoutWindows, period.overall.meetsTargetWithoutWindows),
              with: shareText(period.overall.withWindows, period.overall.meetsTargetWithWindows),
            })}
          </Text>
          <div>
            <Title order={3} size="h4" mb="sm">
              {t('operations.availability.perMunicipality')}
            </Title>
            <FigureTable
              label={t('operations.availability.perMunicipalityLabel', { period: label })}
              heading={t('operations.availability.municipality')}
              rows={period.perMunicipality.map((f) => ({
                key: f.municipalityId,
                name: report.municipalities.find((m) => m.id === f.municipalityId)?.name ?? '',
                figure: f,
              }))}
              empty={t('operations.availability.noFunctions')}
            />
          </div>
          <div>
            <Title order={3} size="h4" mb="sm">
              {t('operations.availability.perFunction')}
            </Title>
            <FigureTable
              label={t('operations.availability.perFunctionLabel', { period: label })}
              heading={t('operations.availability.function')}
              rows={period.perFunction.map((f) => ({
                key: f.functionId,
                name: report.functions.find((x) => x.id === f.functionId)?.name ?? '',
                figure: f,
              }))}
              empty={t('operations.availability.noFunctions')}
            />
          </div>
          <Incidents report={report} period={period} />
        </Stack>
      </Section>
      <Counted report={report} />
    </Stack>
  );
}

/**
 * the target's arithmetic for the year in plain words — what the target allows, what the year's
 * service windows take, and what that alone would give.
 */
function Arithmetic({ report }: { report: AvailabilityReport }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const a = report.arithmetic;
  return (
    <Section id="avail-target" title={t('operations.availability.target')}>
      <Stack gap="xs">
        <Text>
          {t('operations.availability.arithmetic', {
            target: formatTarget(report.targetShare, locale),
            hours: formatInteger(a.periodHours, locale),
            allowed: formatHours(a.allowedDowntimeHours, locale),
            windows: formatHours(a.primaryWindows.hours + a.secondaryWindows.hours, locale),
            primary: formatHours(a.primaryWindows.hours, locale),
            secondary: formatHours(a.secondaryWindows.hours, locale),
            ifAll: formatAvailability(a.ifAllWindowsUsed, locale),
          })}
        </Text>
        <Text>
          {a.windowsExceedAllowance
            ? t('operations.availability.exceeds', { ifPrimary: formatAvailability(a.ifPrimaryWindowsUsed, locale) })
            : t('operations.availability.fits')}
        </Text>
      </Stack>
    </Section>
  );
}

/** A share and the server's verdict against the target, in words ("99,45 %, målet nås"), never by colour alone. */
function ShareCell({ share, meets }: { share: number | null; meets: boolean | null }) {
  const text = useShareText();
  return (
    <Text size="sm" component="span" fw={meets === false ? 700 : undefined} c={meets === false ? 'red.9' : undefined} style={{ whiteSpace: 'nowrap' }}>
      {text(share, meets)}
    </Text>
  );
}

/** The words of a share with its verdict; "Inte mätt" when nothing was measured. */
function useShareText(): (share: number | null, meets: boolean | null) => string {
  const { t } = useTranslation();
  const locale = useLocale();
  return (share, meets) =>
    share === null
      ? t('operations.availability.notMeasured')
      : meets === null
        ? formatAvailability(share, locale)
        : t('operations.availability.share', {
            share: formatAvailability(share, locale),
            verdict: meets ? t('operations.availability.met') : t('operations.availability.notMet'),
          });
}

/** Availability per municipality or per function: without and with window time, the downtime and the window time. */
function FigureTable({
  label,
  heading,
  rows,
  empty,
}: {
  label: string;
  heading: string;
  rows: { key: string; name: string; figure: AvailabilityFigure }[];
  empty: string;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (rows.length === 0) return <EmptyState>{empty}</EmptyState>;
  return (
    <ScrollTable label={label} minWidth={860}>
      <Table striped withTableBorder>
        <caption className="visually-hidden">{label}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{heading}</Table.Th>
            <Table.Th scope="col">{t('operations.availability.without')}</Table.Th>
            <Table.Th scope="col">{t('operations.availability.with')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('operations.availability.downtime')}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t('operations.availability.windowTime')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Th scope="row" fw="normal">
                {r.name}
              </Table.Th>
              <Table.Td>
                <ShareCell share={r.figure.withoutWindows} meets={r.figure.meetsTargetWithoutWindows} />
              </Table.Td>
              <Table.Td>
                <ShareCell share={r.figure.withWindows} meets={r.figure.meetsTargetWithWindows} />
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatMinutes(r.figure.downtimeMinutes, t, locale)}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatMinutes(r.figure.windowMinutes, t, locale)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

/** the unplanned outages and IT incidents that started in the period, against "at most five a year". */
function Incidents({ report, period }: { report: AvailabilityReport; period: AvailabilityPeriod }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const max = report.maxOutagesPerYear;
  const count = period.incidents.total;
  const name = (id: string) => report.municipalities.find((m) => m.id === id)?.name ?? '';
  return (
    <div>
      <Title order={3} size="h4" mb="sm">
        {t('operations.availability.incidents')}
      </Title>
      <Stack gap="xs">
        <Text>
          {period.code === null
            ? t('operations.availability.incidentsYear', { count: formatInteger(count, locale), max: formatInteger(max, locale) })
            : t('operations.availability.incidentsPeriod', { count: formatInteger(count, locale), max: formatInteger(max, locale) })}
        </Text>
        {period.code === null && count > max && (
          <Alert color="red" role="note">
            {t('operations.availability.overCap')}
          </Alert>
        )}
        {period.incidents.perMunicipality.length > 1 && (
          <ul style={{ margin: 0, paddingLeft: '1.25rem' }} aria-label={t('operations.availability.incidentsPerMunicipality')}>
            {period.incidents.perMunicipality.map((m) => (
              <li key={m.municipalityId}>
                <Text size="sm" component="span">
                  {t('operations.availability.incidentsOf', { municipality: name(m.municipalityId), count: formatInteger(m.count, locale) })}
                </Text>
              </li>
            ))}
          </ul>
        )}
      </Stack>
    </div>
  );
}

/** the year's outages and IT incidents counted against the cap, newest first. */
function Counted({ report }: { report: AvailabilityReport }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { user } = useSession();
  const year = report.year;
  return (
    <Section id="avail-counted" title={t('operations.availability.counted', { year })}>
      <ListTable
        items={report.counted}
        empty={t('operations.availability.noneCounted', { year })}
        label={t('operations.availability.countedLabel', { year })}
        caption
        minWidth={760}
        columns={[
          t('operations.availability.outage'),
          t('operations.availability.kind'),
          t('operations.availability.municipalities'),
          { label: t('operations.availability.start'), minWidth: 150 },
          { label: t('operations.outages.duration'), numeric: true },
        ]}
        row={(o) => (
          <Table.Tr key={o.id}>
            <Table.Th scope="row" fw="normal">
              {user.can.readsOutages ? (
                <AnchorLink to="/drift-och-tillganglighet/avbrott/$id" params={{ id: o.id }}>
                  {o.title}
                </AnchorLink>
              ) : (
                o.title
              )}
            </Table.Th>
            <Table.Td>
              {t(`operations.kinds.${o.kind}`)}
              {o.incident && `, ${t('operations.outages.incident').toLocaleLowerCase(locale === 'en' ? 'en' : 'sv')}`}
            </Table.Td>
            <Table.Td>
              {formatList(
                o.municipalities.map((m) => m.name),
                locale,
              )}
            </Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              <time dateTime={o.startsAt}>{formatDateTime(o.startsAt)}</time>
            </Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
              {formatMinutes(o.minutes, t, locale)}
            </Table.Td>
          </Table.Tr>
        )}
      />
    </Section>
  );
}
