import { Alert, Anchor, Badge, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, fieldErrors, request } from '../../api.ts';
import { ConfirmDialog, Loading, PageHeader, ProblemAlert } from '../../components/common.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { useLocale } from '../../session.tsx';
import type { MissionDocument, MissionVersionDetail } from '../../types.ts';
import { MissionView } from './Mission.tsx';
import { MissionEditor } from './MissionEditor.tsx';

const DOCUMENT = 'document.';

/**
 * Issue 20 (R-8.4): one version of the mission. A draft is edited here (IT management), saved with every
 * problem named by its field, its generated "changes from the previous mission" shown and exported for
 * the boards' papers, and published once nothing blocks it; a published version is shown as it is.
 */
export function MissionVersionPage() {
  const { t } = useTranslation();
  const { id } = useParams({ from: '/organisation/ramuppdrag/$id' });
  const version = useQuery({
    queryKey: ['mission-version', id],
    queryFn: ({ signal }) => api.get<MissionVersionDetail>(`/api/v1/mission-versions/${id}`, signal),
  });
  if (version.isPending) return <Loading />;
  if (version.isError) {
    return (
      <>
        <PageHeader title={t('mission.title')} />
        <ProblemAlert error={version.error} onRetry={() => void version.refetch()} />
      </>
    );
  }
  return <VersionView key={`${version.data.id}:${version.data.version}`} version={version.data} />;
}

function VersionView({ version }: { version: MissionVersionDetail }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [doc, setDoc] = useState<MissionDocument>(version.document);
  const [dirty, setDirty] = useState(false);
  const [confirm, setConfirm] = useState<'publish' | 'discard' | null>(null);
  const draft = version.status === 'draft';
  const editable = draft && version.actions.edit.allowed;

  const refresh = (next: MissionVersionDetail) => {
    queryClient.setQueryData(['mission-version', next.id], next);
    void queryClient.invalidateQueries({ queryKey: ['missions'] });
  };
  const save = useMutation({
    mutationFn: () => request<MissionVersionDetail>('PUT', `/api/v1/mission-versions/${version.id}`, { version: version.version, document: doc }),
    onSuccess: (next) => {
      setDirty(false);
      notifications.show({ color: 'green', message: t('mission.editor.saved') });
      refresh(next);
    },
  });
  const publish = useMutation({
    mutationFn: () => api.post<MissionVersionDetail>(`/api/v1/mission-versions/${version.id}/publish`, { version: version.version }),
    onSuccess: (next) => {
      setConfirm(null);
      notifications.show({ color: 'green', message: t('mission.editor.published') });
      void queryClient.invalidateQueries({ queryKey: ['mission'] });
      refresh(next);
    },
  });
  const discard = useMutation({
    mutationFn: () => request<null>('DELETE', `/api/v1/mission-versions/${version.id}?version=${version.version}`),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('mission.editor.discarded') });
      void queryClient.invalidateQueries({ queryKey: ['missions'] });
      void navigate({ to: '/organisation/ramuppdrag' });
    },
  });
  // Warn before leaving with unsaved changes.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const errors = fieldErrors(save.error, locale, (f) => (f.startsWith(DOCUMENT) ? f.slice(DOCUMENT.length) : undefined));
  const stale = save.error instanceof ApiError && save.error.code === 'stale_version';
  const base = version.basedOn?.title ?? '';
  return (
    <>
      <PageHeader
        title={draft ? t('mission.editor.draftHeading', { title: version.title }) : t('mission.editor.publishedHeading', { title: version.title })}
        intro={
          draft
            ? t('mission.editor.draftIntro', { year: version.year, base, date: formatDate(version.effectiveFrom) })
            : t('mission.editor.publishedIntro', {
                published: version.publishedAt ? formatDateTime(version.publishedAt) : '',
                date: formatDate(version.effectiveFrom),
              })
        }
        actions={
          <Group>
            <Badge color={draft ? 'yellow' : 'green'} size="lg">
              {draft ? t('mission.versions.draft') : t('mission.versions.published')}
              {version.revision > 1 ? `, ${t('mission.versions.revision', { revision: version.revision })}` : ''}
            </Badge>
            <Anchor component={Link} to="/organisation/ramuppdrag">
              {t('mission.editor.back')}
            </Anchor>
          </Group>
        }
      />
      <Stack>
        <ChangesCard version={version} />
        {draft && <Blockers version={version} />}
        {editable ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate();
            }}
            aria-label={t('mission.editor.draftHeading', { title: version.title })}
          >
            <Stack>
              <SaveBar dirty={dirty} saving={save.isPending} />
              {stale ? (
                <Alert color="orange" role="alert">
                  {t('mission.editor.stale')}
                </Alert>
              ) : (
                save.error !== null && <ProblemAlert error={save.error} />
              )}
              <MissionEditor
                doc={doc}
                errors={errors}
                onChange={(next) => {
                  setDoc(next);
                  setDirty(true);
                }}
              />
              <SaveBar dirty={dirty} saving={save.isPending} />
            </Stack>
          </form>
        ) : draft ? (
          <>
            <Alert color="blue">{version.actions.edit.reasonSv}</Alert>
            <MissionView doc={version.document} />
          </>
        ) : (
          <MissionView doc={version.document} />
        )}
        {draft && (
          <Group>
            <Button onClick={() => setConfirm('publish')} disabled={!version.actions.publish.allowed || dirty}>
              {t('mission.editor.publish')}
            </Button>
            {version.actions.discard.allowed && (
              <Button variant="outline" color="red" onClick={() => setConfirm('discard')}>
                {t('mission.editor.discard')}
              </Button>
            )}
            {dirty && <Text size="sm">{t('mission.editor.unsaved')}</Text>}
          </Group>
        )}
      </Stack>
      {confirm === 'publish' && (
        <ConfirmDialog
          title={t('mission.editor.publishTitle', { title: version.title })}
          message={t('mission.editor.publishMessage', { date: formatDate(version.effectiveFrom) })}
          confirmLabel={t('mission.editor.publish')}
          action={publish}
          staleMessage={t('mission.editor.stale')}
          onClose={() => setConfirm(null)}
        />
      )}
      {confirm === 'discard' && (
        <ConfirmDialog
          title={t('mission.editor.discardTitle')}
          message={t('mission.editor.discardMessage', { year: version.year })}
          confirmLabel={t('mission.editor.discard')}
          action={discard}
          staleMessage={t('mission.editor.stale')}
          onClose={() => setConfirm(null)}
        />
      )}
    </>
  );
}

function SaveBar({ dirty, saving }: { dirty: boolean; saving: boolean }) {
  const { t } = useTranslation();
  return (
    <Group>
      <Button type="submit" loading={saving} disabled={!dirty}>
        {t('mission.editor.save')}
      </Button>
      {dirty && <Text size="sm">{t('mission.editor.unsaved')}</Text>}
    </Group>
  );
}

/** the generated change list, with the PDF and text for the board's papers. */
function ChangesCard({ version }: { version: MissionVersionDetail }) {
  const { t } = useTranslation();
  const text = [t('mission.editor.changes'), '', ...version.changes.map((c) => `– ${c.text}`)].join('\n');
  return (
    <Card withBorder component="section" aria-labelledby="m-changes">
      <Title order={2} size="h3" id="m-changes" mb="xs">
        {t('mission.editor.changes')}
      </Title>
      {version.basedOn ? (
        <Text size="sm" c="dimmed" mb="xs">
          {t('mission.editor.changesIntro', { base: version.basedOn.title })}
        </Text>
      ) : (
        <Text size="sm">{t('mission.editor.noBase')}</Text>
      )}
      {version.basedOn &&
        (version.changes.length === 0 ? (
          <Text size="sm">{t('mission.editor.noChanges')}</Text>
        ) : (
          <List size="sm" spacing={4} aria-label={t('mission.editor.changes')}>
            {version.changes.map((c, i) => (
              <List.Item key={i}>{c.text}</List.Item>
            ))}
          </List>
        ))}
      {version.basedOn && (
        <Group mt="sm">
          <Button component="a" variant="light" size="xs" href={`/api/v1/mission-versions/${version.id}/changes.pdf`}>
            {t('mission.editor.downloadPdf')}
          </Button>
          <Button component="a" variant="light" size="xs" href={`/api/v1/mission-versions/${version.id}/changes.txt`}>
            {t('mission.editor.downloadText')}
          </Button>
          <Button
            variant="subtle"
            size="xs"
            onClick={() => {
              void navigator.clipboard.writeText(text).then(() => notifications.show({ color: 'green', message: t('mission.editor.copied') }));
            }}
          >
            {t('mission.editor.copyText')}
          </Button>
        </Group>
      )}
    </Card>
  );
}

/** What stops publishing, each saying what to do; a missing board decision offers the way to the requests. */
function Blockers({ version }: { version: MissionVersionDetail }) {
  const { t } = useTranslation();
  if (version.blockers.length === 0) return null;
  const decisions = version.blockers.some((b) => b.field === null);
  return (
    <Alert color="yellow" title={t('mission.editor.blockersHeading')}>
      <List size="sm">
        {version.blockers.map((b, i) => (
          <List.Item key={i}>
            {b.label ? `${b.label}: ` : ''}
            {b.reasonSv}
          </List.Item>
        ))}
      </List>
      {decisions && (
        <Anchor component={Link} to="/utveckling" size="sm" mt="xs" display="inline-block">
          {t('mission.editor.toRequests')}
        </Anchor>
      )}
    </Alert>
  );
}
