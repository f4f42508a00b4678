import { Alert, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { ScrollTable } from '../../components/ScrollTable.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert } from '../../components/common.tsx';
import { formatDate } from '../../format.ts';
import { useLocale } from '../../session.tsx';
import { capitalised, inSentence, useSite, whyNot, type Site, type SystemView } from '../../sites/model.ts';
import { Fact, FactList } from '../assets/parts.tsx';
import { Section } from '../billing/parts.tsx';
import { EditSiteDialog, EquipmentDialog, MeetingDialog, RackDialog, RemoveEquipmentDialog, RemoveRackDialog, SystemDialog } from './dialogs.tsx';
import { ShortfallList, Written, useHoursText } from './parts.tsx';

type Dialog =
  | { kind: 'edit' }
  | { kind: 'system'; system: SystemView }
  | { kind: 'rack' }
  | { kind: 'removeRack'; rack: Site['racks'][number] }
  | { kind: 'equipment' }
  | { kind: 'removeEquipment'; item: Site['equipment'][number] }
  | { kind: 'meeting' };

/**
 * One site (issue 22, R-12.1–R-12.4): what kind it is and where, how it is connected and who paid, the
 * units working there, its reserve power, cooling and fire protection against its kind's requirement
 * with IT's approvals kept by date, its cabinets and racks, the network equipment placed there and the
 * property owner's project meetings. What the user may change is the server's answer (`actions.edit`).
 */
export function SitePage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { id } = useParams({ from: '/platser/$id' });
  const query = useSite(id);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = () => setDialog(null);
  const back = (
    <AnchorLink to="/platser" search={{}}>
      {t('sites.site.back')}
    </AnchorLink>
  );

  if (query.isPending) return <Loading />;
  if (query.isError) {
    return (
      <>
        <PageHeader title={t('sites.nav.sites')} />
        <ProblemAlert error={query.error} onRetry={query.error instanceof ApiError && query.error.status === 404 ? undefined : () => void query.refetch()} />
        <Text mt="md">{back}</Text>
      </>
    );
  }
  const s = query.data;
  const edits = s.actions.edit.allowed;
  const refusal = edits ? null : whyNot(s.actions.edit, locale);
  return (
    <>
      <PageHeader title={s.name} intro={`${t(`sites.kinds.${s.kind}`)}, ${s.address}, ${s.municipality.name}`} actions={back} />
      <Stack gap="xl">
        {refusal && (
          <Alert color="gray" role="note">
            {t('sites.site.readOnly', { reason: refusal.replace(/[.]$/, '') })}
          </Alert>
        )}
        <ShortfallSummary site={s} />
        <Section id="site-facts" title={t('sites.site.facts')}>
          <Stack gap="sm">
            <FactList>
              <Fact label={t('sites.site.kind')}>{t(`sites.kinds.${s.kind}`)}</Fact>
              <Fact label={t('sites.site.address')}>{s.address}</Fact>
              <Fact label={t('sites.site.municipality')}>{s.municipality.name}</Fact>
              <Fact label={t('sites.site.note')}>
                <Written>{s.note}</Written>
              </Fact>
            </FactList>
            {edits && (
              <Group>
                <Button variant="default" onClick={() => setDialog({ kind: 'edit' })}>
                  {t('sites.site.edit')}
                </Button>
              </Group>
            )}
          </Stack>
        </Section>
        <Section id="site-connection" title={t('sites.site.connection')}>
          <FactList>
            <Fact label={t('sites.site.connectionKind')}>{capitalised(s.connectionText)}</Fact>
            <Fact label={t('sites.site.establishedOn')}>{s.connectionEstablishedOn ? formatDate(s.connectionEstablishedOn) : t('sites.site.unknownDate')}</Fact>
            <Fact label={t('sites.site.paidConnection')}>{t(`sites.payers.${s.paidConnection}`)}</Fact>
            <Fact label={t('sites.site.paidBuildingNetwork')}>{t(`sites.payers.${s.paidBuildingNetwork}`)}</Fact>
            <Fact label={t('sites.site.paidMaintenance')}>{t(`sites.payers.${s.paidMaintenance}`)}</Fact>
          </FactList>
        </Section>
        <Section id="site-units" title={t('sites.site.units')}>
          {s.units.length === 0 ? (
            <Text size="sm">{t('sites.site.noUnits')}</Text>
          ) : (
            <ul style={{ margin: 0, paddingLeft: '1.25rem' }}>
              {s.units.map((u) => (
                <li key={u.id}>{u.name}</li>
              ))}
            </ul>
          )}
        </Section>
        <Systems site={s} onEdit={edits ? (system) => setDialog({ kind: 'system', system }) : undefined} />
        <Approvals site={s} />
        <Racks
          site={s}
          onAdd={edits ? () => setDialog({ kind: 'rack' }) : undefined}
          onRemove={edits ? (rack) => setDialog({ kind: 'removeRack', rack }) : undefined}
        />
        <Equipment
          site={s}
          onAdd={edits ? () => setDialog({ kind: 'equipment' }) : undefined}
          onRemove={edits ? (item) => setDialog({ kind: 'removeEquipment', item }) : undefined}
        />
        <Meetings site={s} onAdd={edits ? () => setDialog({ kind: 'meeting' }) : undefined} />
      </Stack>
      {dialog?.kind === 'edit' && <EditSiteDialog site={s} onClose={close} />}
      {dialog?.kind === 'system' && <SystemDialog site={s} system={dialog.system} onClose={close} />}
      {dialog?.kind === 'rack' && <RackDialog site={s} onClose={close} />}
      {dialog?.kind === 'removeRack' && <RemoveRackDialog site={s} rack={dialog.rack} onClose={close} />}
      {dialog?.kind === 'equipment' && <EquipmentDialog site={s} onClose={close} />}
      {dialog?.kind === 'removeEquipment' && <RemoveEquipmentDialog site={s} item={dialog.item} onClose={close} />}
      {dialog?.kind === 'meeting' && <MeetingDialog site={s} onClose={close} />}
    </>
  );
}

/** R-12.4: whether the site meets its kind's requirement today, and if not every shortfall with its reason. */
function ShortfallSummary({ site }: { site: Site }) {
  const { t } = useTranslation();
  if (site.shortfalls.length === 0) {
    return (
      <Alert color="green" role="note">
        {t('sites.site.meetsRequirement')}
      </Alert>
    );
  }
  return (
    <Alert color="orange" role="note" title={t('sites.site.shortfallsTitle')}>
      <ShortfallList shortfalls={site.shortfalls} none="" />
    </Alert>
  );
}

/** A table of a site's records in its section, or the section's empty sentence, with its button under it. */
function PartTable({
  label,
  empty,
  count,
  minWidth,
  head,
  children,
  action,
}: {
  label: string;
  empty: string;
  count: number;
  minWidth: number;
  head: ReactNode;
  children: ReactNode;
  action?: ReactNode;
}) {
  return (
    <Stack gap="sm">
      {count === 0 ? (
        <EmptyState>{empty}</EmptyState>
      ) : (
        <ScrollTable label={label} minWidth={minWidth}>
          <Table striped withTableBorder>
            <caption className="visually-hidden">{label}</caption>
            <Table.Thead>
              <Table.Tr>{head}</Table.Tr>
            </Table.Thead>
            <Table.Tbody>{children}</Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {action && <Group>{action}</Group>}
    </Stack>
  );
}

/** R-12.3: each system against the kind's requirement — its state, IT's approval and its validity, what falls short. */
function Systems({ site, onEdit }: { site: Site; onEdit: ((system: SystemView) => void) | undefined }) {
  const { t } = useTranslation();
  const hours = useHoursText();
  const state = (v: SystemView): string => {
    if (!v.present) return t('sites.site.missing');
    const parts = [t('sites.site.present')];
    if (v.system === 'ups' && v.autonomyHours !== null) parts.push(hours(v.autonomyHours));
    if (v.system === 'diesel' && v.automatic !== null) parts.push(v.automatic ? t('sites.site.automaticYes') : t('sites.site.automaticNo'));
    if (v.description.trim()) parts.push(v.description.trim());
    return parts.join(', ');
  };
  return (
    <Section id="site-systems" title={t('sites.site.systems')}>
      <Stack gap="sm">
        <Text>
          <Text span fw={600}>
            {t('sites.site.requirement')}:
          </Text>{' '}
          {site.requirementText}
        </Text>
        <ScrollTable label={t('sites.site.systemsTable')} minWidth={900}>
          <Table striped withTableBorder>
            <caption className="visually-hidden">{t('sites.site.systemsTable')}</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('sites.site.system')}</Table.Th>
                <Table.Th scope="col">{t('sites.site.required')}</Table.Th>
                <Table.Th scope="col">{t('sites.site.state')}</Table.Th>
                <Table.Th scope="col" miw={200}>
                  {t('sites.site.approval')}
                </Table.Th>
                <Table.Th scope="col" miw={220}>
                  {t('sites.site.shortfall')}
                </Table.Th>
                {onEdit && <Table.Th scope="col">{t('sites.site.action')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {site.systems.map((v) => {
                const name = t(`sites.systems.${v.system}`);
                const falls = site.shortfalls.filter((f) => f.system === v.system);
                return (
                  <Table.Tr key={v.system}>
                    <Table.Th scope="row" fw="normal">
                      {name}
                    </Table.Th>
                    <Table.Td>{v.required ? t('sites.site.requiredYes') : t('sites.site.requiredNo')}</Table.Td>
                    <Table.Td>{state(v)}</Table.Td>
                    <Table.Td>
                      {v.approvedOn && v.basis ? (
                        <Stack gap={0}>
                          <Text size="sm">{t('sites.site.approvedOn', { date: formatDate(v.approvedOn), basis: t(`sites.basesInSentence.${v.basis}`) })}</Text>
                          {v.approvalValidUntil && (
                            <Text size="xs" c="dimmed">
                              {t('sites.site.validUntil', { date: formatDate(v.approvalValidUntil) })}
                            </Text>
                          )}
                        </Stack>
                      ) : (
                        t('sites.site.notApproved')
                      )}
                    </Table.Td>
                    <Table.Td>{falls.length === 0 ? t('sites.site.noShortfall') : falls.map((f) => capitalised(f.text)).join('. ')}</Table.Td>
                    {onEdit && (
                      <Table.Td>
                        <Button
                          size="compact-sm"
                          variant="default"
                          aria-label={
                            v.present ? t('sites.site.changeNamed', { system: inSentence(name) }) : t('sites.site.recordNamed', { system: inSentence(name) })
                          }
                          onClick={() => onEdit(v)}
                        >
                          {v.present ? t('sites.site.change') : t('sites.site.record')}
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </Stack>
    </Section>
  );
}

/** R-12.4: every approval IT has given, newest first, with its date, what it covered and on what basis. */
function Approvals({ site }: { site: Site }) {
  const { t } = useTranslation();
  return (
    <Section id="site-approvals" title={t('sites.site.approvals')}>
      <PartTable
        label={t('sites.site.approvalsTable')}
        empty={t('sites.site.approvalsEmpty')}
        count={site.approvals.length}
        minWidth={900}
        head={
          <>
            <Table.Th scope="col">{t('sites.site.approvalWhen')}</Table.Th>
            <Table.Th scope="col">{t('sites.site.approvalSystem')}</Table.Th>
            <Table.Th scope="col">{t('sites.site.approvalWhat')}</Table.Th>
            <Table.Th scope="col">{t('sites.site.approvalBasis')}</Table.Th>
            <Table.Th scope="col">{t('sites.site.approvalBy')}</Table.Th>
            <Table.Th scope="col">{t('sites.site.approvalNote')}</Table.Th>
          </>
        }
      >
        {site.approvals.map((a) => (
          <Table.Tr key={a.id}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              <time dateTime={a.approvedOn}>{formatDate(a.approvedOn)}</time>
            </Table.Td>
            <Table.Th scope="row" fw="normal">
              {t(`sites.systems.${a.system}`)}
            </Table.Th>
            <Table.Td>{a.what ? capitalised(a.what) : t('app.none')}</Table.Td>
            <Table.Td>{capitalised(a.basisText)}</Table.Td>
            <Table.Td>{a.approvedBy ?? t('app.none')}</Table.Td>
            <Table.Td>
              <Written>{a.note}</Written>
            </Table.Td>
          </Table.Tr>
        ))}
      </PartTable>
    </Section>
  );
}

function Racks({ site, onAdd, onRemove }: { site: Site; onAdd: (() => void) | undefined; onRemove: ((rack: Site['racks'][number]) => void) | undefined }) {
  const { t } = useTranslation();
  const date = (d: string | null) => (d ? formatDate(d) : t('app.none'));
  return (
    <Section id="site-racks" title={t('sites.site.racks')}>
      <PartTable
        label={t('sites.site.racksTable')}
        empty={t('sites.site.racksEmpty')}
        count={site.racks.length}
        minWidth={900}
        head={
          <>
            <Table.Th scope="col">{t('sites.site.rackName')}</Table.Th>
            <Table.Th scope="col">{t('sites.site.rackKind')}</Table.Th>
            <Table.Th scope="col">{t('sites.site.placement')}</Table.Th>
            <Table.Th scope="col">{t('sites.site.recommendedOn')}</Table.Th>
            <Table.Th scope="col">{t('sites.site.mountedOn')}</Table.Th>
            <Table.Th scope="col">{t('sites.site.note')}</Table.Th>
            {onRemove && <Table.Th scope="col">{t('sites.site.action')}</Table.Th>}
          </>
        }
        action={
          onAdd && (
            <Button variant="default" onClick={onAdd}>
              {t('sites.site.addRack')}
            </Button>
          )
        }
      >
        {site.racks.map((r) => (
          <Table.Tr key={r.id}>
            <Table.Th scope="row" fw="normal">
              {r.name}
            </Table.Th>
            <Table.Td>{t(`sites.rackKinds.${r.kind}`)}</Table.Td>
            <Table.Td>
              <Written>{r.placement}</Written>
            </Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{date(r.recommendedOn)}</Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{date(r.mountedOn)}</Table.Td>
            <Table.Td>
              <Written>{r.note}</Written>
            </Table.Td>
            {onRemove && (
              <Table.Td>
                <Button
                  size="compact-sm"
                  variant="default"
                  color="red"
                  aria-label={t('sites.site.removeRackNamed', { name: r.name })}
                  onClick={() => onRemove(r)}
                >
                  {t('sites.site.removeRack')}
                </Button>
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </PartTable>
    </Section>
  );
}

function Equipment({
  site,
  onAdd,
  onRemove,
}: {
  site: Site;
  onAdd: (() => void) | undefined;
  onRemove: ((item: Site['equipment'][number]) => void) | undefined;
}) {
  const { t } = useTranslation();
  return (
    <Section id="site-equipment" title={t('sites.site.equipment')}>
      <PartTable
        label={t('sites.site.equipmentTable')}
        empty={t('sites.site.equipmentEmpty')}
        count={site.equipment.length}
        minWidth={900}
        head={
          <>
            <Table.Th scope="col">{t('sites.site.serial')}</Table.Th>
            <Table.Th scope="col">{t('sites.site.model')}</Table.Th>
            <Table.Th scope="col">{t('sites.site.deviceType')}</Table.Th>
            <Table.Th scope="col">{t('sites.site.rack')}</Table.Th>
            <Table.Th scope="col">{t('sites.site.placedOn')}</Table.Th>
            <Table.Th scope="col">{t('sites.site.note')}</Table.Th>
            {onRemove && <Table.Th scope="col">{t('sites.site.action')}</Table.Th>}
          </>
        }
        action={
          onAdd && (
            <Button variant="default" onClick={onAdd}>
              {t('sites.site.placeEquipment')}
            </Button>
          )
        }
      >
        {site.equipment.map((e) => (
          <Table.Tr key={e.id}>
            <Table.Th scope="row" fw="normal" ff="monospace">
              <AnchorLink to="/inventarier/$id" params={{ id: e.assetId }}>
                {e.serial}
              </AnchorLink>
            </Table.Th>
            <Table.Td>{e.model}</Table.Td>
            <Table.Td>{capitalised(e.deviceTypeText)}</Table.Td>
            <Table.Td>{e.rackName ?? t('sites.site.noRack')}</Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(e.placedOn)}</Table.Td>
            <Table.Td>
              <Written>{e.note}</Written>
            </Table.Td>
            {onRemove && (
              <Table.Td>
                <Button
                  size="compact-sm"
                  variant="default"
                  color="red"
                  aria-label={t('sites.site.removeEquipmentNamed', { serial: e.serial })}
                  onClick={() => onRemove(e)}
                >
                  {t('sites.site.removeEquipment')}
                </Button>
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </PartTable>
    </Section>
  );
}

function Meetings({ site, onAdd }: { site: Site; onAdd: (() => void) | undefined }) {
  const { t } = useTranslation();
  return (
    <Section id="site-meetings" title={t('sites.site.meetings')}>
      <Stack gap="sm">
        <Text size="sm">{t('sites.site.meetingsIntro')}</Text>
        <PartTable
          label={t('sites.site.meetingsTable')}
          empty={t('sites.site.meetingsEmpty')}
          count={site.meetings.length}
          minWidth={700}
          head={
            <>
              <Table.Th scope="col">{t('sites.site.heldOn')}</Table.Th>
              <Table.Th scope="col">{t('sites.site.project')}</Table.Th>
              <Table.Th scope="col">{t('sites.site.outcome')}</Table.Th>
            </>
          }
          action={
            onAdd && (
              <Button variant="default" onClick={onAdd}>
                {t('sites.site.addMeeting')}
              </Button>
            )
          }
        >
          {site.meetings.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <time dateTime={m.heldOn}>{formatDate(m.heldOn)}</time>
              </Table.Td>
              <Table.Th scope="row" fw="normal">
                {m.project}
              </Table.Th>
              <Table.Td>
                <Written>{m.outcome}</Written>
              </Table.Td>
            </Table.Tr>
          ))}
        </PartTable>
      </Stack>
    </Section>
  );
}
