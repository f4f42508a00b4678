import { Anchor, Badge, Button, Card, Group, List, NumberInput, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { api } from '../../api.ts';
import { AnchorLink } from '../../components/AnchorLink.tsx';
import { useTranslation } from 'react-i18next';
import { Loading, PageHeader, ProblemAlert } from '../../components/common.tsx';
import { formatDate, formatList, formatPercent, monthName } from '../../format.ts';
import { useMission } from '../../hooks.ts';
import { useLocale, useMunicipalities } from '../../session.tsx';
import type { MissionDocument, MissionSummaryList, MissionVersionDetail } from '../../types.ts';

// Not imported from src/mission/document.ts: that module pulls zod into the bundle.
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

export function MissionPage() {
  const { t } = useTranslation();
  const mission = useMission();
  return (
    <>
      <PageHeader
        title={mission.data ? t('mission.heading', { year: mission.data.year }) : t('mission.title')}
        intro={mission.data ? t('mission.inForce', { title: mission.data.title, date: formatDate(mission.data.effectiveFrom) }) : undefined}
      />
      {mission.isPending ? (
        <Loading />
      ) : mission.isError ? (
        <ProblemAlert error={mission.error} onRetry={() => void mission.refetch()} />
      ) : (
        <Stack>
          <MissionVersions inForceId={mission.data.id} />
          <MissionView doc={mission.data.document} />
        </Stack>
      )}
    </>
  );
}

/**
 * Issue 20: every published version and draft, and — for IT management — a new draft for a
 * year, copied from the newest published mission of that year or before.
 */
function MissionVersions({ inForceId }: { inForceId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['missions'], queryFn: ({ signal }) => api.get<MissionSummaryList>('/api/v1/missions', signal) });
  const [year, setYear] = useState<number | null>(null);
  const create = useMutation({
    mutationFn: (y: number) => api.post<MissionVersionDetail>('/api/v1/mission-drafts', { year: y }),
    onSuccess: (draft) => {
      void queryClient.invalidateQueries({ queryKey: ['missions'] });
      void navigate({ to: '/organisation/ramuppdrag/$id', params: { id: draft.id } });
    },
  });
  if (list.isPending) return <Loading />;
  if (list.isError) return <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />;
  const chosen = year ?? list.data.nextYear;
  const existing = list.data.drafts.find((d) => d.year === chosen);
  const rows = [...list.data.drafts, ...[...list.data.items].reverse()];
  return (
    <Section id="m-versions" title={t('mission.versions.heading')}>
      <Text size="sm" mb="sm">
        {t('mission.versions.intro')}
      </Text>
      <Table withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('mission.versions.titleColumn')}</Table.Th>
            <Table.Th scope="col">{t('mission.versions.effectiveFrom')}</Table.Th>
            <Table.Th scope="col">{t('mission.versions.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((v) => (
            <Table.Tr key={v.id}>
              <Table.Td>
                <AnchorLink to="/organisation/ramuppdrag/$id" params={{ id: v.id }}>
                  {v.title}
                  {v.revision > 1 ? ` (${t('mission.versions.revision', { revision: v.revision })})` : ''}
                </AnchorLink>
              </Table.Td>
              <Table.Td>{formatDate(v.effectiveFrom)}</Table.Td>
              <Table.Td>
                {v.status === 'draft' ? (
                  <Badge color="yellow">{t('mission.versions.draft')}</Badge>
                ) : v.id === inForceId ? (
                  <Badge color="green">{t('mission.versions.inForceNow')}</Badge>
                ) : (
                  t('mission.versions.publishedOn', { date: v.publishedAt ? formatDate(v.publishedAt.slice(0, 10)) : '' })
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.data.actions.createDraft.allowed && (
        <Stack mt="md" gap="xs">
          <Title order={3} size="h5">
            {t('mission.versions.createHeading')}
          </Title>
          <Text size="sm">{t('mission.versions.createIntro')}</Text>
          <Group align="flex-end">
            <NumberInput
              label={t('mission.versions.createYear')}
              value={chosen}
              min={2000}
              max={2100}
              allowDecimal={false}
              w={160}
              onChange={(v) => setYear(typeof v === 'number' ? v : null)}
            />
            {existing ? (
              <Button variant="light" onClick={() => void navigate({ to: '/organisation/ramuppdrag/$id', params: { id: existing.id } })}>
                {t('mission.versions.openDraft', { year: chosen })}
              </Button>
            ) : (
              <Button onClick={() => create.mutate(chosen)} loading={create.isPending}>
                {t('mission.versions.create')} {chosen}
              </Button>
            )}
          </Group>
          <ProblemAlert error={create.error} />
        </Stack>
      )}
    </Section>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card withBorder component="section" aria-labelledby={id}>
      <Title order={2} size="h3" id={id} mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

/** The mission document as read: hours, windows, targets, teams, intefunktion, survey and billing. */
export function MissionView({ doc }: { doc: MissionDocument }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const municipalities = useMunicipalities();
  const municipalityName = (code: string) => municipalities.data?.items.find((m) => m.code === code)?.name ?? code;
  const pct = (n: number) => formatPercent(n, locale);
  const cal = doc.calendar;
  const primary = cal.serviceWindows.primary;
  const secondary = cal.serviceWindows.secondary;
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Section id="m-hours" title={t('mission.openingHours')}>
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('mission.weekday')}</Table.Th>
                <Table.Th scope="col">{t('mission.hours')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {WEEKDAYS.map((d) => {
                const h = cal.openingHours[d];
                return (
                  <Table.Tr key={d}>
                    <Table.Th scope="row" fw={400} tt="capitalize">
                      {t(`mission.weekdays.${d}`)}
                    </Table.Th>
                    <Table.Td>{h ? `${h.open}–${h.close}` : t('mission.closed')}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
          <Text size="sm" mt="sm">
            {t('mission.closedDays', {
              types: formatList(
                cal.closedHolidayTypes.map((type) => t(`mission.holidayTypes.${type}`)),
                locale,
              ),
            })}
          </Text>
          <Anchor component={Link} to="/kalender" size="sm">
            {t('mission.seeCalendar')}
          </Anchor>
          {cal.extraClosedDays.length > 0 && (
            <>
              <Title order={3} size="h5" mt="sm">
                {t('mission.extraClosedDays')}
              </Title>
              <List size="sm">
                {cal.extraClosedDays.map((d) => (
                  <List.Item key={`${d.date}-${d.municipality ?? ''}`}>
                    {formatDate(d.date)}
                    {d.municipality ? ` (${municipalityName(d.municipality)})` : ''}: {d.reason}
                  </List.Item>
                ))}
              </List>
            </>
          )}
          {cal.changedHours.length > 0 && (
            <>
              <Title order={3} size="h5" mt="sm">
                {t('mission.changedHours')}
              </Title>
              <List size="sm">
                {cal.changedHours.map((d) => (
                  <List.Item key={`${d.date}-${d.municipality ?? ''}`}>
                    {formatDate(d.date)} {d.open}–{d.close}
                    {d.municipality ? ` (${municipalityName(d.municipality)})` : ''}: {d.reason}
                  </List.Item>
                ))}
              </List>
            </>
          )}
        </Section>
        <Stack>
          <Section id="m-windows" title={t('mission.serviceWindows')}>
            <List size="sm">
              <List.Item>
                {t('mission.primaryWindow', {
                  nth: primary.nthWeekdayOfMonth,
                  weekday: t(`mission.weekdays.${primary.weekday}`),
                  start: primary.start,
                  end: primary.end,
                })}
              </List.Item>
              <List.Item>
                {t('mission.secondaryWindow', { days: secondary.daysAfterPrimary, start: secondary.start, end: secondary.end })}
                {secondary.onlyWhenNeeded ? ` (${t('mission.onlyWhenNeeded')})` : ''}
              </List.Item>
            </List>
          </Section>
          <Section id="m-targets" title={t('mission.targets')}>
            <Table withTableBorder>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th scope="row">{t('mission.firstLineTarget')}</Table.Th>
                  <Table.Td>{pct(doc.support.firstLineResolutionTarget)}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">{t('mission.availabilityTarget')}</Table.Th>
                  <Table.Td>{pct(doc.availability.targetShare)}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">{t('mission.sampleShare')}</Table.Th>
                  <Table.Td>{pct(doc.support.survey.sampleShare)}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th scope="row">{t('mission.maxOutages')}</Table.Th>
                  <Table.Td>{doc.availability.maxOutagesPerYear}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </Section>
        </Stack>
      </SimpleGrid>
      <Section id="m-teams" title={t('mission.teams')}>
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('mission.code')}</Table.Th>
              <Table.Th scope="col">{t('mission.label')}</Table.Th>
              <Table.Th scope="col">{t('mission.lines')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {doc.teams.map((team) => (
              <Table.Tr key={team.code}>
                <Table.Td>{team.code}</Table.Td>
                <Table.Td>{team.name}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {team.lines.map((n) => (
                      <Badge key={n} color="blue" size="sm">
                        {n}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Section>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Section id="m-intefunktion" title={t('mission.intefunktion')}>
          <Text size="sm" mb="xs">
            {t('mission.intefunktionWithin', { days: doc.support.intefunktion.resolveWithinWorkingDays })}
          </Text>
          <List size="sm">
            {doc.support.intefunktion.functions.map((f) => (
              <List.Item key={f.code}>{f.label}</List.Item>
            ))}
          </List>
        </Section>
        <Section id="m-survey" title={t('mission.survey')}>
          <Text size="sm" mb="xs">
            {t('mission.surveySample', { share: pct(doc.support.survey.sampleShare), min: doc.support.survey.scale.min, max: doc.support.survey.scale.max })}
          </Text>
          <List size="sm" type="ordered">
            {doc.support.survey.questions.map((q) => (
              <List.Item key={q.code}>{q.text}</List.Item>
            ))}
          </List>
        </Section>
      </SimpleGrid>
      <Section id="m-billing" title={t('mission.billing')}>
        {doc.billing.schedules.length === 0 ? (
          <Text size="sm">{t('mission.noItems')}</Text>
        ) : (
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {doc.billing.schedules.map((s) => (
              <Card key={s.municipality} withBorder>
                <Title order={3} size="h4" mb="xs">
                  {municipalityName(s.municipality)}
                </Title>
                <List size="sm">
                  <List.Item>
                    {t('mission.periodic')}: {t(`mission.freq_${s.periodic.frequency}`)}
                    {s.periodic.internal ? ` (${t('mission.internal')})` : ''}; {t('mission.invoiceMonths').toLowerCase()}:{' '}
                    {s.periodic.invoiceMonths.map((m) => monthName(m, locale)).join(', ')}
                  </List.Item>
                  <List.Item>
                    {t('mission.continuous')}: {t(`mission.freq_${s.continuous.frequency}`)}
                  </List.Item>
                  <List.Item>
                    {t('mission.central')}: {monthName(s.central.invoiceMonth, locale)}
                  </List.Item>
                </List>
              </Card>
            ))}
          </SimpleGrid>
        )}
      </Section>
    </Stack>
  );
}
