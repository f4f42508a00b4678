import { Stack, Table, Title } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useReviewOverview } from '../../agreements/model.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { ListTable } from '../../components/ListPage.tsx';
import { MunicipalitySelect } from '../../components/MunicipalitySelect.tsx';
import { Loading, PageHeader, ProblemAlert } from '../../components/common.tsx';
import { formatClock, formatInstantLong } from '../../format.ts';
import { useLocale, useMunicipalities, useSession } from '../../session.tsx';
import type { ApplicationHead, Review } from '../../types.ts';
import { Section } from '../billing/parts.tsx';
import { NextReview } from './parts.tsx';

export interface ReviewsSearch {
  kommun?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function validateReviewsSearch(search: Record<string, unknown>): ReviewsSearch {
  return typeof search.kommun === 'string' && UUID.test(search.kommun) ? { kommun: search.kommun } : {};
}

/**
 * "Avtalsgenomgångar" (issue 18, R-7.4): per municipality, the applications whose yearly review is
 * overdue or due soon (earliest first), and the reviews booked.
 */
export function ReviewsPage() {
  // The menu shows the page from the session's permission; the answer itself is the reader's share (a system owner's own, say).
  return <Reviews />;
}

function Reviews() {
  const { t } = useTranslation();
  const { user } = useSession();
  const search = useSearch({ from: '/applikationer/genomgangar' });
  const navigate = useNavigate({ from: '/applikationer/genomgangar' });
  const spansBoth = user.municipalityId === null;
  const overview = useReviewOverview(spansBoth ? search.kommun : undefined);
  const municipalities = useMunicipalities();
  const shown = (municipalities.data?.items ?? []).filter((m) => (spansBoth ? !search.kommun || m.id === search.kommun : m.id === user.municipalityId));
  return (
    <>
      <PageHeader title={t('agreements.reviews.pageTitle')} intro={t('agreements.reviews.intro')} />
      <Stack gap="xl">
        {spansBoth && (
          <MunicipalitySelect
            allowAll
            label={t('agreements.list.municipality')}
            value={search.kommun ?? ''}
            onChange={(id) => void navigate({ search: id ? { kommun: id } : {}, replace: true })}
          />
        )}
        {overview.isPending || municipalities.isPending ? (
          <Loading />
        ) : overview.isError ? (
          <ProblemAlert error={overview.error} onRetry={() => void overview.refetch()} />
        ) : municipalities.isError ? (
          <ProblemAlert error={municipalities.error} onRetry={() => void municipalities.refetch()} />
        ) : (
          shown.map((m) => (
            <Municipality
              key={m.id}
              code={m.code}
              name={m.name}
              due={overview.data.due.filter((a) => a.municipalityId === m.id)}
              booked={overview.data.booked.filter((r) => r.municipalityId === m.id)}
            />
          ))
        )}
      </Stack>
    </>
  );
}

function Municipality({ code, name, due, booked }: { code: string; name: string; due: ApplicationHead[]; booked: Review[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Section id={`reviews-${code}`} title={name}>
      <Stack gap="lg">
        {/* Headings, not regions: every municipality has the same two (axe landmark-unique); each table is named in full. */}
        <div>
          <Title order={3} size="h4" mb="sm">
            {t('agreements.reviews.due')}
          </Title>
          <ListTable
            items={due}
            empty={t('agreements.reviews.noneDue')}
            label={t('agreements.reviews.dueLabel', { municipality: name })}
            minWidth={520}
            columns={[t('agreements.list.name'), { label: t('agreements.list.nextReview'), minWidth: 220 }]}
            row={(a) => (
              <Table.Tr key={a.id}>
                <Table.Th scope="row" fw="normal">
                  <AnchorLink to="/applikationer/$id" params={{ id: a.id }} search={{}}>
                    {a.name}
                  </AnchorLink>
                </Table.Th>
                <Table.Td>
                  <NextReview on={a.nextReviewOn} state={a.reviewState} />
                </Table.Td>
              </Table.Tr>
            )}
          />
        </div>
        <div>
          <Title order={3} size="h4" mb="sm">
            {t('agreements.reviews.booked')}
          </Title>
          <ListTable
            items={booked}
            empty={t('agreements.reviews.noneBooked')}
            label={t('agreements.reviews.bookedLabel', { municipality: name })}
            minWidth={720}
            columns={[t('agreements.list.name'), t('agreements.reviews.when'), t('agreements.reviews.place'), t('agreements.reviews.invitees')]}
            row={(r) => (
              <Table.Tr key={r.id}>
                <Table.Th scope="row" fw="normal">
                  <AnchorLink to="/applikationer/$id" params={{ id: r.applicationId }} search={{}}>
                    {r.applicationName}
                  </AnchorLink>
                </Table.Th>
                <Table.Td>
                  <time dateTime={r.startsAt}>
                    {t('agreements.reviews.whenText', { date: formatInstantLong(r.startsAt, locale), end: formatClock(r.endsAt) })}
                  </time>
                </Table.Td>
                <Table.Td>{r.place}</Table.Td>
                <Table.Td>{r.invitees.map((i) => i.name).join(', ')}</Table.Td>
              </Table.Tr>
            )}
          />
        </div>
      </Stack>
    </Section>
  );
}
