import { Alert, Anchor, Button, Grid, Group, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api.ts';
import { historyEntries } from '../../assets/history.ts';
import {
  assetKeys,
  isAssetStatus,
  isEventKind,
  useAsset,
  type Asset,
  type AssetDetail,
  type AssetHistoryEvent,
  type EventKind,
  type Lifecycle,
} from '../../assets/model.ts';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert, StaleAlert } from '../../components/common.tsx';
import { formatDate, formatDateTime, formatSek } from '../../format.ts';
import { useAllUnits, useMission } from '../../hooks.ts';
import { useLocale } from '../../session.tsx';
import type { Translate } from '../../texts.ts';
import { AssetStatusBadge, Fact, FactList, PersonPicker, UnitSelect, placeProblems, useAssetFieldLabels } from './parts.tsx';
import { EventDialog } from './EventDialog.tsx';

/**
 * One asset (issue 7, R-5.1–R-5.8, R-6.4): its facts (unit = cost bearer, holder, location, support
 * level, delivery, binding period, renewal), the billing periods and whether it is billed now, the
 * erasure, sale and incident records, its documents (erasure protocol, receipt) and its history as a
 * timeline; IT records the lifecycle events the status allows, a unit's manager keeps holder and
 * location current (self-service, audited).
 */
export function AssetPage() {
  const { t } = useTranslation();
  const { id } = useParams({ from: '/inventarier/$id' });
  const asset = useAsset(id);
  const queryClient = useQueryClient();
  const [event, setEvent] = useState<EventKind | null>(null);
  const [editing, setEditing] = useState(false);

  const done = async (a: AssetDetail | Asset, message: string) => {
    // PATCH answers the asset without its history and lifecycle: keep those until the page reads it again.
    const whole = 'history' in a;
    queryClient.setQueryData<AssetDetail>(assetKeys.one(a.id), (old) => ('history' in a ? a : old ? { ...old, ...a } : undefined));
    notifications.show({ color: 'green', message });
    await queryClient.invalidateQueries({ queryKey: ['assets', 'list'] });
    if (!whole) await queryClient.invalidateQueries({ queryKey: assetKeys.one(a.id) });
  };

  if (asset.isPending) return <Loading />;
  if (asset.isError) {
    return (
      <>
        <PageHeader title={t('assets.list.title')} />
        <ProblemAlert error={asset.error} onRetry={asset.error instanceof ApiError && asset.error.status === 404 ? undefined : () => void asset.refetch()} />
      </>
    );
  }
  const a = asset.data;
  const lc = a.lifecycle;
  const events = (lc?.allowedEvents ?? []).filter((e): e is { kind: EventKind; kindSv: string } => isEventKind(e.kind));
  return (
    <>
      <PageHeader
        title={t('assets.asset.title', { model: a.model, serial: a.serial })}
        intro={t(`assets.types.${a.deviceType}`, { defaultValue: a.deviceType })}
        actions={
          a.canEdit && a.status === 'active' ? (
            <Button variant="default" onClick={() => setEditing(true)}>
              {t('assets.asset.edit')}
            </Button>
          ) : undefined
        }
      />
      <Grid gutter="xl">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="xl">
            <Section id="asset-facts" title={t('assets.asset.facts')}>
              <Facts asset={a} />
            </Section>
            {lc && <Billing lifecycle={lc} />}
            {lc && <Records lifecycle={lc} />}
            <History history={a.history} people={knownPeople(a)} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="xl">
            {a.canAct && (
              <Section id="asset-actions" title={t('assets.asset.actions')}>
                {!lc ? (
                  <Text size="sm">{t('assets.asset.noLifecycle')}</Text>
                ) : events.length === 0 ? (
                  <Text size="sm">{t('assets.asset.noActions')}</Text>
                ) : (
                  <Stack gap="xs">
                    <Text size="sm" c="dimmed">
                      {t('assets.asset.actionsHelp')}
                    </Text>
                    <Group gap="xs" role="group" aria-labelledby="asset-actions">
                      {events.map((e) => (
                        <Button
                          key={e.kind}
                          variant={e.kind === 'retire' || e.kind === 'erase' || e.kind.startsWith('report_') ? 'outline' : 'default'}
                          color={e.kind === 'retire' || e.kind === 'erase' || e.kind.startsWith('report_') ? 'red' : undefined}
                          onClick={() => setEvent(e.kind)}
                        >
                          {t(`assets.actions.${e.kind}`, { defaultValue: e.kindSv })}
                        </Button>
                      ))}
                    </Group>
                  </Stack>
                )}
              </Section>
            )}
            {lc && <Documents lifecycle={lc} />}
          </Stack>
        </Grid.Col>
      </Grid>
      {event && (
        <EventDialog
          asset={a}
          kind={event}
          onClose={() => setEvent(null)}
          onDone={(x) => done(x, t('assets.asset.done', { action: t(`assets.actions.${event}`) }))}
        />
      )}
      {editing && <EditDialog asset={a} onClose={() => setEditing(false)} onDone={(x) => done(x, t('assets.asset.edited'))} />}
    </>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <Title order={2} size="h3" id={id} mb="sm">
        {title}
      </Title>
      {children}
    </section>
  );
}

/** R-5.4: "Bindningstid till 2025-03-01 (120 dagar kvar)", or that there is none. */
function bindingText(asset: Asset, lc: Lifecycle | undefined, t: Translate): string {
  const endsOn = lc ? lc.binding.endsOn : asset.bindingUntil;
  if (lc?.binding.bound && endsOn) return t('assets.asset.bindingUntil', { date: formatDate(endsOn), count: lc.binding.daysLeft });
  if (endsOn) return t('assets.asset.bindingEnded', { date: formatDate(endsOn) });
  return t('assets.asset.noBinding');
}

function Facts({ asset: a }: { asset: AssetDetail }) {
  const { t } = useTranslation();
  const mission = useMission();
  const lc = a.lifecycle;
  const service = a.serviceCode ? (mission.data?.document.catalogue.services.find((s) => s.code === a.serviceCode)?.name ?? a.serviceCode) : null;
  return (
    <FactList>
      <Fact label={t('assets.status')}>
        <AssetStatusBadge status={isAssetStatus(a.status) ? a.status : 'ordered'} />
      </Fact>
      <Fact label={t('assets.serial')}>
        <Text component="span" ff="monospace">
          {a.serial}
        </Text>
      </Fact>
      <Fact label={t('assets.model')}>{a.model}</Fact>
      <Fact label={t('assets.type')}>{t(`assets.types.${a.deviceType}`, { defaultValue: a.deviceType })}</Fact>
      <Fact label={t('assets.costBearer')}>{a.unitName}</Fact>
      <Fact label={t('assets.holder')}>{a.holderName ?? t('assets.noHolder')}</Fact>
      {!a.holderName && lc?.lastHolder && <Fact label={t('assets.asset.lastHolder')}>{lc.lastHolder.name ?? t('app.none')}</Fact>}
      <Fact label={t('assets.location')}>{a.location || t('app.none')}</Fact>
      <Fact label={t('assets.supportLevel')}>{a.supportLevel ? t(`assets.supportLevels.${a.supportLevel}`) : t('app.none')}</Fact>
      {service && <Fact label={t('assets.service')}>{service}</Fact>}
      {a.articleCode && (
        <Fact label={t('assets.article')}>
          <Text component="span" ff="monospace">
            {a.articleCode}
          </Text>
        </Fact>
      )}
      {lc && <Fact label={t('assets.asset.ordered')}>{formatDate(lc.orderedOn)}</Fact>}
      <Fact label={t('assets.deliveredOn')}>{a.deliveredOn ? formatDate(a.deliveredOn) : t('assets.asset.notDelivered')}</Fact>
      <Fact label={t('assets.asset.binding')}>{bindingText(a, lc, t)}</Fact>
      <Fact label={t('assets.renewalOn')}>{a.renewalOn ? formatDate(a.renewalOn) : t('app.none')}</Fact>
      {lc?.retiredOn && <Fact label={t('assets.asset.retiredOn')}>{formatDate(lc.retiredOn)}</Fact>}
      {lc?.recycledOn && <Fact label={t('assets.asset.recycledOn')}>{formatDate(lc.recycledOn)}</Fact>}
      {lc && lc.disposalRoutes.length > 0 && ['retired', 'erased'].includes(a.status) && (
        <Fact label={t('assets.asset.disposal')}>{lc.disposalRoutes.map((r) => t(`assets.routes.${r}`)).join(', ')}</Fact>
      )}
      {a.note && (
        <Fact label={t('assets.note')}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{a.note}</span>
        </Fact>
      )}
    </FactList>
  );
}

/** R-5.2, R-5.4, R-6.4: who bears the cost over which period, and whether the asset is billed now. */
function Billing({ lifecycle: lc }: { lifecycle: Lifecycle }) {
  const { t } = useTranslation();
  return (
    <Section id="asset-billing" title={t('assets.asset.billing')}>
      <Stack gap="sm">
        <Text fw={600}>{lc.billedNow ? t('assets.asset.billedNow') : t('assets.asset.notBilledNow')}</Text>
        {lc.billing.length === 0 ? (
          <Text c="dimmed">{t('assets.asset.noBilling')}</Text>
        ) : (
          <ScrollTable label={t('assets.asset.billingLabel')} minWidth={640}>
            <Table withTableBorder striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('assets.unit')}</Table.Th>
                  <Table.Th scope="col">{t('assets.asset.from')}</Table.Th>
                  <Table.Th scope="col">{t('assets.asset.to')}</Table.Th>
                  <Table.Th scope="col">{t('assets.asset.basis')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lc.billing.map((p) => (
                  <Table.Tr key={`${p.unitId}-${p.from}`}>
                    <Table.Th scope="row" fw="normal">
                      {p.unitName}
                    </Table.Th>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(p.from)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{p.to ? formatDate(p.to) : t('assets.asset.ongoing')}</Table.Td>
                    <Table.Td>{t(`assets.asset.bases.${p.basis}`, { defaultValue: p.basis })}</Table.Td>
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

/** R-5.5, R-5.7, R-5.8: the erasure record, the sale and the theft or damage, when there are any. */
function Records({ lifecycle: lc }: { lifecycle: Lifecycle }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const mission = useMission();
  const roleName = (code: string) => mission.data?.document.people.personRoles.find((r) => r.code === code)?.label ?? code;
  const { erasure, sale, incident } = lc;
  if (!erasure && !sale && !incident) return null;
  return (
    <>
      {erasure && (
        <Section id="asset-erasure" title={t('assets.asset.erasure')}>
          <FactList>
            <Fact label={t('assets.asset.erasedBy')}>
              {erasure.by.name} ({t(`assets.asset.erasers.${erasure.by.kind}`, { defaultValue: erasure.by.kind })})
            </Fact>
            <Fact label={t('assets.asset.method')}>{erasure.method}</Fact>
            <Fact label={t('assets.asset.erasedOn')}>{formatDate(erasure.erasedOn)}</Fact>
            <Fact label={t('assets.asset.erasedSerial')}>
              <Text component="span" ff="monospace">
                {erasure.serial}
              </Text>
            </Fact>
          </FactList>
        </Section>
      )}
      {sale && (
        <Section id="asset-sale" title={t('assets.asset.sale')}>
          <FactList>
            <Fact label={t('assets.asset.soldOn')}>{formatDate(sale.soldOn)}</Fact>
            <Fact label={t('assets.asset.buyer')}>
              {sale.buyer.kind === 'person'
                ? t('assets.asset.buyerPerson', { name: sale.buyer.name ?? t('app.none'), role: roleName(sale.buyer.role) })
                : t('assets.asset.buyerPartner', { partner: sale.buyer.partner, batch: sale.buyer.batch })}
            </Fact>
            {typeof sale.priceOre === 'number' && <Fact label={t('assets.asset.price')}>{formatSek(sale.priceOre, locale)}</Fact>}
            {sale.buyer.kind === 'person' && (
              <Fact label={t('assets.asset.proof')}>
                {t('assets.asset.proofRef', { kind: t(`assets.asset.proofs.${sale.buyer.proof.kind}`), reference: sale.buyer.proof.reference })}
              </Fact>
            )}
          </FactList>
        </Section>
      )}
      {incident && (
        <Section id="asset-incident" title={t('assets.asset.incident')}>
          <FactList>
            <Fact label={t('assets.type')}>{t(`assets.asset.incidentKinds.${incident.kind}`)}</Fact>
            <Fact label={t('assets.asset.reportedOn')}>{formatDate(incident.reportedOn)}</Fact>
            <Fact label={t('assets.asset.policeReport')}>{incident.policeReport}</Fact>
            <Fact label={t('assets.asset.settlement')}>
              {incident.settlement
                ? t('assets.asset.settledText', {
                    date: formatDate(incident.settlement.settledOn),
                    reference: incident.settlement.reference,
                    amount: formatSek(incident.settlement.amount, locale),
                  })
                : t('assets.asset.notSettled')}
            </Fact>
          </FactList>
        </Section>
      )}
    </>
  );
}

/** R-5.8: the erasure protocol on demand; R-5.7: the receipt or invoice of a sale. */
function Documents({ lifecycle: lc }: { lifecycle: Lifecycle }) {
  const { t } = useTranslation();
  const { erasureProtocol, saleReceipt } = lc.documents;
  if (!erasureProtocol && !saleReceipt) return null;
  const buyer = lc.sale?.buyer;
  const saleLabel =
    buyer?.kind === 'person' ? (buyer.proof.kind === 'invoice' ? t('assets.asset.invoicePdf') : t('assets.asset.receiptPdf')) : t('assets.asset.salePdf');
  return (
    <Section id="asset-documents" title={t('assets.asset.documents')}>
      <ul style={{ margin: 0, paddingLeft: '1.25rem' }}>
        {erasureProtocol && (
          <li>
            <Anchor href={erasureProtocol}>{t('assets.asset.erasureProtocol')}</Anchor>
          </li>
        )}
        {saleReceipt && (
          <li>
            <Anchor href={saleReceipt}>{saleLabel}</Anchor>
          </li>
        )}
      </ul>
    </Section>
  );
}

/** The people an asset's page can name (holder, last holder, buyer): the history records only their ids. */
function knownPeople(a: AssetDetail): Map<string, string> {
  const names = new Map<string, string>();
  if (a.holderPersonId && a.holderName) names.set(a.holderPersonId, a.holderName);
  const last = a.lifecycle?.lastHolder;
  if (last?.name) names.set(last.personId, last.name);
  const buyer = a.lifecycle?.sale?.buyer;
  if (buyer?.kind === 'person' && buyer.name) names.set(buyer.personId, buyer.name);
  return names;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A value of a history change, readable: units and known people by name, dates as dates, the erasure's
 * eraser and the sale's buyer in words, nothing as a dash.
 */
function useChangeValue(people: Map<string, string>) {
  const { t } = useTranslation();
  const locale = useLocale();
  const units = useAllUnits();
  return (key: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return t('app.none');
    if (key === 'unitId' && typeof v === 'string') return units.data?.items.find((u) => u.id === v)?.name ?? v;
    if ((key === 'holder' || key === 'holderPersonId') && typeof v === 'string') return people.get(v) ?? t('assets.asset.somePerson');
    if (key === 'status' && typeof v === 'string' && isAssetStatus(v)) return t(`assets.statuses.${v}`);
    if ((key === 'amount' || key === 'priceOre') && typeof v === 'number') return formatSek(v, locale);
    if (key === 'by' && isRecord(v)) return `${String(v.name)} (${t(`assets.asset.erasers.${String(v.kind)}`, { defaultValue: String(v.kind) })})`;
    if (key === 'buyer' && isRecord(v)) {
      if (v.kind === 'partner') return t('assets.asset.buyerPartner', { partner: String(v.partner), batch: String(v.batch) });
      const proof = isRecord(v.proof)
        ? t('assets.asset.proofRef', {
            kind: t(`assets.asset.proofs.${String(v.proof.kind)}`, { defaultValue: String(v.proof.kind) }),
            reference: String(v.proof.reference),
          })
        : '';
      const name = typeof v.personId === 'string' ? (people.get(v.personId) ?? t('assets.asset.somePerson')) : '';
      return [name, proof].filter(Boolean).join(', ');
    }
    if (typeof v === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return JSON.stringify(v);
  };
}

/**
 * The changes an event records: the event's own data (`{ key: value }`) and the register's columns it
 * changed (`{ key: [before, after] }`). The holder's id is shown once, as the change of holder.
 */
function Changes({ changes, people }: { changes: Record<string, unknown>; people: Map<string, string> }) {
  const { t } = useTranslation();
  const show = useChangeValue(people);
  const entries = historyEntries(changes);
  if (entries.length === 0) return null;
  return (
    <ul style={{ margin: '0.25rem 0 0', paddingLeft: '1.25rem' }}>
      {entries.map((e) => (
        <li key={e.kind === 'change' ? e.key : e.kind}>
          <Text size="sm" component="span">
            {e.kind === 'selfService' ? (
              t('assets.asset.selfService')
            ) : e.kind === 'fromOrder' ? (
              t('assets.asset.fromOrder', { number: e.number })
            ) : (
              <>
                {t(`assets.asset.changeLabels.${e.key}`, { defaultValue: t('assets.asset.changeLabels.other') })}:{' '}
                {Array.isArray(e.value) && e.value.length === 2
                  ? t('assets.asset.changeFromTo', { from: show(e.key, e.value[0]), to: show(e.key, e.value[1]) })
                  : show(e.key, e.value)}
              </>
            )}
          </Text>
        </li>
      ))}
    </ul>
  );
}

/** The asset's history as a timeline, oldest first: what happened, on which day, the status it left and reached. */
function History({ history, people }: { history: AssetHistoryEvent[]; people: Map<string, string> }) {
  const { t } = useTranslation();
  const statusName = (s: string | null) => (s && isAssetStatus(s) ? t(`assets.statuses.${s}`) : (s ?? ''));
  const ordered = [...history].sort((x, y) => (x.occurredOn === y.occurredOn ? x.at.localeCompare(y.at) : x.occurredOn.localeCompare(y.occurredOn)));
  return (
    <Section id="asset-history" title={t('assets.asset.history')}>
      {ordered.length === 0 ? (
        <EmptyState>{t('assets.asset.noHistory')}</EmptyState>
      ) : (
        <ol
          aria-label={t('assets.asset.historyLabel')}
          style={{ listStyle: 'none', margin: 0, padding: 0, borderLeft: '2px solid var(--mantine-color-gray-4)' }}
        >
          {ordered.map((h) => (
            <li key={h.id} style={{ position: 'relative', padding: '0 0 1rem 1.25rem' }}>
              <span
                aria-hidden
                style={{ position: 'absolute', left: -7, top: 6, width: 12, height: 12, borderRadius: '50%', background: 'var(--mantine-color-blue-6)' }}
              />
              <Group gap="xs" wrap="wrap" align="baseline">
                <Text fw={600} component="span">
                  {t(`assets.events.${h.kind}`, { defaultValue: h.kind })}
                </Text>
                <Text size="sm" c="dimmed" component="span">
                  <time dateTime={h.occurredOn} title={formatDateTime(h.at)}>
                    {formatDate(h.occurredOn)}
                  </time>
                </Text>
                {h.toStatus && h.fromStatus !== h.toStatus && (
                  <Text size="sm" component="span">
                    {h.fromStatus ? t('assets.asset.statusChange', { from: statusName(h.fromStatus), to: statusName(h.toStatus) }) : statusName(h.toStatus)}
                  </Text>
                )}
              </Group>
              <Changes changes={h.changes} people={people} />
              {h.note && (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {h.note}
                </Text>
              )}
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}

/**
 * R-5.1 self-service: a unit's manager (or an administrator) changes holder, location and unit when
 * staff leave or move. Only what changed is sent (PATCH with the version; 409 when someone was first).
 */
function EditDialog({ asset, onClose, onDone }: { asset: AssetDetail; onClose: () => void; onDone: (a: Asset) => Promise<void> }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const [holderPersonId, setHolder] = useState(asset.holderPersonId ?? '');
  const [location, setLocation] = useState(asset.location);
  const [unitId, setUnit] = useState(asset.unitId);
  const [version, setVersion] = useState(asset.version);
  const [nothing, setNothing] = useState(false);
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.patch<Asset>(`/api/v1/assets/${asset.id}`, body),
    onSuccess: async (a) => {
      await onDone(a);
      onClose();
    },
  });
  const { errors, known } = placeProblems(save.error, locale, { holderPersonId: ['holderPersonId'], location: ['location'], unitId: ['unitId'] });
  const fieldLabels = useAssetFieldLabels();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = { version };
    if ((holderPersonId || null) !== asset.holderPersonId) body.holderPersonId = holderPersonId || null;
    if (location.trim() !== asset.location) body.location = location.trim();
    if (unitId && unitId !== asset.unitId) body.unitId = unitId;
    const changed = Object.keys(body).length > 1;
    setNothing(!changed);
    if (changed) save.mutate(body);
  };
  return (
    <Modal opened onClose={onClose} title={t('assets.asset.editTitle')} size="lg">
      <form onSubmit={submit} noValidate aria-label={t('assets.asset.editTitle')}>
        <Stack>
          <Text size="sm">{t('assets.asset.editHelp')}</Text>
          <StaleAlert<{ version: number }>
            error={save.error}
            onReload={(current) => {
              setVersion(current.version);
              save.reset();
              void queryClient.invalidateQueries({ queryKey: assetKeys.one(asset.id) });
            }}
          />
          <ProblemAlert error={save.error} knownFields={known} labels={fieldLabels} />
          {nothing && (
            <Alert color="gray" role="status">
              {t('assets.asset.nothingChanged')}
            </Alert>
          )}
          <PersonPicker
            municipalityId={asset.municipalityId}
            value={holderPersonId}
            onChange={setHolder}
            current={asset.holderPersonId && asset.holderName ? { id: asset.holderPersonId, name: asset.holderName } : null}
            label={t('assets.holder')}
            searchLabel={t('assets.event.holderSearch')}
            searchHelp={t('assets.event.holderSearchHelp')}
            noneLabel={t('assets.noHolder')}
            error={errors.holderPersonId}
          />
          <TextInput
            label={t('assets.location')}
            maxLength={200}
            value={location}
            error={errors.location}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setLocation(v);
            }}
          />
          <UnitSelect municipalityId={asset.municipalityId} label={t('assets.costBearer')} value={unitId} error={errors.unitId} onChange={setUnit} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('app.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
