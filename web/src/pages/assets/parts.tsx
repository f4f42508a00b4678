import { Badge, Group, NativeSelect, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, qs } from '../../api.ts';
import type { AssetStatus } from '../../assets/model.ts';
import { useAllUnits } from '../../hooks.ts';
import type { Texts } from '../../texts.ts';
import type { Locale, Person } from '../../types.ts';

const STATUS_COLOR: Record<AssetStatus, string> = {
  ordered: 'blue',
  active: 'green',
  returned: 'yellow',
  in_stock: 'cyan',
  retired: 'gray',
  erased: 'gray',
  sold: 'violet',
  recycled: 'gray',
  stolen: 'red',
  damaged: 'orange',
};

/** an asset's status as a badge, named in the UI language. */
export function AssetStatusBadge({ status }: { status: AssetStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" style={{ minWidth: 'max-content' }}>
      {t(`assets.statuses.${status}`, { defaultValue: status })}
    </Badge>
  );
}

/** One term and its description in a `<dl>` of facts. */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt style={{ fontWeight: 600 }}>{label}</dt>
      <dd style={{ margin: 0 }}>{children}</dd>
    </>
  );
}

export function FactList({ children, label }: { children: ReactNode; label?: string }) {
  return (
    <dl aria-label={label} style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: '1.5rem', rowGap: 4, margin: 0 }}>
      {children}
    </dl>
  );
}

/**
 * The server's field problems placed on the form's inputs: each input names the problem fields it shows
 * (exact, or a dotted path below one: `buyer` takes `buyer.proof.reference`). `known` is what the inputs
 * show, for ProblemAlert to leave out; everything else (e.g. `status`) is listed at the top.
 */
export function placeProblems(err: unknown, locale: Locale, inputs: Record<string, readonly string[]>): { errors: Record<string, string>; known: string[] } {
  const errors: Record<string, string> = {};
  const known: string[] = [];
  if (!(err instanceof ApiError)) return { errors, known };
  for (const p of err.problem.errors) {
    const reason = locale === 'sv' && p.reasonSv ? p.reasonSv : p.reason;
    const input = Object.entries(inputs).find(([, fields]) => fields.some((f) => p.field === f || p.field.startsWith(`${f}.`)))?.[0];
    if (input === undefined) continue;
    errors[input] = errors[input] ? `${errors[input]}; ${reason}` : reason;
    known.push(p.field);
  }
  return { errors, known };
}

/**
 * Issue 16 ("Fält: erasure.serial / location"): the Swedish names of the asset forms' fields by the
 * server's field paths, for problems a form lists at its top (ProblemAlert `labels`).
 */
export function useAssetFieldLabels(): Record<string, string> {
  const { t } = useTranslation();
  const l = (key: keyof Texts['assets']['asset']['changeLabels']) => t(`assets.asset.changeLabels.${key}`);
  return {
    serial: l('serial'),
    'erasure.serial': l('serial'),
    'erasure.by': l('by'),
    erasedBy: l('by'),
    'erasedBy.kind': l('by'),
    'erasure.method': l('method'),
    method: l('method'),
    'erasure.erasedOn': t('assets.event.date'),
    date: t('assets.event.date'),
    note: l('note'),
    location: l('location'),
    unitId: l('unitId'),
    holder: l('holder'),
    holderPersonId: l('holderPersonId'),
    buyer: l('buyer'),
    'buyer.role': l('buyer'),
    'buyer.proof': l('buyer'),
    'buyer.proof.reference': l('buyer'),
    'buyer.personId': l('buyer'),
    policeReport: l('policeReport'),
    reference: l('reference'),
    amount: l('amount'),
    priceOre: l('priceOre'),
    bindingMonths: l('bindingMonths'),
    deliveredOn: l('deliveredOn'),
    status: l('status'),
    model: l('model'),
  };
}

export function personLabel(p: Pick<Person, 'firstName' | 'lastName' | 'email'>): string {
  return p.email ? `${p.firstName} ${p.lastName} (${p.email})` : `${p.firstName} ${p.lastName}`;
}

/**
 * Choose a person of a municipality: a search box and the matches in a native select (keyboard and
 * screen-reader friendly). `current` keeps the person already chosen (e.g. the holder) selectable.
 */
export function PersonPicker({
  municipalityId,
  value,
  onChange,
  current,
  label,
  searchLabel,
  searchHelp,
  noneLabel,
  error,
}: {
  municipalityId: string | undefined;
  value: string;
  onChange: (personId: string) => void;
  current?: { id: string; name: string } | null | undefined;
  label: string;
  searchLabel: string;
  searchHelp: string;
  noneLabel: string;
  error?: string | undefined;
}) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const people = useQuery({
    enabled: q.length >= 2,
    queryKey: ['people', 'picker', municipalityId ?? 'any', q],
    queryFn: ({ signal }) => api.get<{ items: Person[] }>(`/api/v1/people${qs({ municipalityId, q, limit: 20 })}`, signal),
  });
  const found = q.length >= 2 ? (people.data?.items ?? []) : [];
  const options = [
    { value: '', label: noneLabel },
    ...(current && !found.some((p) => p.id === current.id) ? [{ value: current.id, label: current.name }] : []),
    ...found.map((p) => ({ value: p.id, label: personLabel(p) })),
  ];
  return (
    <Group align="flex-start" grow>
      <TextInput
        label={searchLabel}
        description={searchHelp}
        type="search"
        maxLength={100}
        value={search}
        onChange={(e) => {
          const v = e.currentTarget.value;
          setSearch(v);
        }}
      />
      <NativeSelect
        label={label}
        data={options}
        value={options.some((o) => o.value === value) ? value : ''}
        error={error}
        onChange={(e) => {
          const v = e.currentTarget.value;
          onChange(v);
        }}
      />
    </Group>
  );
}

/** The active units of a municipality (or all the user sees), as "Name (CODE)", sorted by name. */
export function useUnitOptions(municipalityId: string | undefined) {
  const units = useAllUnits();
  const items = (units.data?.items ?? [])
    .filter((u) => u.active && (!municipalityId || u.municipalityId === municipalityId))
    .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  return { query: units, options: items.map((u) => ({ value: u.id, label: `${u.name} (${u.code})` })) };
}

/** A native select of a municipality's units. */
export function UnitSelect({
  municipalityId,
  value,
  onChange,
  label,
  error,
  emptyLabel,
}: {
  municipalityId: string | undefined;
  value: string;
  onChange: (id: string) => void;
  label: string;
  error?: string | undefined;
  emptyLabel?: string;
}) {
  const { t } = useTranslation();
  const { query, options } = useUnitOptions(municipalityId);
  return (
    <NativeSelect
      label={label}
      data={[{ value: '', label: emptyLabel ?? t('assets.chooseUnit') }, ...options]}
      value={value}
      error={error}
      disabled={query.isPending}
      onChange={(e) => {
        const v = e.currentTarget.value;
        onChange(v);
      }}
    />
  );
}
