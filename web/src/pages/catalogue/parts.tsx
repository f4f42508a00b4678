import { Alert, Badge, Button, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { isCatalogueAdmin, itemPrices, usePriceLists, type PriceComponent } from '../../catalogue/model.ts';
import { ConfirmDialog } from '../../components/common.tsx';
import { formatSek, stockholmNow } from '../../format.ts';
import { useLocale, useSession } from '../../session.tsx';

/** "450,00 kr per månad" / "6 500,00 kr inköpspris + 50,00 kr per månad": an item's prices in kronor. */
export function PriceText({ item }: { item: Record<PriceComponent, number | null> }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const parts = itemPrices(item);
  if (parts.length === 0) return <>{t('app.none')}</>;
  // Each amount stays on one line; the parts may wrap between them.
  return (
    <>
      {parts.map((p, i) => (
        <span key={p.component}>
          {i > 0 && ' + '}
          <span style={{ whiteSpace: 'nowrap' }}>{t(`catalogue.components.${p.component}.amount`, { amount: formatSek(p.ore, locale) })}</span>
        </span>
      ))}
    </>
  );
}

/** A model's row header: its name (manufacturer and model) in bold, its description under it. */
export function ModelNameCell({ model }: { model: { manufacturer: string; model: string; description: string | null } }) {
  return (
    <Table.Th scope="row" fw="normal">
      <Text fw={600} size="sm">
        {model.manufacturer} {model.model}
      </Text>
      {model.description && (
        <Text size="xs" c="dimmed">
          {model.description}
        </Text>
      )}
    </Table.Th>
  );
}

export function LockedBadge() {
  const { t } = useTranslation();
  return (
    <Badge color="red" variant="light">
      {t('catalogue.lists.locked')}
    </Badge>
  );
}

/** The built-in 2023 list's prices are made up (Bilaga 2 is not public): nobody may take them for real. */
export function ExampleBadge() {
  const { t } = useTranslation();
  return (
    <Badge color="orange" variant="filled">
      {t('catalogue.lists.example')}
    </Badge>
  );
}

/**
 * Issue 16: a fresh install used in a later year has only the built-in 2023 prices and model range.
 * When this year has no price list, an administrator is told so and offered to copy the latest year
 * forward, year by year (each copy takes the year's model range along), after a confirmation.
 */
export function CopyForwardNotice() {
  const { t } = useTranslation();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const lists = usePriceLists();
  const [confirming, setConfirming] = useState(false);
  const thisYear = stockholmNow().year;
  const years = (lists.data?.items ?? []).map((l) => l.year);
  const latest = years.filter((y) => y < thisYear).sort((a, b) => b - a)[0];
  const copy = useMutation({
    mutationFn: async () => {
      for (let y = latest ?? thisYear; y < thisYear; y++) if (!years.includes(y + 1)) await api.post(`/api/v1/price-lists/${y}/copy`);
    },
    onSuccess: async () => {
      notifications.show({ color: 'green', message: t('catalogue.forward.done', { year: thisYear, from: latest }) });
      setConfirming(false);
      await queryClient.invalidateQueries({ queryKey: ['catalogue'] });
    },
  });
  if (!isCatalogueAdmin(user) || !lists.isSuccess || years.includes(thisYear) || latest === undefined) return null;
  const copied = Array.from({ length: thisYear - latest }, (_, i) => latest + 1 + i);
  return (
    <Alert color="orange" title={t('catalogue.forward.title', { year: thisYear })} mb="md">
      <Text size="sm" mb="sm">
        {t('catalogue.forward.body', { year: thisYear, latest })}
      </Text>
      <Button onClick={() => setConfirming(true)}>{t('catalogue.forward.action', { from: latest, year: thisYear })}</Button>
      {confirming && (
        <ConfirmDialog
          title={t('catalogue.forward.confirmTitle', { year: thisYear })}
          message={t('catalogue.forward.confirm', { count: copied.length, years: copied.join(', '), from: latest })}
          confirmLabel={t('catalogue.forward.action', { from: latest, year: thisYear })}
          action={copy}
          retryable
          onClose={() => setConfirming(false)}
        />
      )}
    </Alert>
  );
}
