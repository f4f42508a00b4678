import { Alert, Anchor, Button, Grid, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useParams, useSearch } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { COST_HEADINGS, agreementPdfHref, currentYear, useApplication, useApplicationReviews } from '../../agreements/model.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert } from '../../components/common.tsx';
import { formatDate, formatDateTime, formatInstantLong, formatClock, formatInteger, formatList, formatSek } from '../../format.ts';
import { useLocale } from '../../session.tsx';
import type { Translate } from '../../texts.ts';
import type { AgreementCost, AgreementPermission, Application, Review } from '../../types.ts';
import { Fact, FactList } from '../assets/parts.tsx';
import { MONEY, Section, useMunicipalityName } from '../billing/parts.tsx';
import { CancelReviewDialog, CloudMoveDialog, EditDialog, HoldReviewDialog, ReviewDialog, ReviseDialog, StatusDialog } from './dialogs.tsx';
import { SketchDrawing } from './editors.tsx';
import { ApplicationStatusBadge, NextReview, ReviewStatusBadge, ownerText, whyNot } from './parts.tsx';

export interface ApplicationSearch {
  ar?: number;
}

export function validateApplicationSearch(search: Record<string, unknown>): ApplicationSearch {
  const year = Number(search.ar);
  return Number.isInteger(year) && year >= 2000 && year <= 2100 ? { ar: year } : {};
}

type Dialog = { kind: 'edit' | 'revise' | 'status' | 'cloud' | 'book' } | { kind: 'reschedule' | 'hold' | 'cancel'; review: Review };

/**
 * One application (issue 18, R-7.1– ): its register facts, the agreement as it stands (description
 * and both responsibilities), the year's cost per the eight headings with the arithmetic (quantity ×
 * unit price), who pays what, the system sketch drawn, the versions and the yearly reviews, and the
 * agreement as a PDF. The actions are the server's (`actions`, each allowed or refused with its
 * reason); booking and holding reviews follow each review's own.
 */
export function ApplicationPage() {
  const { t } = useTranslation();
  const { id } = useParams({ from: '/applikationer/$id' });
  const search = useSearch({ from: '/applikationer/$id' });
  const query = useApplication(id, search.ar);
  const reviews = useApplicationReviews(id);
  const municipalityName = useMunicipalityName();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = () => setDialog(null);

  if (query.isPending) return <Loading />;
  if (query.isError) {
    return (
      <>
        <PageHeader title={t('agreements.list.title')} />
        <ProblemAlert error={query.error} onRetry={query.error instanceof ApiError && query.error.status === 404 ? undefined : () => void query.refetch()} />
        <AnchorLink to="/applikationer" mt="md" display="inline-block">
          {t('agreements.page.back')}
        </AnchorLink>
      </>
    );
  }
  const app = query.data;
  return (
    <>
      <PageHeader
        title={app.name}
        intro={t('agreements.page.intro', { kind: t(`agreements.kinds.${app.kind}`), municipality: municipalityName(app.municipalityId) })}
        actions={
          <AnchorLink to="/applikationer" search={{}}>
            {t('agreements.page.back')}
          </AnchorLink>
        }
      />
      <Stack gap="xl">
        <Grid gutter="xl">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <Stack gap="xl">
              <Section id="app-facts" title={t('agreements.page.facts')}>
                <Facts app={app} />
              </Section>
              <Agreement app={app} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Stack gap="xl">
              <Actions app={app} onAct={(kind) => setDialog({ kind })} />
              <Section id="app-documents" title={t('agreements.page.documents')}>
                <ul style={{ margin: 0, paddingLeft: '1.25rem' }}>
                  <li>
                    <Anchor href={agreementPdfHref(app.id, search.ar)} download>
                      {t('agreements.page.pdf')}
                    </Anchor>
                  </li>
                </ul>
              </Section>
              <Cloud app={app} />
            </Stack>
          </Grid.Col>
        </Grid>
        {/* The tables and the drawing take the page's whole width (a narrow column would show the tables as cards). */}
        <Cost app={app} />
        <Payers app={app} />
        <Section id="app-sketch" title={t('agreements.page.sketch')}>
          {app.agreement ? <SketchDrawing sketch={app.agreement.sketch} name={app.name} /> : <EmptyState>{t('agreements.page.noAgreement')}</EmptyState>}
        </Section>
        <Versions app={app} />
        <Reviews query={reviews} onAct={(kind, review) => setDialog({ kind, review })} />
      </Stack>
      {dialog?.kind === 'edit' && <EditDialog app={app} onClose={close} />}
      {dialog?.kind === 'revise' && <ReviseDialog app={app} onClose={close} />}
      {dialog?.kind === 'status' && <StatusDialog app={app} onClose={close} />}
      {dialog?.kind === 'cloud' && <CloudMoveDialog app={app} onClose={close} />}
      {dialog?.kind === 'book' && <ReviewDialog app={app} onClose={close} />}
      {dialog?.kind === 'reschedule' && <ReviewDialog app={app} review={dialog.review} onClose={close} />}
      {dialog?.kind === 'hold' && <HoldReviewDialog app={app} review={dialog.review} onClose={close} />}
      {dialog?.kind === 'cancel' && <CancelReviewDialog app={app} review={dialog.review} onClose={close} />}
    </>
  );
}

function Facts({ app }: { app: Application }) {
  const { t } = useTranslation();
  const municipalityName = useMunicipalityName();
  const none = t('agreements.page.nobody');
  return (
    <FactList>
      <Fact label={t('agreements.page.municipality')}>{municipalityName(app.municipalityId)}</Fact>
      <Fact label={t('agreements.page.kind')}>{t(`agreements.kinds.${app.kind}`)}</Fact>
      <Fact label={t('agreements.page.status')}>
        <Group gap="xs">
          <ApplicationStatusBadge status={app.status} />
          {app.terminatedOn && <Text size="sm">{t('agreements.page.terminatedOn', { date: formatDate(app.terminatedOn) })}</Text>}
          {app.movedToCloudOn && <Text size="sm">{t('agreements.page.movedOn', { date: formatDate(app.movedToCloudOn) })}</Text>}
        </Group>
      </Fact>
      <Fact label={t('agreements.page.startsOn')}>{app.startsOn ? formatDate(app.startsOn) : t('agreements.page.notStarted')}</Fact>
      <Fact label={t('agreements.owners.systemOwner')}>{app.systemOwner?.personName ?? none}</Fact>
      <Fact label={t('agreements.owners.businessOwner')}>{ownerText(app.businessOwner, none)}</Fact>
      <Fact label={t('agreements.owners.technicalOwner')}>{ownerText(app.technicalOwner, none)}</Fact>
      <Fact label={t('agreements.owners.informationOwner')}>{ownerText(app.informationOwner, none)}</Fact>
      <Fact label={t('agreements.page.nextReview')}>
        <NextReview on={app.nextReviewOn} state={app.reviewState} />
      </Fact>
      <Fact label={t('agreements.page.version')}>
        {app.agreement
          ? t('agreements.page.versionText', { number: app.agreement.number, date: formatDateTime(app.agreement.createdAt) })
          : t('agreements.page.noAgreement')}
      </Fact>
    </FactList>
  );
}

/** Text as written, line breaks kept; a dash when nothing is written. */
function Written({ children }: { children: string }) {
  const { t } = useTranslation();
  return <Text style={{ whiteSpace: 'pre-wrap' }}>{children.trim() || t('app.none')}</Text>;
}

/** the agreement as it stands: its description and what IT and the business are responsible for. */
function Agreement({ app }: { app: Application }) {
  const { t } = useTranslation();
  const a = app.agreement;
  return (
    <Section id="app-agreement" title={a ? t('agreements.page.agreement', { number: a.number }) : t('agreements.page.agreementNone')}>
      {!a ? (
        <EmptyState>{t('agreements.page.noAgreement')}</EmptyState>
      ) : (
        <Stack gap="md">
          <div>
            <Title order={3} size="h5">
              {t('agreements.content.description')}
            </Title>
            <Written>{a.description}</Written>
          </div>
          <div>
            <Title order={3} size="h5">
              {t('agreements.content.itResponsibilities')}
            </Title>
            <Written>{a.itResponsibilities}</Written>
          </div>
          <div>
            <Title order={3} size="h5">
              {t('agreements.content.businessResponsibilities')}
            </Title>
            <Written>{a.businessResponsibilities}</Written>
          </div>
        </Stack>
      )}
    </Section>
  );
}

/** "2 st × 12 000,00 kr = 24 000,00 kr": one line of a cost with its arithmetic. */
function arithmetic(line: AgreementCost['lines'][number], t: Translate, locale: string) {
  return t('agreements.cost.arithmetic', {
    quantity: formatInteger(line.quantity, locale),
    unit: line.unit,
    price: formatSek(line.unitPriceOre, locale),
    amount: formatSek(line.amountOre, locale),
  });
}

/**
 * R-7.1, R-7.3: the year's cost per the eight headings, each with its lines' arithmetic (quantity ×
 * unit price of the year's model), and the yearly total; other years by the links beside.
 */
function Cost({ app }: { app: Application }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const cost = app.cost;
  const year = cost.year;
  const yearSearch = (y: number) => (y === currentYear() ? {} : { ar: y });
  return (
    <Section id="app-cost" title={t('agreements.cost.title', { year })}>
      <Stack gap="sm">
        <Group gap="md" role="group" aria-label={t('agreements.cost.otherYears')}>
          <AnchorLink to="/applikationer/$id" params={{ id: app.id }} search={yearSearch(year - 1)} replace>
            {t('agreements.cost.showYear', { year: year - 1 })}
          </AnchorLink>
          <AnchorLink to="/applikationer/$id" params={{ id: app.id }} search={yearSearch(year + 1)} replace>
            {t('agreements.cost.showYear', { year: year + 1 })}
          </AnchorLink>
        </Group>
        {!cost.modelFound && (
          <Alert color="yellow" role="note">
            {t('agreements.cost.noModel', { year })}
          </Alert>
        )}
        {cost.unknownDrivers.length > 0 && (
          <Alert color="yellow" role="note">
            {t('agreements.cost.unknown', { count: cost.unknownDrivers.length, year })}
          </Alert>
        )}
        <ScrollTable label={t('agreements.cost.tableLabel', { year })} minWidth={640}>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('agreements.cost.heading')}</Table.Th>
                <Table.Th scope="col">{t('agreements.cost.calculation')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('agreements.cost.amount')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {COST_HEADINGS.map((h) => {
                const lines = cost.lines.filter((l) => l.heading === h);
                return (
                  <Table.Tr key={h}>
                    <Table.Th scope="row" fw="normal">
                      {t(`agreements.headings.${h}`)}
                    </Table.Th>
                    <Table.Td>
                      {lines.length === 0 ? (
                        <Text size="sm" c="dimmed">
                          {t('agreements.cost.nothing')}
                        </Text>
                      ) : (
                        <Stack gap={2}>
                          {lines.map((l) => (
                            <Text key={l.driverCode} size="sm">
                              {l.label}: {arithmetic(l, t, locale)}
                            </Text>
                          ))}
                        </Stack>
                      )}
                    </Table.Td>
                    <Table.Td {...MONEY}>{formatSek(cost.byHeading[h], locale)}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th scope="row" colSpan={2}>
                  {t('agreements.cost.total', { year })}
                </Table.Th>
                <Table.Td {...MONEY} fw={700}>
                  {formatSek(cost.totalOre, locale)}
                </Table.Td>
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </ScrollTable>
      </Stack>
    </Section>
  );
}

/** who pays what: each paying unit's share (or users) and its part of the year's cost. */
function Payers({ app }: { app: Application }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const split = app.split;
  const share = split.mode === 'share';
  return (
    <Section id="app-payers" title={t('agreements.payers.title')}>
      <Stack gap="sm">
        <Text size="sm">{share ? t('agreements.payers.byShare') : t('agreements.payers.byUsers')}</Text>
        {split.problems.length > 0 && (
          <Alert color="orange" role="note" title={t('agreements.payers.problems')}>
            <ul style={{ margin: 0, paddingLeft: '1.25rem' }}>
              {split.problems.map((p, i) => (
                <li key={i}>{locale === 'sv' ? p.reasonSv : p.reason}</li>
              ))}
            </ul>
          </Alert>
        )}
        {split.units.length === 0 ? (
          <EmptyState>{t('agreements.payers.none')}</EmptyState>
        ) : (
          <ScrollTable label={t('agreements.payers.tableLabel', { year: app.cost.year })} minWidth={520}>
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('agreements.payers.unit')}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {share ? t('agreements.payers.share') : t('agreements.payers.users')}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('agreements.payers.amount', { year: app.cost.year })}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {split.units.map((u) => (
                  <Table.Tr key={u.unitId}>
                    <Table.Th scope="row" fw="normal">
                      {u.unitName}
                    </Table.Th>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {share
                        ? u.shareBp === null
                          ? t('app.none')
                          : new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'sv-SE', { style: 'percent', maximumFractionDigits: 2 }).format(
                              u.shareBp / 10_000,
                            )
                        : formatInteger(u.users ?? 0, locale)}
                    </Table.Td>
                    <Table.Td {...MONEY}>{formatSek(u.amountOre, locale)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </Stack>
    </Section>
  );
}

/** every version of the agreement, newest first, with what changed. */
function Versions({ app }: { app: Application }) {
  const { t } = useTranslation();
  return (
    <Section id="app-versions" title={t('agreements.versions.title')}>
      {app.versions.length === 0 ? (
        <EmptyState>{t('agreements.page.noAgreement')}</EmptyState>
      ) : (
        <ScrollTable label={t('agreements.versions.tableLabel')} minWidth={640}>
          <Table striped withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('agreements.versions.number')}</Table.Th>
                <Table.Th scope="col">{t('agreements.versions.date')}</Table.Th>
                <Table.Th scope="col">{t('agreements.versions.by')}</Table.Th>
                <Table.Th scope="col">{t('agreements.versions.change')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {app.versions.map((v) => (
                <Table.Tr key={v.number}>
                  <Table.Th scope="row" fw="normal" style={{ whiteSpace: 'nowrap' }}>
                    {v.number === app.agreement?.number
                      ? t('agreements.versions.current', { number: v.number })
                      : t('agreements.versions.numbered', { number: v.number })}
                  </Table.Th>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v.createdAt)}</Table.Td>
                  <Table.Td>{v.createdByName ?? t('app.none')}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{v.changeNote}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Section>
  );
}

/** Buttons from the server's permissions: each allowed one enabled, the others disabled with the reason beside them. */
function PermissionButtons({
  id,
  label,
  buttons,
}: {
  id: string;
  label: string;
  buttons: { key: string; text: string; permission: AgreementPermission; onClick: () => void; color?: string }[];
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const refused = buttons.filter((b) => !b.permission.allowed && whyNot(b.permission, locale));
  return (
    <Stack gap="xs">
      <Group gap="xs" role="group" aria-label={label}>
        {buttons.map((b) => (
          <Button
            key={b.key}
            variant="default"
            color={b.color}
            disabled={!b.permission.allowed}
            aria-describedby={!b.permission.allowed && whyNot(b.permission, locale) ? `${id}-why-${b.key}` : undefined}
            onClick={b.onClick}
          >
            {b.text}
          </Button>
        ))}
      </Group>
      {refused.length > 0 && (
        <ul style={{ margin: 0, paddingLeft: '1.25rem' }} aria-label={t('agreements.page.notAllowed')}>
          {refused.map((b) => (
            <li key={b.key} id={`${id}-why-${b.key}`}>
              <Text size="sm" component="span">
                {t('agreements.page.whyNot', { action: b.text, reason: whyNot(b.permission, locale) })}
              </Text>
            </li>
          ))}
        </ul>
      )}
    </Stack>
  );
}

/** The application's actions, exactly as the server's answer offers them (`actions`). */
function Actions({ app, onAct }: { app: Application; onAct: (kind: 'edit' | 'revise' | 'status' | 'cloud' | 'book') => void }) {
  const { t } = useTranslation();
  const a = app.actions;
  return (
    <Section id="app-actions" title={t('agreements.page.actions')}>
      <PermissionButtons
        id="app-action"
        label={t('agreements.page.actions')}
        buttons={[
          { key: 'edit', text: t('agreements.actions.edit'), permission: a.edit, onClick: () => onAct('edit') },
          { key: 'revise', text: t('agreements.actions.revise'), permission: a.revise, onClick: () => onAct('revise') },
          // a review is booked by whoever may revise the agreement (the server's rule for both).
          { key: 'book', text: t('agreements.actions.book'), permission: a.revise, onClick: () => onAct('book') },
          { key: 'status', text: t('agreements.actions.status'), permission: a.changeStatus, onClick: () => onAct('status') },
          { key: 'cloud', text: t('agreements.actions.cloud'), permission: a.recordCloudMove, onClick: () => onAct('cloud') },
        ]}
      />
    </Section>
  );
}

/** the move to cloud/SaaS: what is recorded and what is still missing before it can be marked done. */
function Cloud({ app }: { app: Application }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const move = app.cloudMove;
  if (app.status !== 'active' && move === null) return null;
  const steps: [string, { on: string } | null][] = move
    ? [
        [t('agreements.cloud.securityAnalysis'), move.securityAnalysis],
        [t('agreements.cloud.legalReview'), move.legalReview],
        [t('agreements.cloud.businessReview'), move.businessReview],
        [t('agreements.cloud.costAnalysis'), move.costAnalysis],
      ]
    : [];
  return (
    <Section id="app-cloud" title={t('agreements.cloud.title')}>
      <Stack gap="sm">
        {move && (
          <FactList>
            <Fact label={t('agreements.cloud.classification')}>
              {move.classification ? t('agreements.cloud.doneOn', { date: formatDate(move.classification.classifiedOn) }) : t('agreements.cloud.notDone')}
            </Fact>
            {steps.map(([label, step]) => (
              <Fact key={label} label={label}>
                {step ? t('agreements.cloud.doneOn', { date: formatDate(step.on) }) : t('agreements.cloud.notDone')}
              </Fact>
            ))}
          </FactList>
        )}
        {app.status === 'active' &&
          (app.cloudGate.length === 0 ? (
            <Text size="sm">{t('agreements.cloud.ready')}</Text>
          ) : (
            <>
              <Text size="sm">{t('agreements.cloud.missing')}</Text>
              <ul style={{ margin: 0, paddingLeft: '1.25rem' }} aria-label={t('agreements.cloud.missingLabel')}>
                {app.cloudGate.map((p) => (
                  <li key={p.field}>
                    <Text size="sm" component="span">
                      {locale === 'sv' ? p.reasonSv : p.reason}
                    </Text>
                  </li>
                ))}
              </ul>
            </>
          ))}
      </Stack>
    </Section>
  );
}

/** the yearly reviews, newest first: when and where, who was invited, the minutes and the version a held one gave. */
function Reviews({
  query,
  onAct,
}: {
  query: ReturnType<typeof useApplicationReviews>;
  onAct: (kind: 'reschedule' | 'hold' | 'cancel', review: Review) => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  let body: ReactNode;
  if (query.isPending) body = <Loading />;
  else if (query.isError) body = <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />;
  else if (query.data.items.length === 0) body = <EmptyState>{t('agreements.reviews.none')}</EmptyState>;
  else {
    body = (
      <Stack gap="lg">
        {query.data.items.map((r) => {
          const heading = t('agreements.reviews.heading', { date: formatInstantLong(r.startsAt, locale) });
          return (
            <section key={r.id} aria-labelledby={`review-${r.id}`}>
              <Group gap="sm" mb="xs">
                <Title order={3} size="h5" id={`review-${r.id}`}>
                  {heading}
                </Title>
                <ReviewStatusBadge status={r.status} />
              </Group>
              <Stack gap="sm">
                <FactList>
                  <Fact label={t('agreements.reviews.time')}>
                    {t('agreements.reviews.timeText', { start: formatClock(r.startsAt), end: formatClock(r.endsAt) })}
                  </Fact>
                  <Fact label={t('agreements.reviews.place')}>{r.place}</Fact>
                  <Fact label={t('agreements.reviews.invitees')}>
                    {formatList(
                      r.invitees.map((i) => i.name),
                      locale,
                    )}
                  </Fact>
                  {r.heldOn && <Fact label={t('agreements.reviews.heldOn')}>{formatDate(r.heldOn)}</Fact>}
                  {r.agreementVersion !== null && (
                    <Fact label={t('agreements.reviews.gave')}>{t('agreements.versions.numbered', { number: r.agreementVersion })}</Fact>
                  )}
                  {r.minutes && (
                    <Fact label={t('agreements.reviews.minutes')}>
                      <span style={{ whiteSpace: 'pre-wrap' }}>{r.minutes}</span>
                    </Fact>
                  )}
                </FactList>
                {r.status === 'booked' && (
                  <PermissionButtons
                    id={`review-${r.id}-action`}
                    label={t('agreements.reviews.actions', { heading })}
                    buttons={[
                      { key: 'hold', text: t('agreements.reviews.hold'), permission: r.actions.hold, onClick: () => onAct('hold', r) },
                      { key: 'reschedule', text: t('agreements.reviews.reschedule'), permission: r.actions.reschedule, onClick: () => onAct('reschedule', r) },
                      { key: 'cancel', text: t('agreements.reviews.cancel'), permission: r.actions.cancel, onClick: () => onAct('cancel', r), color: 'red' },
                    ]}
                  />
                )}
              </Stack>
            </section>
          );
        })}
      </Stack>
    );
  }
  return (
    <Section id="app-reviews" title={t('agreements.reviews.title')}>
      {body}
    </Section>
  );
}
