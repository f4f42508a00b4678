import { Alert, Anchor, Grid, Stack, Table, Text } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { basisPdfHref, useUnitBasis, type BasisChange, type BasisLine, type ChargeGroup, type QuantityUnit, type UnitBasis } from '../../billing/model.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert } from '../../components/common.tsx';
import { formatInteger, formatSek, formatSekChange, formatYearMonth } from '../../format.ts';
import { useLocale } from '../../session.tsx';
import { Fact, FactList } from '../assets/parts.tsx';
import { MONEY, RunStatusBadge, Section, useMunicipalityName } from './parts.tsx';

/** The basis's sections in order: charges by group, then every correction with its reason. */
type LineGroup = ChargeGroup | 'correction';
const GROUPS: Record<LineGroup, number> = { periodic: 1, continuous: 2, central: 3, correction: 4 };
const GROUP_ORDER = (Object.keys(GROUPS) as LineGroup[]).sort((a, b) => GROUPS[a] - GROUPS[b]);
const groupOf = (l: BasisLine): LineGroup => (l.kind === 'correction' ? 'correction' : l.chargeGroup);

/** What the unit price is per: the quantity's unit, except on-call minutes, which are priced per hour. */
const PRICE_PER: Record<QuantityUnit, QuantityUnit> = {
  month: 'month',
  week: 'week',
  piece: 'piece',
  hour: 'hour',
  minute: 'hour',
  year: 'year',
  user: 'user',
};

/**
 * One unit's invoice basis in a run (issue 8, R-6.3): the accounting code string, the lines by group
 * (periodic, continuous, central, then corrections with their reasons) with quantity, unit price,
 * amount and the rule that reached it, the total beside the previous invoice's, and the changes since
 * the previous invoice with their reasons; the same basis as a PDF. A unit manager reads the approved
 * bases of their own units; any other unit is "not found".
 */
export function UnitBasisPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { id, unitId } = useParams({ from: '/fakturering/$id/enhet/$unitId' });
  const query = useUnitBasis(id, unitId);
  const municipalityName = useMunicipalityName();

  if (query.isPending) return <Loading />;
  if (query.isError) {
    return (
      <>
        <PageHeader title={t('billing.list.title')} />
        <ProblemAlert error={query.error} onRetry={query.error instanceof ApiError && query.error.status === 404 ? undefined : () => void query.refetch()} />
        <AnchorLink to="/fakturering" mt="md" display="inline-block">
          {t('billing.run.back')}
        </AnchorLink>
      </>
    );
  }
  const b = query.data;
  const month = formatYearMonth(b.run.runMonth, locale);
  const municipality = municipalityName(b.run.municipalityId, b.run.scope.municipality);
  const runTitle = t('billing.run.title', { municipality, month });
  return (
    <>
      <PageHeader title={t('billing.basis.title', { unit: b.unit.name, code: b.unit.code })} intro={t('billing.basis.intro', { municipality, month })} />
      <Stack gap="xl">
        {b.run.status !== 'approved' && (
          <Alert color="yellow" role="note">
            {t('billing.basis.draftNote')}
          </Alert>
        )}
        <Grid gutter="xl">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <Section id="basis-facts" title={t('billing.basis.facts')}>
              <FactList>
                <Fact label={t('billing.basis.unit')}>
                  {b.unit.name} ({b.unit.code})
                </Fact>
                <Fact label={t('billing.basis.accountingString')}>
                  {b.unit.accountingString ? (
                    <Text component="span" ff="monospace">
                      {b.unit.accountingString}
                    </Text>
                  ) : (
                    t('billing.basis.noAccounting')
                  )}
                </Fact>
                <Fact label={t('billing.basis.run')}>
                  <AnchorLink to="/fakturering/$id" params={{ id: b.run.id }}>
                    {runTitle}
                  </AnchorLink>
                </Fact>
                <Fact label={t('billing.basis.status')}>
                  <RunStatusBadge status={b.run.status} />
                </Fact>
                <Fact label={t('billing.basis.total')}>{formatSek(b.totalOre, locale)}</Fact>
                <Fact label={t('billing.basis.previousTotal')}>
                  {b.previous ? `${formatSek(b.previousTotalOre, locale)} (${formatYearMonth(b.previous.runMonth, locale)})` : t('billing.basis.noPreviousRun')}
                </Fact>
                <Fact label={t('billing.basis.difference')}>{formatSekChange(b.totalOre - b.previousTotalOre, locale)}</Fact>
              </FactList>
            </Section>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Section id="basis-documents" title={t('billing.basis.documents')}>
              <ul style={{ margin: 0, paddingLeft: '1.25rem' }}>
                <li>
                  <Anchor href={basisPdfHref(b.run.id, b.unit.id)} download>
                    {t('billing.basis.pdf')}
                  </Anchor>
                </li>
              </ul>
            </Section>
          </Grid.Col>
        </Grid>
        <Lines basis={b} />
        <Changes basis={b} />
      </Stack>
    </>
  );
}

/** The lines in their groups, each a table with its subtotal; corrections add what was billed before and why. */
function Lines({ basis }: { basis: UnitBasis }) {
  const { t } = useTranslation();
  const groups = GROUP_ORDER.map((g) => ({ group: g, lines: basis.lines.filter((l) => groupOf(l) === g) })).filter((g) => g.lines.length > 0);
  return (
    <Section id="basis-lines" title={t('billing.basis.lines')}>
      {groups.length === 0 ? (
        <EmptyState>{t('billing.basis.noLines')}</EmptyState>
      ) : (
        <Stack gap="lg">
          {groups.map(({ group, lines }) => (
            <LineTable key={group} group={group} lines={lines} />
          ))}
        </Stack>
      )}
    </Section>
  );
}

function LineTable({ group, lines }: { group: LineGroup; lines: BasisLine[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const title = t(`billing.groups.${group}`);
  const corrections = group === 'correction';
  const total = lines.reduce((s, l) => s + l.amountOre, 0);
  return (
    <Section id={`basis-group-${group}`} title={title} order={3}>
      <ScrollTable label={t('billing.basis.groupLabel', { group: title })} minWidth={corrections ? 1400 : 1200}>
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('billing.basis.subject')}</Table.Th>
              <Table.Th scope="col">{t('billing.basis.description')}</Table.Th>
              <Table.Th scope="col">{t('billing.basis.article')}</Table.Th>
              <Table.Th scope="col">{t('billing.basis.month')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('billing.basis.quantity')}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t('billing.basis.unitPrice')}
              </Table.Th>
              {corrections && (
                <Table.Th scope="col" ta="right">
                  {t('billing.basis.previouslyBilled')}
                </Table.Th>
              )}
              <Table.Th scope="col" ta="right">
                {t('billing.basis.amount')}
              </Table.Th>
              {corrections && <Table.Th scope="col">{t('billing.basis.reason')}</Table.Th>}
              {/* Issue 16: the rule is a sentence; it keeps room for it instead of one word per line. */}
              <Table.Th scope="col" style={{ minWidth: '18rem' }}>
                {t('billing.basis.rule')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lines.map((l) => (
              <Table.Tr key={l.id}>
                <Table.Th scope="row" fw="normal" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                  {l.subjectLabel}
                </Table.Th>
                <Table.Td>
                  {l.description}
                  <Text size="xs" c="dimmed">
                    {t(`billing.sources.${l.source}`, { defaultValue: l.source })}
                  </Text>
                </Table.Td>
                <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                  {l.articleCode}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatYearMonth(l.month, locale)}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {t(`billing.quantity.${l.quantityUnit}`, {
                    count: l.quantity,
                    n: formatInteger(l.quantity, locale),
                    defaultValue: `${l.quantity} ${l.quantityUnit}`,
                  })}
                </Table.Td>
                <Table.Td {...MONEY}>
                  {formatSek(l.unitPriceOre, locale)}/{t(`billing.per.${PRICE_PER[l.quantityUnit]}`)}
                </Table.Td>
                {corrections && <Table.Td {...MONEY}>{formatSek(l.previouslyBilledOre, locale)}</Table.Td>}
                <Table.Td {...MONEY}>{corrections ? formatSekChange(l.amountOre, locale) : formatSek(l.amountOre, locale)}</Table.Td>
                {corrections && <Table.Td>{l.reason ?? t('app.none')}</Table.Td>}
                <Table.Td style={{ minWidth: '18rem' }}>
                  <Text size="sm">{l.rule}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th scope="row" colSpan={corrections ? 7 : 6}>
                {t('billing.basis.groupTotal')}
              </Table.Th>
              <Table.Td {...MONEY} fw={700}>
                {corrections ? formatSekChange(total, locale) : formatSek(total, locale)}
              </Table.Td>
              <Table.Td colSpan={corrections ? 2 : 1} />
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </ScrollTable>
    </Section>
  );
}

/** "Förändringar sedan föregående faktura": added, removed or changed, with the amount and the reason. */
function Changes({ basis }: { basis: UnitBasis }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const previous = basis.previous;
  return (
    <Section id="basis-changes" title={t('billing.basis.changes')}>
      {!previous ? (
        <EmptyState>{t('billing.basis.noPrevious')}</EmptyState>
      ) : basis.changes.length === 0 ? (
        <EmptyState>{t('billing.basis.noChanges')}</EmptyState>
      ) : (
        <Stack gap="sm">
          <Text size="sm">{t('billing.basis.changesIntro', { month: formatYearMonth(previous.runMonth, locale) })}</Text>
          <ScrollTable label={t('billing.basis.changesLabel')} minWidth={900}>
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('billing.basis.subject')}</Table.Th>
                  <Table.Th scope="col">{t('billing.basis.description')}</Table.Th>
                  <Table.Th scope="col">{t('billing.basis.change')}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('billing.basis.before')}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('billing.basis.now')}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('billing.basis.delta')}
                  </Table.Th>
                  <Table.Th scope="col">{t('billing.basis.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {basis.changes.map((c: BasisChange) => (
                  <Table.Tr key={c.groupKey}>
                    <Table.Th scope="row" fw="normal" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                      {c.subjectLabel}
                    </Table.Th>
                    <Table.Td>{c.description}</Table.Td>
                    <Table.Td>{t(`billing.changeKinds.${c.kind}`, { defaultValue: c.kind })}</Table.Td>
                    <Table.Td {...MONEY}>{formatSek(c.previousOre, locale)}</Table.Td>
                    <Table.Td {...MONEY}>{formatSek(c.currentOre, locale)}</Table.Td>
                    <Table.Td {...MONEY}>{formatSekChange(c.deltaOre, locale)}</Table.Td>
                    <Table.Td>{c.reason}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr>
                  <Table.Th scope="row" colSpan={5}>
                    {t('billing.basis.changesSum')}
                  </Table.Th>
                  <Table.Td {...MONEY} fw={700}>
                    {formatSekChange(basis.totalOre - basis.previousTotalOre, locale)}
                  </Table.Td>
                  <Table.Td />
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </ScrollTable>
        </Stack>
      )}
    </Section>
  );
}
