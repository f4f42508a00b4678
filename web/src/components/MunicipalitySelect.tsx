import { NativeSelect } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useMunicipalities } from '../session.tsx';

/**
 * A native select of the municipalities the user may see (the API scopes the list, so a
 * municipality administrator is offered only their own). `allowAll` adds an empty "all" choice.
 */
export function MunicipalitySelect({
  value,
  onChange,
  allowAll = false,
  label,
  error,
  disabled,
}: {
  value: string;
  onChange: (id: string) => void;
  allowAll?: boolean;
  label?: string;
  error?: string | undefined;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const query = useMunicipalities();
  const items = query.data?.items ?? [];
  useEffect(() => {
    const first = items[0];
    if (!allowAll && !value && first) onChange(first.id);
  }, [allowAll, value, items, onChange]);
  const data = [...(allowAll ? [{ value: '', label: t('org.allMunicipalities') }] : []), ...items.map((m) => ({ value: m.id, label: m.name }))];
  return (
    <NativeSelect
      label={label ?? t('org.municipality')}
      data={data}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      disabled={disabled === true || query.isPending}
      maw={320}
    />
  );
}
