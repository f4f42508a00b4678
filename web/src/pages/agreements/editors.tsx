import { Alert, Box, Button, Group, NativeSelect, NumberInput, Radio, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import { agreementCost, splitProblems, type CostSplit } from '../../../../src/agreements/rules.ts';
import { sketchProblems } from '../../../../src/agreements/sketch-rules.ts';
import { ApiError } from '../../api.ts';
import {
  COST_HEADINGS,
  SKETCH_KINDS,
  isSketchKind,
  newComponentId,
  parsePercent,
  percentText,
  useSketchDrawing,
  type AgreementContent,
  type ApplicationKind,
  type Sketch,
  type SketchComponent,
  type SketchRelation,
} from '../../agreements/model.ts';
import { Loading, ProblemAlert } from '../../components/common.tsx';
import { formatInteger, formatSek } from '../../format.ts';
import { useLocale } from '../../session.tsx';
import type { Application, ApplicationInput, CostDriver, CostModel } from '../../types.ts';
import { PersonPicker, UnitSelect } from '../assets/parts.tsx';

/** A change of some values, and the paths whose own problems it takes away. */
export type Change<T> = (patch: Partial<T>, clear?: string[]) => void;
type Errors = Record<string, string | undefined>;

// ---------------------------------------------------------------- values as the forms hold them

export interface OwnerValues {
  personId: string;
  role: string;
}
export interface SplitRow {
  unitId: string;
  /** The share in per cent as typed ("33,33"). */
  share: string;
  /** The number of users as typed. */
  users: string;
}

/** The register's fields as a form holds them (text), R-7.1, R-7.2. */
export interface RegisterValues {
  name: string;
  kind: ApplicationKind;
  startsOn: string;
  nextReviewOn: string;
  systemOwnerPersonId: string;
  businessOwner: OwnerValues;
  technicalOwner: OwnerValues;
  informationOwner: OwnerValues;
  splitMode: 'share' | 'per_user';
  units: SplitRow[];
}

/** An agreement version's content as a form holds it; quantities as typed, by cost driver. */
export interface ContentValues {
  description: string;
  itResponsibilities: string;
  businessResponsibilities: string;
  quantities: Record<string, string>;
  sketch: Sketch;
}

export const OWNER_KEYS = ['businessOwner', 'technicalOwner', 'informationOwner'] as const;
type OwnerKey = (typeof OWNER_KEYS)[number];

const noOwner: OwnerValues = { personId: '', role: '' };
const ownerValues = (o: Application['businessOwner']): OwnerValues => (o ? { personId: o.personId ?? '', role: o.role } : noOwner);

export function emptyRegister(): RegisterValues {
  return {
    name: '',
    kind: 'agreement',
    startsOn: '',
    nextReviewOn: '',
    systemOwnerPersonId: '',
    businessOwner: noOwner,
    technicalOwner: noOwner,
    informationOwner: noOwner,
    splitMode: 'share',
    units: [{ unitId: '', share: '100', users: '' }],
  };
}

export function registerOf(app: Application, locale: string): RegisterValues {
  return {
    name: app.name,
    kind: app.kind,
    startsOn: app.startsOn ?? '',
    nextReviewOn: app.nextReviewOn ?? '',
    systemOwnerPersonId: app.systemOwner?.personId ?? '',
    businessOwner: ownerValues(app.businessOwner),
    technicalOwner: ownerValues(app.technicalOwner),
    informationOwner: ownerValues(app.informationOwner),
    splitMode: app.split.mode,
    units: app.split.units.map((u) => ({ unitId: u.unitId, share: percentText(u.shareBp, locale), users: u.users === null ? '' : String(u.users) })),
  };
}

export function emptyContent(): ContentValues {
  return { description: '', itResponsibilities: '', businessResponsibilities: '', quantities: {}, sketch: { components: [], relations: [] } };
}

export function contentOf(version: Application['agreement']): ContentValues {
  if (!version) return emptyContent();
  return {
    description: version.description,
    itResponsibilities: version.itResponsibilities,
    businessResponsibilities: version.businessResponsibilities,
    quantities: Object.fromEntries(Object.entries(version.quantities).map(([code, n]) => [code, String(n)])),
    sketch: version.sketch,
  };
}

const toOwner = (o: OwnerValues) => (o.personId === '' && o.role.trim() === '' ? null : { personId: o.personId || null, role: o.role.trim() });
const whole = (s: string): number | null => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : null);

/** The split as the API takes it: shares in basis points, or users. */
export function splitOf(v: Pick<RegisterValues, 'splitMode' | 'units'>): ApplicationInput['split'] {
  return {
    mode: v.splitMode,
    units: v.units.map((u) => ({
      unitId: u.unitId,
      shareBp: v.splitMode === 'share' ? parsePercent(u.share) : null,
      users: v.splitMode === 'per_user' ? whole(u.users) : null,
    })),
  };
}

/** The register's fields as the API takes them (POST and PATCH /applications). */
export function registerBody(v: RegisterValues) {
  return {
    name: v.name.trim(),
    kind: v.kind,
    startsOn: v.startsOn || null,
    nextReviewOn: v.nextReviewOn || null,
    systemOwnerPersonId: v.systemOwnerPersonId || null,
    businessOwner: toOwner(v.businessOwner),
    technicalOwner: toOwner(v.technicalOwner),
    informationOwner: toOwner(v.informationOwner),
    split: splitOf(v),
  };
}

/** The quantities as numbers, for the model's drivers only (the server refuses others), leaving out zeros. */
function quantitiesOf(v: ContentValues, drivers: readonly CostDriver[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of drivers) {
    const n = whole(v.quantities[d.code] ?? '');
    if (n !== null && n > 0) out[d.code] = n;
  }
  return out;
}

/** The content as the API takes it. */
export function contentBody(v: ContentValues, drivers: readonly CostDriver[]): AgreementContent {
  return {
    description: v.description.trim(),
    itResponsibilities: v.itResponsibilities.trim(),
    businessResponsibilities: v.businessResponsibilities.trim(),
    quantities: quantitiesOf(v, drivers),
    sketch: {
      components: v.sketch.components.map((c) => ({ ...c, name: c.name.trim() })),
      relations: v.sketch.relations.map((r) => ({ ...r, label: r.label.trim() })),
    },
  };
}

// ---------------------------------------------------------------- checks the web runs before sending

/**
 * The register's problems the form sees itself: shares that are not per cent with two decimals, users
 * that are not whole numbers, and the server's own split rule (shares adding up to exactly 100 %).
 */
export function registerProblems(v: RegisterValues, say: { share: string; users: string }): Record<string, string> {
  const problems: Record<string, string> = {};
  v.units.forEach((u, i) => {
    if (v.splitMode === 'share' && parsePercent(u.share) === null) problems[`units.${i}.share`] = say.share;
    if (v.splitMode === 'per_user' && whole(u.users) === null) problems[`units.${i}.users`] = say.users;
  });
  if (Object.keys(problems).length > 0) return problems;
  const split = splitOf(v);
  const rule: CostSplit =
    split.mode === 'share'
      ? { mode: 'share', units: split.units.map((u) => ({ unitId: u.unitId, shareBp: u.shareBp ?? 0 })) }
      : { mode: 'per_user', units: split.units.map((u) => ({ unitId: u.unitId, users: u.users ?? 0 })) };
  for (const p of splitProblems(rule)) {
    const path = p.field.replace(/\.shareBp$/, '.share');
    // A unit not chosen yet is the required check's, not "listed twice".
    if (/^units\.\d+\.unitId$/.test(path) && v.units[Number(path.split('.')[1])]?.unitId === '') continue;
    problems[path] ??= p.reasonSv;
  }
  return problems;
}

/** The content's problems the form sees itself: quantities that are not whole numbers, and the sketch rules. */
export function contentProblems(v: ContentValues, say: { quantity: string }): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const [code, text] of Object.entries(v.quantities)) if (text.trim() !== '' && whole(text) === null) problems[`quantities.${code}`] = say.quantity;
  for (const p of sketchProblems(v.sketch)) problems[p.field] ??= p.reasonSv;
  return problems;
}

/**
 * Where a server problem is shown on the application forms: the split's under `units`, an owner's
 * on its fieldset, the content's without the request's `agreement.` prefix; undefined leaves it to the
 * alert at the top.
 */
export function formPath(field: string): string | undefined {
  const path = field
    .replace(/^agreement\./, '')
    .replace(/^split\.units/, 'units')
    .replace(/^split\.mode$/, 'splitMode')
    .replace(/^split$/, 'units')
    .replace(/\.shareBp$/, '.share')
    .replace(/^(businessOwner|technicalOwner|informationOwner)\..*$/, '$1');
  return SHOWN.test(path) ? path : undefined;
}
const SHOWN =
  /^(municipalityId|name|kind|startsOn|nextReviewOn|systemOwnerPersonId|businessOwner|technicalOwner|informationOwner|splitMode|units|units\.\d+\.(unitId|share|users)|description|itResponsibilities|businessResponsibilities|changeNote|minutes|heldOn|quantities\.[^.]+|sketch\.components\.\d+\.(name|kind)|sketch\.relations\.\d+(\.(from|to|label))?)$/;

/** The server problems a form shows on its fields (the rest go to the alert at the top). */
export function shownProblems(err: unknown, pathOf: (field: string) => string | undefined = formPath): string[] {
  return err instanceof ApiError ? err.problem.errors.filter((p) => pathOf(p.field) !== undefined).map((p) => p.field) : [];
}

// ---------------------------------------------------------------- the register's fields

/** An owner by person, by role, or both (R-7.1: the business, technical and information owners). */
function OwnerFieldset({
  which,
  value,
  current,
  municipalityId,
  error,
  onChange,
}: {
  which: OwnerKey;
  value: OwnerValues;
  current: Application['businessOwner'] | undefined;
  municipalityId: string;
  error: string | undefined;
  onChange: (value: OwnerValues) => void;
}) {
  const { t } = useTranslation();
  return (
    <Box component="fieldset" style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
      <Text component="legend" fw={600} mb={4}>
        {t(`agreements.owners.${which}`)}
      </Text>
      <Stack gap="xs">
        <PersonPicker
          municipalityId={municipalityId || undefined}
          value={value.personId}
          onChange={(personId) => onChange({ ...value, personId })}
          current={current?.personId && current.personName ? { id: current.personId, name: current.personName } : null}
          label={t('agreements.owners.person')}
          searchLabel={t('agreements.owners.search')}
          searchHelp={t('agreements.owners.searchHelp')}
          noneLabel={t('agreements.owners.noPerson')}
        />
        <TextInput
          label={t('agreements.owners.role')}
          description={t('agreements.owners.roleHelp')}
          maxLength={200}
          value={value.role}
          error={error}
          onChange={(e) => {
            const role = e.currentTarget.value;
            onChange({ ...value, role });
          }}
        />
      </Stack>
    </Box>
  );
}

/** the system owner (a person) and the business, technical and information owners. */
export function OwnersEditor({
  value,
  onChange,
  errors,
  municipalityId,
  current,
}: {
  value: RegisterValues;
  onChange: Change<RegisterValues>;
  errors: Errors;
  municipalityId: string;
  current?: Application;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg">
      <PersonPicker
        municipalityId={municipalityId || undefined}
        value={value.systemOwnerPersonId}
        onChange={(id) => onChange({ systemOwnerPersonId: id })}
        current={
          current?.systemOwner?.personId && current.systemOwner.personName ? { id: current.systemOwner.personId, name: current.systemOwner.personName } : null
        }
        label={t('agreements.owners.systemOwner')}
        searchLabel={t('agreements.owners.systemOwnerSearch')}
        searchHelp={t('agreements.owners.searchHelp')}
        noneLabel={t('agreements.owners.noPerson')}
        error={errors.systemOwnerPersonId}
      />
      {OWNER_KEYS.map((key) => (
        <OwnerFieldset
          key={key}
          which={key}
          value={value[key]}
          current={current?.[key]}
          municipalityId={municipalityId}
          error={errors[key]}
          onChange={(owner) => {
            const patch: Partial<RegisterValues> = {};
            patch[key] = owner;
            onChange(patch, [key]);
          }}
        />
      ))}
    </Stack>
  );
}

/**
 * the units that pay and how the cost is split: shares in per cent that add up to exactly
 * 100 % (stored as basis points), or by each unit's number of users. The sum is said as it changes.
 */
export function SplitEditor({
  value,
  onChange,
  errors,
  municipalityId,
}: {
  value: Pick<RegisterValues, 'splitMode' | 'units'>;
  onChange: Change<RegisterValues>;
  errors: Errors;
  municipalityId: string;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const rowPaths = (n: number) => Array.from({ length: n }, (_, i) => [`units.${i}.unitId`, `units.${i}.share`, `units.${i}.users`]).flat();
  const setRows = (units: SplitRow[]) => onChange({ units }, ['units', ...rowPaths(Math.max(units.length, value.units.length))]);
  const setRow = (i: number, patch: Partial<SplitRow>) => setRows(value.units.map((u, j) => (j === i ? { ...u, ...patch } : u)));
  const shares = value.units.map((u) => parsePercent(u.share));
  const sum = shares.reduce<number>((s, bp) => s + (bp ?? 0), 0);
  const users = value.units.reduce((s, u) => s + (whole(u.users) ?? 0), 0);
  return (
    <Stack gap="sm">
      <Radio.Group
        label={t('agreements.split.mode')}
        value={value.splitMode}
        error={errors.splitMode}
        onChange={(v) => onChange({ splitMode: v === 'per_user' ? 'per_user' : 'share' }, ['splitMode', 'units', ...rowPaths(value.units.length)])}
      >
        <Group gap="lg" mt={6}>
          <Radio value="share" label={t('agreements.split.share')} />
          <Radio value="per_user" label={t('agreements.split.perUser')} />
        </Group>
      </Radio.Group>
      {value.units.map((u, i) => {
        const legend = t('agreements.split.row', { n: i + 1 });
        return (
          <Box key={i} component="fieldset" style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
            <Text component="legend" size="sm" fw={600} mb={4}>
              {legend}
            </Text>
            <Group align="flex-start" wrap="wrap">
              <Box miw={260} style={{ flex: 1 }}>
                <UnitSelect
                  municipalityId={municipalityId || undefined}
                  label={t('agreements.split.unit')}
                  value={u.unitId}
                  error={errors[`units.${i}.unitId`]}
                  onChange={(unitId) => setRow(i, { unitId })}
                />
              </Box>
              {value.splitMode === 'share' ? (
                <TextInput
                  label={t('agreements.split.sharePercent')}
                  inputMode="decimal"
                  maxLength={7}
                  w={140}
                  value={u.share}
                  error={errors[`units.${i}.share`]}
                  onChange={(e) => {
                    const share = e.currentTarget.value;
                    setRow(i, { share });
                  }}
                />
              ) : (
                <TextInput
                  label={t('agreements.split.users')}
                  inputMode="numeric"
                  maxLength={8}
                  w={160}
                  value={u.users}
                  error={errors[`units.${i}.users`]}
                  onChange={(e) => {
                    const n = e.currentTarget.value;
                    setRow(i, { users: n });
                  }}
                />
              )}
              <Button
                variant="subtle"
                color="red"
                mt={24}
                disabled={value.units.length === 1}
                onClick={() => setRows(value.units.filter((_, j) => j !== i))}
                aria-label={t('agreements.split.removeNamed', { row: legend })}
              >
                {t('agreements.split.remove')}
              </Button>
            </Group>
          </Box>
        );
      })}
      <Group justify="space-between" wrap="wrap">
        <Button variant="default" onClick={() => setRows([...value.units, { unitId: '', share: '', users: '' }])}>
          {t('agreements.split.add')}
        </Button>
        <Text size="sm" role="status" fw={600}>
          {value.splitMode === 'share'
            ? t('agreements.split.sum', { sum: percentText(sum, locale) })
            : t('agreements.split.usersSum', { count: users, n: formatInteger(users, locale) })}
        </Text>
      </Group>
      {errors.units && (
        <Text size="sm" c="red.8" role="alert">
          {errors.units}
        </Text>
      )}
    </Stack>
  );
}

// ---------------------------------------------------------------- the agreement's content

/** a quantity per cost driver of the year's model, each line's arithmetic and the yearly cost, as typed. */
function QuantitiesEditor({
  value,
  onChange,
  errors,
  model,
}: {
  value: Record<string, string>;
  onChange: (quantities: Record<string, string>, clear: string[]) => void;
  errors: Errors;
  model: CostModel;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const numbers = Object.fromEntries(Object.entries(value).map(([code, text]) => [code, whole(text) ?? 0]));
  const cost = agreementCost(numbers, model.drivers);
  const unknown = Object.keys(value).filter((code) => !model.drivers.some((d) => d.code === code) && (whole(value[code] ?? '') ?? 0) > 0);
  const headings = COST_HEADINGS.filter((h) => model.drivers.some((d) => d.heading === h));
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('agreements.quantities.help', { year: model.year })}
      </Text>
      {model.drivers.length === 0 && <Text>{t('agreements.quantities.noDrivers', { year: model.year })}</Text>}
      {headings.map((h) => (
        <Box key={h} component="fieldset" style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Text component="legend" fw={600} mb={4}>
            {t(`agreements.headings.${h}`)}
          </Text>
          <Stack gap="xs">
            {model.drivers
              .filter((d) => d.heading === h)
              .map((d) => {
                const n = numbers[d.code] ?? 0;
                return (
                  <Group key={d.code} align="flex-end" wrap="wrap" gap="md">
                    <NumberInput
                      label={t('agreements.quantities.label', { driver: d.label, unit: d.unit })}
                      description={t('agreements.quantities.price', { price: formatSek(d.unitPriceOre, locale), unit: d.unit })}
                      min={0}
                      max={10_000_000}
                      allowDecimal={false}
                      allowNegative={false}
                      thousandSeparator=" "
                      w={280}
                      value={value[d.code] ?? ''}
                      error={errors[`quantities.${d.code}`]}
                      onChange={(v) => onChange({ ...value, [d.code]: String(v) }, [`quantities.${d.code}`])}
                    />
                    <Text size="sm" pb={8} style={{ whiteSpace: 'nowrap' }}>
                      {n > 0
                        ? t('agreements.cost.arithmetic', {
                            quantity: formatInteger(n, locale),
                            unit: d.unit,
                            price: formatSek(d.unitPriceOre, locale),
                            amount: formatSek(n * d.unitPriceOre, locale),
                          })
                        : t('agreements.quantities.none')}
                    </Text>
                  </Group>
                );
              })}
          </Stack>
        </Box>
      ))}
      {unknown.length > 0 && (
        <Alert color="yellow" role="note">
          {t('agreements.quantities.unknown', { count: unknown.length, year: model.year })}
        </Alert>
      )}
      <Text fw={700} role="status">
        {t('agreements.quantities.total', { year: model.year, total: formatSek(cost.totalOre, locale) })}
      </Text>
    </Stack>
  );
}

/**
 * an agreement version's content — the description, IT's and the business's
 * responsibilities, the quantities per cost driver of the year's model and the system sketch.
 */
export function ContentEditor({
  value,
  onChange,
  errors,
  model,
  name,
  idPrefix,
}: {
  value: ContentValues;
  onChange: Change<ContentValues>;
  errors: Errors;
  /** The cost model the quantities are counted against: the query, and its year (null: none at all). */
  model: { query: { isPending: boolean; isError: boolean; error: unknown; data?: CostModel | undefined }; year: number | null | undefined };
  /** The application's name, for the drawing's title. */
  name: string;
  idPrefix: string;
}) {
  const { t } = useTranslation();
  const area = (key: 'description' | 'itResponsibilities' | 'businessResponsibilities', help?: string) => (
    <Textarea
      label={t(`agreements.content.${key}`)}
      description={help}
      autosize
      minRows={3}
      maxLength={5000}
      value={value[key]}
      error={errors[key]}
      onChange={(e) => {
        const patch: Partial<ContentValues> = {};
        patch[key] = e.currentTarget.value;
        onChange(patch);
      }}
    />
  );
  return (
    <Stack gap="xl">
      <div role="group" aria-labelledby={`${idPrefix}-content`}>
        <Title order={3} size="h4" id={`${idPrefix}-content`} mb="sm">
          {t('agreements.content.title')}
        </Title>
        <Stack gap="sm">
          {area('description', t('agreements.content.descriptionHelp'))}
          {area('itResponsibilities', t('agreements.content.itHelp'))}
          {area('businessResponsibilities', t('agreements.content.businessHelp'))}
        </Stack>
      </div>
      <div role="group" aria-labelledby={`${idPrefix}-quantities`}>
        <Title order={3} size="h4" id={`${idPrefix}-quantities`} mb="sm">
          {t('agreements.quantities.title')}
        </Title>
        {model.year === null ? (
          <Text>{t('agreements.quantities.noModel')}</Text>
        ) : model.year === undefined || model.query.isPending ? (
          <Loading />
        ) : model.query.isError || !model.query.data ? (
          <ProblemAlert error={model.query.error} />
        ) : (
          <QuantitiesEditor
            value={value.quantities}
            errors={errors}
            model={model.query.data}
            onChange={(quantities, clear) => onChange({ quantities }, clear)}
          />
        )}
      </div>
      <div role="group" aria-labelledby={`${idPrefix}-sketch`}>
        <Title order={3} size="h4" id={`${idPrefix}-sketch`} mb="sm">
          {t('agreements.sketch.title')}
        </Title>
        <SketchEditor value={value.sketch} onChange={(sketch, clear) => onChange({ sketch }, clear)} errors={errors} name={name} />
      </div>
    </Stack>
  );
}

// ---------------------------------------------------------------- the system sketch

/** Every problem path a sketch of this size can have (cleared when the sketch changes shape). */
function sketchPaths(s: Sketch): string[] {
  return [
    ...s.components.flatMap((_, i) => [`sketch.components.${i}.name`, `sketch.components.${i}.kind`, `sketch.components.${i}.id`]),
    ...s.relations.flatMap((_, i) => [`sketch.relations.${i}`, `sketch.relations.${i}.from`, `sketch.relations.${i}.to`, `sketch.relations.${i}.label`]),
    'sketch.components',
    'sketch.relations',
  ];
}

/**
 * the system sketch edited as structured data — its components (what each is and its name) and
 * the relations between them (from, to, what flows) as rows — with the drawing beside it, laid out and
 * drawn by the server as the PDF draws it. Component ids are the sketch's own keys and never shown.
 */
export function SketchEditor({
  value,
  onChange,
  errors,
  name,
}: {
  value: Sketch;
  onChange: (sketch: Sketch, clear: string[]) => void;
  errors: Errors;
  name: string;
}) {
  const { t } = useTranslation();
  const set = (next: Sketch) => onChange(next, sketchPaths(next.components.length >= value.components.length ? next : value));
  const setComponent = (i: number, patch: Partial<SketchComponent>) =>
    set({ ...value, components: value.components.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  const setRelation = (i: number, patch: Partial<SketchRelation>) =>
    set({ ...value, relations: value.relations.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  const removeComponent = (i: number) => {
    const id = value.components[i]?.id;
    // A relation to a component that is gone goes with it.
    set({ components: value.components.filter((_, j) => j !== i), relations: value.relations.filter((r) => r.from !== id && r.to !== id) });
  };
  const componentName = (c: SketchComponent, i: number) => c.name.trim() || t('agreements.sketch.unnamed', { n: i + 1 });
  const options = [{ value: '', label: t('agreements.sketch.choose') }, ...value.components.map((c, i) => ({ value: c.id, label: componentName(c, i) }))];
  return (
    <Stack gap="lg">
      <Text size="sm" c="dimmed">
        {t('agreements.sketch.help')}
      </Text>
      <RowSection
        title={t('agreements.sketch.components')}
        empty={value.components.length === 0 ? t('agreements.sketch.noComponents') : null}
        error={errors['sketch.components']}
        actions={
          <Group>
            <Button
              variant="default"
              onClick={() => set({ ...value, components: [...value.components, { id: newComponentId(value.components), kind: 'server', name: '' }] })}
            >
              {t('agreements.sketch.addComponent')}
            </Button>
          </Group>
        }
      >
        {value.components.map((c, i) => {
          const legend = t('agreements.sketch.component', { n: i + 1 });
          return (
            <RowFieldset key={c.id} legend={legend}>
              <NativeSelect
                label={t('agreements.sketch.kind')}
                w={200}
                data={SKETCH_KINDS.map((k) => ({ value: k, label: t(`agreements.sketchKinds.${k}`) }))}
                value={isSketchKind(c.kind) ? c.kind : 'other'}
                error={errors[`sketch.components.${i}.kind`]}
                onChange={(e) => {
                  const kind = e.currentTarget.value;
                  setComponent(i, { kind });
                }}
              />
              <TextInput
                label={t('agreements.sketch.name')}
                maxLength={80}
                miw={220}
                style={{ flex: 1 }}
                value={c.name}
                error={errors[`sketch.components.${i}.name`] ?? errors[`sketch.components.${i}.id`]}
                onChange={(e) => {
                  const text = e.currentTarget.value;
                  setComponent(i, { name: text });
                }}
              />
              <Button
                variant="subtle"
                color="red"
                mt={24}
                onClick={() => removeComponent(i)}
                aria-label={t('agreements.sketch.removeNamed', { name: componentName(c, i) })}
              >
                {t('agreements.sketch.remove')}
              </Button>
            </RowFieldset>
          );
        })}
      </RowSection>
      <RowSection
        title={t('agreements.sketch.relations')}
        empty={value.relations.length === 0 ? t('agreements.sketch.noRelations') : null}
        error={errors['sketch.relations']}
        actions={
          <Group>
            <Button
              variant="default"
              disabled={value.components.length < 2}
              onClick={() =>
                set({ ...value, relations: [...value.relations, { from: value.components[0]?.id ?? '', to: value.components[1]?.id ?? '', label: '' }] })
              }
            >
              {t('agreements.sketch.addRelation')}
            </Button>
            {value.components.length < 2 && (
              <Text size="sm" c="dimmed">
                {t('agreements.sketch.relationNeedsTwo')}
              </Text>
            )}
          </Group>
        }
      >
        {value.relations.map((r, i) => {
          const legend = t('agreements.sketch.relation', { n: i + 1 });
          return (
            <RowFieldset key={i} legend={legend}>
              <NativeSelect
                label={t('agreements.sketch.from')}
                w={220}
                data={options}
                value={r.from}
                error={errors[`sketch.relations.${i}.from`]}
                onChange={(e) => {
                  const from = e.currentTarget.value;
                  setRelation(i, { from });
                }}
              />
              <NativeSelect
                label={t('agreements.sketch.to')}
                w={220}
                data={options}
                value={r.to}
                error={errors[`sketch.relations.${i}.to`] ?? errors[`sketch.relations.${i}`]}
                onChange={(e) => {
                  const to = e.currentTarget.value;
                  setRelation(i, { to });
                }}
              />
              <TextInput
                label={t('agreements.sketch.label')}
                description={t('agreements.sketch.labelHelp')}
                maxLength={80}
                miw={180}
                style={{ flex: 1 }}
                value={r.label}
                error={errors[`sketch.relations.${i}.label`]}
                onChange={(e) => {
                  const label = e.currentTarget.value;
                  setRelation(i, { label });
                }}
              />
              <Button
                variant="subtle"
                color="red"
                mt={24}
                onClick={() => set({ ...value, relations: value.relations.filter((_, j) => j !== i) })}
                aria-label={t('agreements.sketch.removeRelationNamed', { n: i + 1 })}
              >
                {t('agreements.sketch.remove')}
              </Button>
            </RowFieldset>
          );
        })}
      </RowSection>
      <Stack gap="xs">
        <Title order={4} size="h5">
          {t('agreements.sketch.preview')}
        </Title>
        <SketchDrawing sketch={value} name={name} live />
      </Stack>
    </Stack>
  );
}

/**
 * A sketch drawn by the server (POST /agreement-sketches/drawing: the PDF's drawing) as an image whose
 * text alternative is the drawing's own title and description (its parts and relations, in Swedish).
 * In the editor (`live`) it redraws once typing pauses, and a sketch the shared sketch rules refuse
 * says why instead of being sent; a sketch the server refuses (400) shows the server's reasons.
 */
export function SketchDrawing({ sketch, name, live = false }: { sketch: Sketch; name: string; live?: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [settled] = useDebouncedValue(JSON.stringify({ sketch, name }), live ? 400 : 0);
  const drawn = JSON.parse(settled) as { sketch: Sketch; name: string };
  const local = live ? [...new Set(sketchProblems(drawn.sketch).map((p) => p.reasonSv))] : [];
  const drawing = useSketchDrawing(drawn.sketch, drawn.name, local.length === 0);
  if (sketch.components.length === 0) return <Text c="dimmed">{t('agreements.sketch.empty')}</Text>;
  const refused = (reasons: string[], message?: string) => (
    <Alert color="orange" title={t('agreements.sketch.cannotDraw')} role={live ? 'status' : 'alert'}>
      {reasons.length > 0 ? (
        <ul style={{ margin: 0, paddingLeft: '1.25rem' }}>
          {reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : (
        <Text size="sm">{message}</Text>
      )}
    </Alert>
  );
  if (local.length > 0) return refused(local);
  if (drawing.isError) {
    const err = drawing.error;
    const sketchLabel = t('agreements.sketch.title');
    const reasons =
      err instanceof ApiError
        ? err.problem.errors.map((p) => {
            const reason = locale === 'sv' && p.reasonSv ? p.reasonSv : p.reason;
            const label = locale === 'sv' ? p.label : (p.labelEn ?? p.label);
            return label && label !== sketchLabel ? `${label}: ${reason}` : reason;
          })
        : [];
    return refused([...new Set(reasons)], err instanceof ApiError ? err.messageIn(locale) : t('app.errorTitle'));
  }
  if (!drawing.data) return <Loading label={t('agreements.sketch.drawing')} />;
  const alt = [drawing.data.title, drawing.data.description].filter(Boolean).join('. ');
  return (
    <Box style={{ overflowX: 'auto', opacity: drawing.isPlaceholderData ? 0.6 : 1 }}>
      <img
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(drawing.data.svg)}`}
        alt={alt}
        style={{ maxWidth: '100%', height: 'auto', display: 'block', background: 'white' }}
      />
    </Box>
  );
}

/** The register's own fields: name, kind (a full agreement or a cost description, R-7.2) and dates. */
export function RegisterFields({ value, onChange, errors }: { value: RegisterValues; onChange: Change<RegisterValues>; errors: Errors }) {
  const { t } = useTranslation();
  const date = (key: 'startsOn' | 'nextReviewOn', help: string) => (
    <TextInput
      type="date"
      label={t(`agreements.form.${key}`)}
      description={help}
      w={240}
      value={value[key]}
      error={errors[key]}
      onChange={(e) => {
        const patch: Partial<RegisterValues> = {};
        patch[key] = e.currentTarget.value;
        onChange(patch);
      }}
    />
  );
  return (
    <Stack gap="sm">
      <TextInput
        label={t('agreements.form.name')}
        required
        maxLength={200}
        value={value.name}
        error={errors.name}
        onChange={(e) => {
          const name = e.currentTarget.value;
          onChange({ name });
        }}
      />
      <Radio.Group
        label={t('agreements.form.kind')}
        value={value.kind}
        error={errors.kind}
        onChange={(v) => onChange({ kind: v === 'cost_description' ? 'cost_description' : 'agreement' })}
      >
        <Stack gap={6} mt={6}>
          <Radio value="agreement" label={t('agreements.kinds.agreement')} description={t('agreements.kindHelp.agreement')} />
          <Radio value="cost_description" label={t('agreements.kinds.cost_description')} description={t('agreements.kindHelp.cost_description')} />
        </Stack>
      </Radio.Group>
      <Group align="flex-start" wrap="wrap">
        {date('startsOn', t('agreements.form.startsOnHelp'))}
        {date('nextReviewOn', t('agreements.form.nextReviewOnHelp'))}
      </Group>
    </Stack>
  );
}

/** One row of a repeating editor (a component, a relation): a fieldset named by its legend. */
function RowFieldset({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <Box component="fieldset" style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
      <Text component="legend" size="sm" fw={600} mb={4}>
        {legend}
      </Text>
      <Group align="flex-start" wrap="wrap">
        {children}
      </Group>
    </Box>
  );
}

/** A titled list of rows with its empty text, its error for the list as a whole and the way to add a row. */
function RowSection({
  title,
  empty,
  error,
  actions,
  children,
}: {
  title: string;
  empty: string | null;
  error: string | undefined;
  actions: ReactNode;
  children: ReactNode;
}) {
  return (
    <Stack gap="sm">
      <Title order={4} size="h5">
        {title}
      </Title>
      {empty && <Text size="sm">{empty}</Text>}
      {children}
      {error && (
        <Text size="sm" c="red.8" role="alert">
          {error}
        </Text>
      )}
      {actions}
    </Stack>
  );
}
