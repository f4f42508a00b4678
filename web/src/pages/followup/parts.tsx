import { BarChart, LineChart } from '@mantine/charts';
import { Badge, Card, Group, SimpleGrid, Stack, Table as MTable, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { formatValue, linkTarget, type Chart, type Figure, type FigureLink, type FollowUpReport, type Section, type Table } from '../../followup/model.ts';
import { useLocale } from '../../session.tsx';

/** Every section of a report: its figures, its charts each with its table beneath, and its other tables. */
export function ReportSections({ report }: { report: FollowUpReport }) {
  return (
    <Stack gap={48}>
      {report.sections.map((s) => (
        <ReportSection key={s.key} section={s} />
      ))}
    </Stack>
  );
}

/** The sections as a list of in-page links, so a reader jumps to the one they need. */
export function Contents({ report }: { report: FollowUpReport }) {
  const { t } = useTranslation();
  return (
    <nav aria-labelledby="followup-contents">
      <Title order={2} size="h5" id="followup-contents" mb={4}>
        {t('followup.contents')}
      </Title>
      <Group gap="md" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {report.sections.map((s) => (
          <li key={s.key}>
            <a href={`#avsnitt-${s.key}`}>{s.title}</a>
          </li>
        ))}
      </Group>
    </nav>
  );
}

function ReportSection({ section }: { section: Section }) {
  const charted = new Set(section.charts.map((c) => c.table));
  const tableOf = (key: string) => section.tables.find((x) => x.key === key);
  return (
    <section aria-labelledby={`avsnitt-${section.key}`}>
      <Title order={2} size="h3" id={`avsnitt-${section.key}`} mb="md">
        {section.title}
      </Title>
      <Stack gap="xl">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          {section.figures.map((f) => (
            <FigureCard key={f.key} figure={f} />
          ))}
        </SimpleGrid>
        {section.charts.map((c) => {
          const table = tableOf(c.table);
          return (
            <figure key={c.key} style={{ margin: 0 }}>
              <Title order={3} size="h4" mb="sm" component="figcaption">
                {c.title}
              </Title>
              <ReportChart chart={c} />
              {table && <ReportTable table={table} caption={table.title} />}
            </figure>
          );
        })}
        {section.tables
          .filter((x) => !charted.has(x.key))
          .map((x) => (
            <div key={x.key}>
              <Title order={3} size="h4" mb={4}>
                {x.title}
              </Title>
              <Text size="sm" c="dimmed" mb="sm">
                {x.definition}
              </Text>
              <ReportTable table={x} caption={x.title} />
            </div>
          ))}
      </Stack>
    </section>
  );
}

/** Where a figure leads: the list behind it, or nothing when the reader may not follow it. */
export function FigureLinkAnchor({ link, label, children }: { link: FigureLink | null; label: string; children: React.ReactNode }) {
  const target = link ? linkTarget(link) : null;
  if (!target) return <>{children}</>;
  return (
    <AnchorLink {...target} aria-label={label}>
      {children}
    </AnchorLink>
  );
}

function FigureCard({ figure }: { figure: Figure }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const value = formatValue(figure.value, figure.unit, locale, t);
  const target = figure.target;
  return (
    <Card withBorder padding="md" component="article" aria-labelledby={`figur-${figure.key}`}>
      <Stack gap={6}>
        <Text fw={600} id={`figur-${figure.key}`}>
          {figure.label}
        </Text>
        <Text size="xl" fw={700} data-figure={figure.key}>
          {figure.value === null ? <span title={t('followup.noValue')}>{value}</span> : value}
        </Text>
        {target && (
          <Group gap="xs">
            <Text size="sm">{t('followup.target', { text: target.text })}</Text>
            {target.met !== null && (
              <Badge color={target.met ? 'green' : 'red'} variant="light" tt="none" style={{ minWidth: 'max-content' }}>
                {target.met ? t('followup.met') : t('followup.notMet')}
              </Badge>
            )}
          </Group>
        )}
        <Text size="sm" c="dimmed">
          {figure.definition}
        </Text>
        {figure.link && linkTarget(figure.link) && (
          <FigureLinkAnchor link={figure.link} label={t('followup.showBehindFor', { label: figure.label.toLowerCase() })}>
            <Text size="sm" component="span">
              {t('followup.showBehind')}
            </Text>
          </FigureLinkAnchor>
        )}
      </Stack>
    </Card>
  );
}

/** A table of the report: cells worded by their column's unit, each linked where the server says it leads. */
export function ReportTable({ table, caption }: { table: Table; caption: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (table.rows.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('followup.emptyTable')}
      </Text>
    );
  }
  return (
    <ScrollTable label={caption} minWidth={Math.max(320, table.columns.length * 130)}>
      <MTable striped>
        <MTable.Thead>
          <MTable.Tr>
            {table.columns.map((c) => (
              <MTable.Th key={c.key} scope="col" style={c.unit ? { textAlign: 'right' } : undefined}>
                {c.label}
              </MTable.Th>
            ))}
          </MTable.Tr>
        </MTable.Thead>
        <MTable.Tbody>
          {table.rows.map((r) => (
            <MTable.Tr key={r.key}>
              {r.cells.map((cell, i) => {
                const column = table.columns[i];
                const text = formatValue(cell, column?.unit ?? null, locale, t);
                const link = r.links[i] ?? null;
                const content = link ? (
                  <FigureLinkAnchor link={link} label={`${String(r.cells[0])}: ${column?.label ?? ''} ${text}`}>
                    {text}
                  </FigureLinkAnchor>
                ) : (
                  text
                );
                return i === 0 ? (
                  <MTable.Th key={column?.key ?? i} scope="row" fw={400}>
                    {content}
                  </MTable.Th>
                ) : (
                  <MTable.Td key={column?.key ?? i} style={column?.unit ? { textAlign: 'right', whiteSpace: 'nowrap' } : undefined}>
                    {content}
                  </MTable.Td>
                );
              })}
            </MTable.Tr>
          ))}
        </MTable.Tbody>
      </MTable>
    </ScrollTable>
  );
}

/**
 * A share's axis in percent: 0–100, except where every value and the target are 90 % or more (as
 * availability is), where it starts just below the lowest — else the line lies flat at the top.
 */
function shareDomain(data: readonly { value: number | null }[], target: number | null): [number, number] {
  const values = [...data.flatMap((d) => (d.value === null ? [] : [d.value])), ...(target === null ? [] : [target * 100])];
  const least = Math.min(...values);
  return values.length > 0 && least >= 90 && Math.max(...values) <= 100 ? [Math.floor(least / 2) * 2, 100] : [0, 100];
}

/**
 * A chart for those who would rather look than read: the trend with the target as a line, or the
 * distribution of answers as bars. Hidden from screen readers — the same figures are the table beneath.
 */
export function ReportChart({ chart }: { chart: Chart }) {
  const { t } = useTranslation();
  const locale = useLocale();
  // Shares are drawn in percent, money in kronor: the axis reads as people speak of them.
  const scale = chart.unit === 'share' ? 100 : chart.unit === 'ore' ? 0.01 : 1;
  const data = chart.points.map((p) => ({ label: p.label, value: p.value === null ? null : p.value * scale }));
  const format = (v: number) => formatValue(v / scale, chart.unit, locale, t);
  const common = {
    h: 240,
    data,
    dataKey: 'label',
    series: [{ name: 'value', label: chart.title, color: 'blue.7' }],
    valueFormatter: format,
    withTooltip: false,
    yAxisProps: { width: chart.unit === 'ore' ? 110 : 70 },
  };
  return (
    <div aria-hidden="true" style={{ marginBottom: 'var(--mantine-spacing-md)' }}>
      {chart.kind === 'trend' ? (
        <LineChart
          {...common}
          connectNulls={false}
          lineChartProps={{ accessibilityLayer: false }}
          referenceLines={chart.target === null ? [] : [{ y: chart.target * scale, label: t('followup.targetLine'), color: 'red.8', strokeDasharray: '6 4' }]}
          yAxisProps={{ ...common.yAxisProps, domain: chart.unit === 'share' ? shareDomain(data, chart.target) : ['auto', 'auto'] }}
        />
      ) : (
        <BarChart {...common} barChartProps={{ accessibilityLayer: false }} />
      )}
    </div>
  );
}
