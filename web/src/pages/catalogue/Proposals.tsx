import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { PricingProposal, PricingProposalList } from '../../../../src/catalogue/contract.ts';
import { api } from '../../api.ts';
import { ProblemAlert } from '../../components/common.tsx';
import { formatDate } from '../../format.ts';

/**
 * Issue 20: the new services of the year that wait for the service pricing group — shown on the
 * year's price list (and where the list is not made yet), each marked as priced once its article is in.
 */
export function PricingProposals({ year }: { year: number }) {
  const { t } = useTranslation();
  const proposals = useQuery({
    queryKey: ['pricing-proposals', year],
    queryFn: ({ signal }) => api.get<PricingProposalList>(`/api/v1/price-lists/${year}/proposals`, signal),
  });
  if (!proposals.data || proposals.data.items.length === 0) return null;
  const open = proposals.data.items.filter((p) => p.settledAt === null);
  if (open.length === 0) return null;
  return (
    <Alert color="yellow" title={t('catalogue.proposals.heading')}>
      <Stack gap="xs">
        <Text size="sm">{t('catalogue.proposals.intro')}</Text>
        <List size="sm" spacing="xs">
          {open.map((p) => (
            <List.Item key={p.id}>
              <Proposal proposal={p} year={year} settle={proposals.data.actions.settle.allowed} />
            </List.Item>
          ))}
        </List>
      </Stack>
    </Alert>
  );
}

function Proposal({ proposal, year, settle }: { proposal: PricingProposal; year: number; settle: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mark = useMutation({
    mutationFn: () => api.post<PricingProposal>(`/api/v1/pricing-proposals/${proposal.id}/settle`, { version: proposal.version }),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('catalogue.proposals.settled', { name: proposal.name }) });
      void queryClient.invalidateQueries({ queryKey: ['pricing-proposals', year] });
    },
  });
  return (
    <Stack gap={2}>
      <Group gap="sm">
        <Text fw={600} size="sm">
          {proposal.name}
        </Text>
        <Text size="sm" c="dimmed">
          {t('catalogue.proposals.from', { source: proposal.source })}
        </Text>
        {proposal.settledAt && <Text size="sm">{t('catalogue.proposals.settledOn', { date: formatDate(proposal.settledAt.slice(0, 10)) })}</Text>}
      </Group>
      {proposal.description && <Text size="sm">{proposal.description}</Text>}
      {settle && (
        <Group>
          <Button
            size="xs"
            variant="light"
            onClick={() => mark.mutate()}
            loading={mark.isPending}
            aria-label={t('catalogue.proposals.settle', { name: proposal.name })}
          >
            {t('catalogue.proposals.settleShort')}
          </Button>
        </Group>
      )}
      <ProblemAlert error={mark.error} />
    </Stack>
  );
}
