import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { itemPrices, type PriceComponent } from '../../catalogue/model.ts';
import { formatSek } from '../../format.ts';
import { useLocale } from '../../session.tsx';

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
