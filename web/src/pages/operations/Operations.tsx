import { Alert, Anchor, Button, Group, Stack, Table, Tabs, Text } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { ListTable } from '../../components/ListPage.tsx';
import { PageHeader } from '../../components/common.tsx';
import { formatDateTime, formatList } from '../../format.ts';
import {
  currentYear,
  formatMinutes,
  publicAtomHref,
  publicEmbedHref,
  publicPageHref,
  useItFunctions,
  useOperationsMessages,
  useOutages,
} from '../../operations/model.ts';
import { useLocale, useMunicipalities, useSession } from '../../session.tsx';
import type { Translate } from '../../texts.ts';
import type { ItFunction, OperationsMessage, SessionUser } from '../../types.ts';
import { Section } from '../billing/parts.tsx';
import { AvailabilityTab } from './Availability.tsx';
import { TemplatesTab } from './IncidentReports.tsx';
import { WindowsTab } from './Windows.tsx';
import { FunctionDialog, MessageDialog, OutageDialog, ResolveDialog, WithdrawDialog } from './dialogs.tsx';
import { MessageStateBadge, OngoingBadge, YearAndMunicipality } from './parts.tsx';

/** The page's tabs, as the address names them. */
const TABS = ['avbrott', 'tillganglighet', 'driftmeddelanden', 'servicefonster', 'it-funktioner', 'incidentrapporter'] as const;
export type OperationsTab = (typeof TABS)[number];

/** The tab, the year and the municipality live in the address, so a report can be bookmarked and shared. */
export interface OperationsSearch {
  flik?: OperationsTab;
  ar?: number;
  kommun?: string;
  period?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function validateOperationsSearch(search: Record<string, unknown>): OperationsSearch {
  const out: OperationsSearch = {};
  if (typeof search.flik === 'string' && (TABS as readonly string[]).includes(search.flik)) out.flik = search.flik as OperationsTab;
  const year = Number(search.ar);
  if (Number.isInteger(year) && year >= 2000 && year <= 2100) out.ar = year;
  if (typeof search.kommun === 'string' && UUID.test(search.kommun)) out.kommun = search.kommun;
  if (typeof search.period === 'string' && /^[A-Za-z0-9-]{1,20}$/.test(search.period)) out.period = search.period;
  return out;
}

/** Which tabs the user sees: the server's policies for what each tab reads (the session's `can`). */
function tabsOf(user: SessionUser): OperationsTab[] {
  return TABS.filter((tab) => {
    switch (tab) {
      case 'avbrott':
        return user.can.readsOutages;
      case 'tillganglighet':
      case 'it-funktioner':
        return user.can.readsAvailability;
      case 'driftmeddelanden':
        return true;
      case 'servicefonster':
      case 'incidentrapporter':
        return user.can.readsOutages;
    }
  });
}

/**
 * "Drift och tillgänglighet" (issue 19, R-9): the outages of a year (IT staff), the availability
 * report against the target (IT staff, finance, unit managers), the operations messages published to
 * the organisation with links to each municipality's public page, and the IT functions measured. Each
 * tab, button and action is the server's to allow.
 */
export function OperationsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  if (!user.can.readsOutages && !user.can.readsAvailability) {
    return (
      <>
        <PageHeader title={t('operations.page.title')} />
        <Alert color="red" role="alert">
          <Text>{t('operations.noAccess')}</Text>
        </Alert>
      </>
    );
  }
  return <Operations />;
}

function Operations() {
  const { t } = useTranslation();
  const { user } = useSession();
  const search = useSearch({ from: '/drift-och-tillganglighet' });
  const navigate = useNavigate({ from: '/drift-och-tillganglighet' });
  const tabs = tabsOf(user);
  const tab = search.flik && tabs.includes(search.flik) ? search.flik : (tabs[0] ?? 'driftmeddelanden');
  const label: Record<OperationsTab, string> = {
    avbrott: t('operations.page.outages'),
    tillganglighet: t('operations.page.availability'),
    driftmeddelanden: t('operations.page.messages'),
    'it-funktioner': t('operations.page.functions'),
    servicefonster: t('operations.page.windows'),
    incidentrapporter: t('operations.page.reportTemplates'),
  };
  return (
    <>
      <PageHeader title={t('operations.page.title')} intro={t('operations.page.intro')} />
      <Tabs
        value={tab}
        onChange={(v) => {
          const next = tabs.find((x) => x === v);
          if (next) void navigate({ search: (s: OperationsSearch) => ({ ...s, flik: next === tabs[0] ? undefined : next }), replace: true });
        }}
        keepMounted={false}
      >
        <Tabs.List aria-label={t('operations.page.tabs')}>
          {tabs.map((x) => (
            <Tabs.Tab key={x} value={x}>
              {label[x]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="avbrott" pt="md">
          <OutagesTab />
        </Tabs.Panel>
        <Tabs.Panel value="tillganglighet" pt="md">
          <AvailabilityTab />
        </Tabs.Panel>
        <Tabs.Panel value="driftmeddelanden" pt="md">
          <MessagesTab />
        </Tabs.Panel>
        <Tabs.Panel value="servicefonster" pt="md">
          <WindowsTab />
        </Tabs.Panel>
        <Tabs.Panel value="it-funktioner" pt="md">
          <FunctionsTab />
        </Tabs.Panel>
        <Tabs.Panel value="incidentrapporter" pt="md">
          <TemplatesTab />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

// ---------------------------------------------------------------- outages

/** the outages touching the year, newest first: kind, functions, municipalities, start and length. */
function OutagesTab() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { user } = useSession();
  const search = useSearch({ from: '/drift-och-tillganglighet' });
  const year = search.ar ?? currentYear();
  const list = useOutages(year, user.municipalityId === null ? search.kommun : undefined);
  const [registering, setRegistering] = useState(false);
  const create = list.data?.actions.create;
  return (
    <Stack>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <YearAndMunicipality />
        {create?.allowed && <Button onClick={() => setRegistering(true)}>{t('operations.outages.register')}</Button>}
      </Group>
      <ListTable
        query={list}
        items={list.data?.items ?? []}
        empty={t('operations.outages.empty', { year })}
        label={t('operations.outages.tableLabel', { year })}
        caption
        minWidth={960}
        columns={[
          t('operations.outages.title'),
          t('operations.outages.kind'),
          t('operations.outages.functions'),
          t('operations.outages.municipalities'),
          { label: t('operations.outages.start'), minWidth: 150 },
          { label: t('operations.outages.duration'), numeric: true, minWidth: 120 },
        ]}
        row={(o) => (
          <Table.Tr key={o.id}>
            <Table.Th scope="row" fw="normal">
              <Group gap="xs" wrap="wrap">
                <AnchorLink to="/drift-och-tillganglighet/avbrott/$id" params={{ id: o.id }}>
                  {o.title}
                </AnchorLink>
                {o.ongoing && <OngoingBadge />}
              </Group>
            </Table.Th>
            <Table.Td>
              {t(`operations.kinds.${o.kind}`)}
              {o.incident && `, ${t('operations.outages.incident').toLocaleLowerCase(locale === 'en' ? 'en' : 'sv')}`}
            </Table.Td>
            <Table.Td>
              {o.functions.length === 0
                ? t('operations.outages.noFunctions')
                : formatList(
                    o.functions.map((f) => f.name),
                    locale,
                  )}
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
      {registering && <OutageDialog onClose={() => setRegistering(false)} />}
    </Stack>
  );
}

// ---------------------------------------------------------------- operations messages

/** When a message is about, as the public page says it. */
function messageTime(m: OperationsMessage, t: Translate): string {
  if (m.state === 'resolved' && m.resolvedAt) return t('operations.messages.resolvedAt', { at: formatDateTime(m.resolvedAt) });
  if (m.kind === 'planned' && m.expectedEndAt) {
    return t('operations.messages.fromTo', { start: formatDateTime(m.startsAt), end: formatDateTime(m.expectedEndAt) });
  }
  if (m.expectedEndAt) return t('operations.messages.sinceUntil', { start: formatDateTime(m.startsAt), end: formatDateTime(m.expectedEndAt) });
  return t('operations.messages.since', { start: formatDateTime(m.startsAt) });
}

type MessageDialogState = { kind: 'new' } | { kind: 'resolve' | 'withdraw'; message: OperationsMessage };

/**
 * R-9.4: the messages published to the organisation (going on, coming, and the last 90 days'), each
 * resolved or withdrawn as the server allows, and the public pages where they are read.
 */
function MessagesTab() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { user } = useSession();
  const list = useOperationsMessages();
  const municipalities = useMunicipalities();
  const [dialog, setDialog] = useState<MessageDialogState | null>(null);
  const close = () => setDialog(null);
  return (
    <Stack gap="xl">
      <Stack>
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Text>{t('operations.messages.intro')}</Text>
          {list.data?.actions.create.allowed && <Button onClick={() => setDialog({ kind: 'new' })}>{t('operations.messages.new')}</Button>}
        </Group>
        <ListTable
          query={list}
          items={list.data?.items ?? []}
          empty={t('operations.messages.empty')}
          label={t('operations.messages.tableLabel')}
          caption
          minWidth={1000}
          columns={[
            t('operations.messages.title'),
            t('operations.messages.kind'),
            t('operations.messages.state'),
            { label: t('operations.messages.when'), minWidth: 200 },
            t('operations.messages.municipalities'),
            t('operations.messages.actions'),
          ]}
          row={(m) => (
            <Table.Tr key={m.id}>
              <Table.Th scope="row" fw="normal">
                <Stack gap={2}>
                  <Text size="sm">{m.title}</Text>
                  {m.outageId && user.can.readsOutages && (
                    <AnchorLink
                      size="sm"
                      to="/drift-och-tillganglighet/avbrott/$id"
                      params={{ id: m.outageId }}
                      aria-label={`${t('operations.messages.ofOutage')}: ${m.title}`}
                    >
                      {t('operations.messages.ofOutage')}
                    </AnchorLink>
                  )}
                </Stack>
              </Table.Th>
              <Table.Td>{t(`operations.messageKinds.${m.kind}`)}</Table.Td>
              <Table.Td>
                <MessageStateBadge message={m} />
              </Table.Td>
              <Table.Td>{messageTime(m, t)}</Table.Td>
              <Table.Td>
                {formatList(
                  m.municipalities.map((x) => x.name),
                  locale,
                )}
              </Table.Td>
              <Table.Td>
                <Group gap="xs" wrap="wrap">
                  {m.permissions.resolve.allowed && (
                    <Button
                      size="compact-sm"
                      variant="default"
                      aria-label={t('operations.messages.resolveNamed', { title: m.title })}
                      onClick={() => setDialog({ kind: 'resolve', message: m })}
                    >
                      {t('operations.messages.resolve')}
                    </Button>
                  )}
                  {m.permissions.withdraw.allowed && (
                    <Button
                      size="compact-sm"
                      variant="default"
                      color="red"
                      aria-label={t('operations.messages.withdrawNamed', { title: m.title })}
                      onClick={() => setDialog({ kind: 'withdraw', message: m })}
                    >
                      {t('operations.messages.withdraw')}
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          )}
        />
      </Stack>
      <Section id="public-pages" title={t('operations.messages.publicPages')}>
        <Stack gap="sm">
          <Text size="sm">{t('operations.messages.publicIntro')}</Text>
          <ul style={{ margin: 0, paddingLeft: '1.25rem' }}>
            {(municipalities.data?.items ?? []).map((m) => (
              <li key={m.id}>
                <Group gap="md" wrap="wrap" role="group" aria-label={t('operations.messages.publicLinks', { municipality: m.name })}>
                  <Anchor href={publicPageHref(m.code)}>{t('operations.messages.publicPage', { municipality: m.name })}</Anchor>
                  <Anchor href={publicAtomHref(m.code)} aria-label={`${t('operations.messages.atom')}, ${m.name}`}>
                    {t('operations.messages.atom')}
                  </Anchor>
                  <Anchor href={publicEmbedHref(m.code)} aria-label={`${t('operations.messages.embedded')}, ${m.name}`}>
                    {t('operations.messages.embedded')}
                  </Anchor>
                </Group>
              </li>
            ))}
          </ul>
        </Stack>
      </Section>
      {dialog?.kind === 'new' && <MessageDialog onClose={close} />}
      {dialog?.kind === 'resolve' && <ResolveDialog message={dialog.message} onClose={close} />}
      {dialog?.kind === 'withdraw' && <WithdrawDialog message={dialog.message} onClose={close} />}
    </Stack>
  );
}

// ---------------------------------------------------------------- IT functions

/** the IT functions measured, per municipality; added and changed by those the server allows. */
function FunctionsTab() {
  const { t } = useTranslation();
  const locale = useLocale();
  const list = useItFunctions();
  const [dialog, setDialog] = useState<{ fn?: ItFunction } | null>(null);
  // The list's one permission: the server answers adding and changing by the same policy.
  const mayChange = list.data?.actions.create.allowed === true;
  return (
    <Stack>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Text>{t('operations.functions.intro')}</Text>
        {mayChange && <Button onClick={() => setDialog({})}>{t('operations.functions.add')}</Button>}
      </Group>
      <ListTable
        query={list}
        items={list.data?.items ?? []}
        empty={t('operations.functions.empty')}
        label={t('operations.functions.tableLabel')}
        caption
        minWidth={800}
        columns={[
          t('operations.functions.name'),
          t('operations.functions.description'),
          t('operations.functions.municipalities'),
          t('operations.functions.measured'),
          mayChange && t('operations.messages.actions'),
        ]}
        row={(f) => (
          <Table.Tr key={f.id}>
            <Table.Th scope="row" fw="normal">
              <Stack gap={2}>
                <Text size="sm">{f.name}</Text>
                {f.fromMission && (
                  <Text size="xs" c="dimmed">
                    {t('operations.functions.fromMission')}
                  </Text>
                )}
              </Stack>
            </Table.Th>
            <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{f.description || t('app.none')}</Table.Td>
            <Table.Td>
              {formatList(
                f.municipalities.map((m) => m.name),
                locale,
              )}
            </Table.Td>
            <Table.Td>{f.active ? t('app.yes') : t('app.no')}</Table.Td>
            {mayChange && (
              <Table.Td>
                <Button
                  size="compact-sm"
                  variant="default"
                  aria-label={t('operations.functions.editNamed', { name: f.name })}
                  onClick={() => setDialog({ fn: f })}
                >
                  {t('operations.functions.edit')}
                </Button>
              </Table.Td>
            )}
          </Table.Tr>
        )}
      />
      {dialog && <FunctionDialog {...(dialog.fn ? { fn: dialog.fn } : {})} onClose={() => setDialog(null)} />}
    </Stack>
  );
}
