import { Button, Group, Modal, NativeSelect, NumberInput, Radio, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { assetKeys, type AssetDetail, type EventKind, type ProofKind } from '../../assets/model.ts';
import { ProblemAlert, StaleAlert } from '../../components/common.tsx';
import { requiredProblems, type RequiredField } from '../../forms.ts';
import { parseKronor, stockholmNow } from '../../format.ts';
import { useLocale } from '../../session.tsx';
import type { TextKey } from '../../texts.ts';
import { PersonPicker, UnitSelect, placeProblems, useAssetFieldLabels } from './parts.tsx';

/** Everything any event's form holds, as the inputs hold it (text); the body is built per kind. */
interface Form {
  date: string;
  note: string;
  serial: string;
  unitId: string;
  holderPersonId: string;
  location: string;
  bindingMonths: string;
  erasedByKind: 'certified_provider' | 'designated_person';
  erasedByName: string;
  method: string;
  erasedSerial: string;
  buyerKind: 'person' | 'partner';
  buyerPersonId: string;
  proofKind: ProofKind;
  proofReference: string;
  price: string;
  partner: string;
  batch: string;
  policeReport: string;
  reference: string;
  amount: string;
}

type Input = keyof Form;

/** Which of the server's problem fields each input shows, per event (the rest go to the alert on top). */
function inputsOf(kind: EventKind): Partial<Record<Input, readonly string[]>> {
  const common = { date: ['date', 'erasure.erasedOn'], note: ['note'] } as const;
  switch (kind) {
    case 'deliver':
      return {
        ...common,
        serial: ['serial'],
        unitId: ['unitId'],
        holderPersonId: ['holderPersonId', 'holder'],
        location: ['location'],
        bindingMonths: ['bindingMonths', 'bindingEndsOn'],
      };
    case 'move':
    case 'stock':
      return { ...common, location: ['location'] };
    case 'reassign':
      return { ...common, unitId: ['unitId'], holderPersonId: ['holderPersonId', 'holder'], location: ['location'] };
    case 'erase':
      return {
        ...common,
        erasedByKind: ['erasedBy.kind'],
        erasedByName: ['erasedBy', 'erasure.by'],
        method: ['method', 'erasure.method'],
        erasedSerial: ['serial', 'erasure.serial'],
      };
    case 'sell':
      return {
        ...common,
        buyerPersonId: ['buyer.personId', 'buyer.role'],
        proofReference: ['buyer.proof'],
        partner: ['buyer.partner'],
        batch: ['buyer.batch'],
        buyerKind: ['buyer'],
        price: ['priceOre'],
      };
    case 'report_stolen':
    case 'report_damaged':
      return { ...common, policeReport: ['policeReport'] };
    case 'settle':
      return { ...common, reference: ['reference'], amount: ['amount'] };
    case 'return':
    case 'retire':
    case 'recycle':
      return common;
  }
}

/** The inputs each event requires (the ones its form marks required, and the unit and buyer the server needs), by their labels' text keys. */
function requiredOf(kind: EventKind, f: Form): Partial<Record<Input, { label: TextKey; kind?: RequiredField['kind'] }>> {
  const date = { date: { label: 'assets.event.date' as const } };
  switch (kind) {
    case 'deliver':
      return { ...date, serial: { label: 'assets.serial' }, unitId: { label: 'assets.event.unit', kind: 'choose' } };
    case 'reassign':
      return { ...date, unitId: { label: 'assets.event.unit', kind: 'choose' } };
    case 'move':
      return { ...date, location: { label: 'assets.event.newLocation' } };
    case 'erase':
      return {
        ...date,
        erasedByName: { label: 'assets.event.erasedByName' },
        method: { label: 'assets.event.method' },
        erasedSerial: { label: 'assets.event.erasedSerial' },
      };
    case 'sell':
      return f.buyerKind === 'person'
        ? { ...date, buyerPersonId: { label: 'assets.event.buyerPerson', kind: 'choose' }, proofReference: { label: 'assets.event.proofReference' } }
        : { ...date, partner: { label: 'assets.event.partner' }, batch: { label: 'assets.event.batch' } };
    case 'report_stolen':
    case 'report_damaged':
      return { ...date, policeReport: { label: 'assets.event.policeReport' } };
    case 'settle':
      return { ...date, reference: { label: 'assets.event.reference' }, amount: { label: 'assets.event.amount' } };
    case 'stock':
    case 'return':
    case 'retire':
    case 'recycle':
      return date;
  }
}

const text = (s: string) => s.trim();
const optional = (s: string) => (s.trim() === '' ? undefined : s.trim());

/** The JSON body of POST /api/v1/assets/{id}/events for one kind, or a local problem (an unreadable amount). */
function bodyOf(kind: EventKind, f: Form, version: number): { body?: Record<string, unknown>; local?: Partial<Record<Input, 'priceInvalid'>> } {
  const head = { version, kind, date: f.date, ...(optional(f.note) ? { note: text(f.note) } : {}) };
  switch (kind) {
    case 'deliver': {
      const months = f.bindingMonths.trim() === '' ? undefined : Number(f.bindingMonths);
      return {
        body: {
          ...head,
          serial: optional(f.serial),
          unitId: f.unitId,
          holderPersonId: f.holderPersonId || null,
          location: optional(f.location),
          bindingMonths: months,
        },
      };
    }
    case 'move':
      return { body: { ...head, location: text(f.location) } };
    case 'reassign':
      return { body: { ...head, unitId: f.unitId, holderPersonId: f.holderPersonId || null, location: optional(f.location) } };
    case 'stock':
      return { body: { ...head, location: optional(f.location) } };
    case 'erase':
      return { body: { ...head, erasedBy: { kind: f.erasedByKind, name: text(f.erasedByName) }, method: text(f.method), serial: text(f.erasedSerial) } };
    case 'sell': {
      const price = f.price.trim() === '' ? undefined : parseKronor(f.price);
      if (price === null) return { local: { price: 'priceInvalid' } };
      const buyer =
        f.buyerKind === 'person'
          ? { kind: 'person', personId: f.buyerPersonId, proof: { kind: f.proofKind, reference: text(f.proofReference) } }
          : { kind: 'partner', partner: text(f.partner), batch: text(f.batch) };
      return { body: { ...head, buyer, ...(price === undefined ? {} : { priceOre: price }) } };
    }
    case 'report_stolen':
    case 'report_damaged':
      return { body: { ...head, policeReport: text(f.policeReport) } };
    case 'settle': {
      const amount = parseKronor(f.amount);
      if (amount === null) return { local: { amount: 'priceInvalid' } };
      return { body: { ...head, reference: text(f.reference), amount } };
    }
    case 'return':
    case 'retire':
    case 'recycle':
      return { body: head };
  }
}

function initialForm(asset: AssetDetail): Form {
  const lc = asset.lifecycle;
  const student = lc?.disposalRoutes.includes('student_purchase') ?? false;
  return {
    date: stockholmNow().local.slice(0, 10),
    note: '',
    serial: asset.serial,
    unitId: asset.unitId,
    holderPersonId: asset.holderPersonId ?? '',
    location: '',
    bindingMonths: '',
    erasedByKind: 'certified_provider',
    erasedByName: '',
    method: '',
    erasedSerial: '',
    buyerKind: student || !lc ? 'person' : 'partner',
    buyerPersonId: lc?.lastHolder?.personId ?? '',
    proofKind: 'receipt',
    proofReference: '',
    price: '',
    partner: '',
    batch: '',
    policeReport: '',
    reference: '',
    amount: '',
  };
}

/**
 * One lifecycle event's form: the fields of that event, the date (today by default) and a
 * note; posts the event and hands the asset as it now is to `onDone`. The server's refusals show on the
 * fields they name, the rest (e.g. "only retired equipment is erased") at the top, in the UI language.
 */
export function EventDialog({
  asset,
  kind,
  onClose,
  onDone,
}: {
  asset: AssetDetail;
  kind: EventKind;
  onClose: () => void;
  onDone: (a: AssetDetail) => Promise<void>;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Form>(() => initialForm(asset));
  const [version, setVersion] = useState(asset.version);
  const [local, setLocal] = useState<Partial<Record<Input, 'priceInvalid'>>>({});
  const [missing, setMissing] = useState<Partial<Record<Input, string>>>({});
  const set = <K extends Input>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setMissing(({ [key]: _fixed, ...rest }) => rest);
  };
  const post = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<AssetDetail>(`/api/v1/assets/${asset.id}/events`, body),
    onSuccess: async (a) => {
      await onDone(a);
      onClose();
    },
  });
  const inputs = inputsOf(kind);
  const { errors: placed, known } = placeProblems(post.error, locale, inputs);
  const fieldLabels = useAssetFieldLabels();
  const errorOf = (k: Input): string | undefined => missing[k] ?? (local[k] ? t(`assets.event.${local[k]}`) : placed[k]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const required = Object.fromEntries(Object.entries(requiredOf(kind, form)).map(([k, r]) => [k, { ...r, label: t(r.label) }]));
    const blank = requiredProblems(form, required, (key, label) => t(key, { field: label }));
    setMissing(blank);
    const built = bodyOf(kind, form, version);
    setLocal(built.local ?? {});
    if (built.body && Object.keys(blank).length === 0) post.mutate(built.body);
  };
  const action = t(`assets.actions.${kind}`);
  const lc = asset.lifecycle;
  const field = (k: Input, label: string, props: { description?: string; required?: boolean; autoFocus?: boolean; maxLength?: number } = {}) => (
    <TextInput
      label={label}
      description={props.description}
      required={props.required}
      data-autofocus={props.autoFocus ? true : undefined}
      maxLength={props.maxLength ?? 200}
      value={form[k]}
      error={errorOf(k)}
      onChange={(e) => {
        const v = e.currentTarget.value;
        set(k, v);
      }}
    />
  );
  const help: Partial<Record<EventKind, string>> = {
    return: t('assets.event.returnHelp'),
    retire: t('assets.event.retireHelp'),
    recycle: t('assets.event.recycleHelp'),
  };

  return (
    <Modal opened onClose={onClose} title={action} size="lg">
      <form onSubmit={submit} noValidate aria-label={action}>
        <Stack>
          {help[kind] && <Text size="sm">{help[kind]}</Text>}
          <StaleAlert<{ version: number }>
            error={post.error}
            onReload={(current) => {
              setVersion(current.version);
              post.reset();
              void queryClient.invalidateQueries({ queryKey: assetKeys.one(asset.id) });
            }}
          />
          <ProblemAlert error={post.error} knownFields={known} labels={fieldLabels} />
          {kind === 'deliver' &&
            field('serial', t('assets.serial'), { description: t('assets.event.serialHelp'), required: true, autoFocus: true, maxLength: 64 })}
          {(kind === 'deliver' || kind === 'reassign') && (
            <>
              <UnitSelect
                municipalityId={asset.municipalityId}
                label={t('assets.event.unit')}
                value={form.unitId}
                error={errorOf('unitId')}
                onChange={(id) => set('unitId', id)}
              />
              <PersonPicker
                municipalityId={asset.municipalityId}
                value={form.holderPersonId}
                onChange={(id) => set('holderPersonId', id)}
                current={
                  asset.holderPersonId && asset.holderName
                    ? { id: asset.holderPersonId, name: asset.holderName }
                    : lc?.lastHolder
                      ? { id: lc.lastHolder.personId, name: lc.lastHolder.name ?? lc.lastHolder.personId }
                      : null
                }
                label={t('assets.event.holder')}
                searchLabel={t('assets.event.holderSearch')}
                searchHelp={t('assets.event.holderSearchHelp')}
                noneLabel={t('assets.noHolder')}
                error={errorOf('holderPersonId')}
              />
            </>
          )}
          {kind === 'move' && field('location', t('assets.event.newLocation'), { required: true, autoFocus: true })}
          {(kind === 'deliver' || kind === 'reassign' || kind === 'stock') && field('location', t('assets.event.location'))}
          {kind === 'deliver' && (
            <NumberInput
              label={t('assets.event.bindingMonths')}
              description={t('assets.event.bindingMonthsHelp')}
              min={0}
              max={120}
              allowDecimal={false}
              allowNegative={false}
              maw={260}
              value={form.bindingMonths}
              error={errorOf('bindingMonths')}
              onChange={(v) => set('bindingMonths', String(v))}
            />
          )}
          {kind === 'erase' && (
            <>
              <NativeSelect
                label={t('assets.event.erasedByKind')}
                data={(['certified_provider', 'designated_person'] as const).map((k) => ({ value: k, label: t(`assets.asset.erasers.${k}`) }))}
                value={form.erasedByKind}
                error={errorOf('erasedByKind')}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  set('erasedByKind', v === 'designated_person' ? 'designated_person' : 'certified_provider');
                }}
              />
              {field('erasedByName', t('assets.event.erasedByName'), { description: t('assets.event.erasedByNameHelp'), required: true })}
              {field('method', t('assets.event.method'), { description: t('assets.event.methodHelp'), required: true })}
              {field('erasedSerial', t('assets.event.erasedSerial'), { description: t('assets.event.erasedSerialHelp'), required: true, maxLength: 64 })}
            </>
          )}
          {kind === 'sell' && (
            <>
              <Radio.Group
                label={t('assets.event.buyerKind')}
                description={t('assets.event.buyerHelp')}
                value={form.buyerKind}
                error={errorOf('buyerKind')}
                onChange={(v) => set('buyerKind', v === 'partner' ? 'partner' : 'person')}
              >
                <Stack gap={6} mt={6}>
                  <Radio value="person" label={t('assets.event.buyerKinds.person')} />
                  <Radio value="partner" label={t('assets.event.buyerKinds.partner')} />
                </Stack>
              </Radio.Group>
              {form.buyerKind === 'person' ? (
                <>
                  {!lc?.lastHolder && <Text size="sm">{t('assets.event.noLastHolder')}</Text>}
                  <PersonPicker
                    municipalityId={asset.municipalityId}
                    value={form.buyerPersonId}
                    onChange={(id) => set('buyerPersonId', id)}
                    current={lc?.lastHolder ? { id: lc.lastHolder.personId, name: lc.lastHolder.name ?? lc.lastHolder.personId } : null}
                    label={t('assets.event.buyerPerson')}
                    searchLabel={t('assets.event.holderSearch')}
                    searchHelp={t('assets.event.holderSearchHelp')}
                    noneLabel={t('assets.noHolder')}
                    error={errorOf('buyerPersonId')}
                  />
                  <Group align="flex-start" grow>
                    <NativeSelect
                      label={t('assets.event.proofKind')}
                      data={(['receipt', 'invoice'] as const).map((k) => ({ value: k, label: t(`assets.asset.proofs.${k}`) }))}
                      value={form.proofKind}
                      onChange={(e) => {
                        const v = e.currentTarget.value;
                        set('proofKind', v === 'invoice' ? 'invoice' : 'receipt');
                      }}
                    />
                    {field('proofReference', t('assets.event.proofReference'), { required: true })}
                  </Group>
                </>
              ) : (
                <Group align="flex-start" grow>
                  {field('partner', t('assets.event.partner'), { required: true })}
                  {field('batch', t('assets.event.batch'), { required: true })}
                </Group>
              )}
              {field('price', t('assets.event.price'), { description: t('assets.event.priceHelp'), maxLength: 20 })}
            </>
          )}
          {(kind === 'report_stolen' || kind === 'report_damaged') &&
            field('policeReport', t('assets.event.policeReport'), { description: t('assets.event.policeReportHelp'), required: true, autoFocus: true })}
          {kind === 'settle' && (
            <>
              {field('reference', t('assets.event.reference'), { required: true, autoFocus: true })}
              {field('amount', t('assets.event.amount'), { required: true, maxLength: 20 })}
            </>
          )}
          <TextInput
            label={t('assets.event.date')}
            description={t('assets.event.dateHelp')}
            type="date"
            required
            maw={220}
            value={form.date}
            error={errorOf('date')}
            onChange={(e) => {
              const v = e.currentTarget.value;
              set('date', v);
            }}
          />
          <Textarea
            label={t('assets.event.note')}
            autosize
            minRows={2}
            maxLength={2000}
            value={form.note}
            error={errorOf('note')}
            onChange={(e) => {
              const v = e.currentTarget.value;
              set('note', v);
            }}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('app.cancel')}
            </Button>
            <Button
              type="submit"
              loading={post.isPending}
              color={kind === 'retire' || kind === 'erase' || kind === 'report_stolen' || kind === 'report_damaged' ? 'red' : undefined}
            >
              {action}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
