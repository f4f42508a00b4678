import { Grid, Group, Stack, Text } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { EmptyState, Loading, PageHeader, ProblemAlert } from '../../components/common.tsx';
import { formatInstantLong, formatList } from '../../format.ts';
import { formatMinutes, useOutage } from '../../operations/model.ts';
import { useLocale } from '../../session.tsx';
import type { Outage } from '../../types.ts';
import { Fact, FactList } from '../assets/parts.tsx';
import { Section } from '../billing/parts.tsx';
import { EndDialog, OutageDialog, PublishDialog } from './dialogs.tsx';
import { IncidentReports } from './IncidentReports.tsx';
import { MessageStateBadge, OngoingBadge, PermissionButtons } from './parts.tsx';

type Dialog = 'edit' | 'publish' | 'end';

/**
 * One outage (issue 19, R-9.1– ): what, when and how long, the IT functions and municipalities
 * it took down, its cause, actions and internal note, the tickets it came from, the operations
 * messages published about it with their state, and the server's actions — publish a disruption,
 * end it (resolving its messages), change it — each allowed or refused with its reason.
 */
export function OutagePage() {
  const { t } = useTranslation();
  const { id } = useParams({ from: '/drift-och-tillganglighet/avbrott/$id' });
  const query = useOutage(id);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = () => setDialog(null);
  const back = (
    <AnchorLink to="/drift-och-tillganglighet" search={{}}>
      {t('operations.outage.back')}
    </AnchorLink>
  );

  if (query.isPending) return <Loading />;
  if (query.isError) {
    return (
      <>
        <PageHeader title={t('operations.page.outages')} />
        <ProblemAlert error={query.error} onRetry={query.error instanceof ApiError && query.error.status === 404 ? undefined : () => void query.refetch()} />
        <Text mt="md">{back}</Text>
      </>
    );
  }
  const outage = query.data;
  const p = outage.permissions;
  return (
    <>
      <PageHeader title={outage.title} intro={t('operations.outage.intro', { kind: t(`operations.kinds.${outage.kind}`) })} actions={back} />
      <Grid gutter="xl">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="xl">
            <Section id="outage-facts" title={t('operations.outage.facts')}>
              <Facts outage={outage} />
            </Section>
            <Section id="outage-tickets" title={t('operations.outage.tickets')}>
              {outage.tickets.length === 0 ? (
                <EmptyState>{t('operations.outage.noTickets')}</EmptyState>
              ) : (
                <ul style={{ margin: 0, paddingLeft: '1.25rem' }}>
                  {outage.tickets.map((tk) => (
                    <li key={tk.id}>
                      <AnchorLink to="/arende/$id" params={{ id: tk.id }}>
                        {t('operations.outage.ticketLink', { number: tk.number, subject: tk.subject })}
                      </AnchorLink>
                    </li>
                  ))}
                </ul>
              )}
            </Section>
            {outage.incident && <IncidentReports outage={outage} />}
            <Section id="outage-messages" title={t('operations.outage.messages')}>
              {outage.messages.length === 0 ? (
                <EmptyState>{t('operations.outage.noMessages')}</EmptyState>
              ) : (
                <ul style={{ margin: 0, paddingLeft: 0, listStyle: 'none' }}>
                  {outage.messages.map((m) => (
                    <li key={m.id}>
                      <Group gap="sm" wrap="wrap" py={4}>
                        <MessageStateBadge message={m} />
                        <Text size="sm">{m.title}</Text>
                      </Group>
                    </li>
                  ))}
                </ul>
              )}
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Section id="outage-actions" title={t('operations.outage.doWhat')}>
            <PermissionButtons
              id="outage-action"
              label={t('operations.outage.doWhat')}
              buttons={[
                {
                  key: 'publish',
                  text: outage.kind === 'unplanned' ? t('operations.outage.publishDisruption') : t('operations.outage.publishPlanned'),
                  permission: p.publish,
                  onClick: () => setDialog('publish'),
                },
                { key: 'end', text: t('operations.outage.endOutage'), permission: p.end, onClick: () => setDialog('end') },
                { key: 'edit', text: t('operations.outage.edit'), permission: p.edit, onClick: () => setDialog('edit') },
              ]}
            />
          </Section>
        </Grid.Col>
      </Grid>
      {dialog === 'edit' && <OutageDialog outage={outage} onClose={close} />}
      {dialog === 'publish' && <PublishDialog outage={outage} onClose={close} />}
      {dialog === 'end' && <EndDialog outage={outage} onClose={close} />}
    </>
  );
}

/** Text as written, line breaks kept; said plainly when nothing is written. */
function Written({ children }: { children: string }) {
  const { t } = useTranslation();
  return children.trim() ? <span style={{ whiteSpace: 'pre-wrap' }}>{children}</span> : <>{t('operations.outage.nothingWritten')}</>;
}

function Facts({ outage }: { outage: Outage }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const duration = formatMinutes(outage.minutes, t, locale);
  return (
    <FactList>
      <Fact label={t('operations.outage.kind')}>{t(`operations.kinds.${outage.kind}`)}</Fact>
      <Fact label={t('operations.outage.start')}>
        <time dateTime={outage.startsAt}>{formatInstantLong(outage.startsAt, locale)}</time>
      </Fact>
      <Fact label={t('operations.outage.end')}>
        {outage.endsAt ? (
          <time dateTime={outage.endsAt}>{formatInstantLong(outage.endsAt, locale)}</time>
        ) : (
          <Group gap="xs">
            <OngoingBadge />
            <Text size="sm" component="span">
              {t('operations.outage.stillOngoing')}
            </Text>
          </Group>
        )}
      </Fact>
      <Fact label={t('operations.outage.duration')}>{outage.ongoing ? t('operations.outage.durationSoFar', { duration }) : duration}</Fact>
      <Fact label={t('operations.outage.functions')}>
        {outage.functions.length === 0
          ? t('operations.outages.noFunctions')
          : formatList(
              outage.functions.map((f) => f.name),
              locale,
            )}
      </Fact>
      <Fact label={t('operations.outage.municipalities')}>
        {formatList(
          outage.municipalities.map((m) => m.name),
          locale,
        )}
      </Fact>
      <Fact label={t('operations.outage.incident')}>{outage.incident ? t('app.yes') : t('app.no')}</Fact>
      <Fact label={t('operations.outage.counts')}>{outage.countsAgainstCap ? t('app.yes') : t('app.no')}</Fact>
      {outage.plannedReason !== null && (
        <Fact label={t('operations.outage.plannedReason')}>
          <Written>{outage.plannedReason}</Written>
        </Fact>
      )}
      <Fact label={t('operations.outage.cause')}>
        <Written>{outage.cause}</Written>
      </Fact>
      <Fact label={t('operations.outage.actions')}>
        <Written>{outage.actions}</Written>
      </Fact>
      <Fact label={t('operations.outage.internalNote')}>
        <Written>{outage.internalNote}</Written>
      </Fact>
    </FactList>
  );
}
