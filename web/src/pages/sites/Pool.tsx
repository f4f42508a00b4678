import { Alert, Button, Group, Modal, NativeSelect, Stack, Table, Tabs, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, request } from '../../api.ts';
import { ListTable } from '../../components/ListPage.tsx';
import { MunicipalitySelect } from '../../components/MunicipalitySelect.tsx';
import { ConfirmDialog, FormButtons, Loading, PageHeader, ProblemAlert } from '../../components/common.tsx';
import { useSamdeskForm } from '../../form.ts';
import { formatDate } from '../../format.ts';
import { useLocale, useMunicipalities, useSession } from '../../session.tsx';
import { addDays, asSentence, capitalised, sitesKeys, usePool, whyNot, type Booking, type Pool, type PoolLaptop, type PoolView } from '../../sites/model.ts';
import { Section } from '../billing/parts.tsx';
import { PersonPicker } from '../assets/parts.tsx';
import { placedFields } from '../operations/parts.tsx';
import { StaleRecord, daysText } from './parts.tsx';

/** The bookings' tabs, as the address names them (the current ones unless chosen). */
const TABS = ['aktuella', 'forsenade', 'alla'] as const;
export type PoolTab = (typeof TABS)[number];
const VIEW: Record<PoolTab, PoolView> = { aktuella: 'current', forsenade: 'overdue', alla: 'all' };

/** The bookings' tab and the municipality live in the address, so a view can be bookmarked and shared. */
export interface PoolSearch {
  visa?: PoolTab;
  kommun?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function validatePoolSearch(search: Record<string, unknown>): PoolSearch {
  const out: PoolSearch = {};
  if (search.visa === 'forsenade' || search.visa === 'alla') out.visa = search.visa;
  if (typeof search.kommun === 'string' && UUID.test(search.kommun)) out.kommun = search.kommun;
  return out;
}

type Dialog = { kind: 'handOut' | 'return' | 'cancel' | 'remind'; bookingId: string } | { kind: 'remove'; laptop: PoolLaptop };

/**
 * "Lånedatorer" (issue 22, R-5.9): the short-term laptop pool — book a laptop for a unit (at least the
 * mission's minimum, on free days), the pool's laptops with their bookings, and the bookings (current,
 * overdue or all) with what IT does next: hand out, take back, cancel, remind. IT adds a registered
 * short-term-rental laptop by its serial number. Every action is the server's to allow (`actions`).
 */
export function PoolPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  if (!user.can.booksLaptops) {
    return (
      <>
        <PageHeader title={t('sites.nav.pool')} />
        <Alert color="red" role="alert">
          <Text>{t('sites.pool.noAccess')}</Text>
        </Alert>
      </>
    );
  }
  return <LaptopPool />;
}

function LaptopPool() {
  const { t } = useTranslation();
  const { user } = useSession();
  const search = useSearch({ from: '/lanedatorer' });
  const navigate = useNavigate({ from: '/lanedatorer' });
  const tab = search.visa ?? 'aktuella';
  const pool = usePool(search.kommun, VIEW[tab]);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = () => setDialog(null);
  const title = t('sites.nav.pool');
  if (pool.isPending) {
    return (
      <>
        <PageHeader title={title} />
        <Loading />
      </>
    );
  }
  if (pool.isError) {
    return (
      <>
        <PageHeader title={title} />
        <ProblemAlert error={pool.error} onRetry={() => void pool.refetch()} />
      </>
    );
  }
  const p = pool.data;
  const open = dialog && dialog.kind !== 'remove' ? p.bookings.find((b) => b.id === dialog.bookingId) : undefined;
  const label: Record<PoolTab, string> = { aktuella: t('sites.pool.current'), forsenade: t('sites.pool.overdue'), alla: t('sites.pool.all') };
  const empty: Record<PoolTab, string> = { aktuella: t('sites.pool.emptyCurrent'), forsenade: t('sites.pool.emptyOverdue'), alla: t('sites.pool.emptyAll') };
  return (
    <>
      <PageHeader title={title} intro={t('sites.pool.intro', { days: daysText(p.minimumDays, t) })} />
      <Stack gap="xl">
        {user.municipalityId === null && (
          <MunicipalitySelect
            allowAll
            label={t('sites.pool.municipality')}
            value={search.kommun ?? ''}
            onChange={(id) => void navigate({ search: (s: PoolSearch) => ({ ...s, kommun: id || undefined }), replace: true })}
          />
        )}
        <Section id="pool-book" title={t('sites.pool.book')}>
          <BookingSection pool={p} />
        </Section>
        <Section id="pool-laptops" title={t('sites.pool.laptops')}>
          <Laptops pool={p} onRemove={(laptop) => setDialog({ kind: 'remove', laptop })} />
        </Section>
        <Section id="pool-bookings" title={t('sites.pool.bookings')}>
          <Tabs
            value={tab}
            onChange={(v) => {
              const next = TABS.find((x) => x === v);
              if (next) void navigate({ search: (s: PoolSearch) => ({ ...s, visa: next === 'aktuella' ? undefined : next }), replace: true });
            }}
            keepMounted={false}
          >
            <Tabs.List aria-label={t('sites.pool.bookingTabs')}>
              {TABS.map((x) => (
                <Tabs.Tab key={x} value={x}>
                  {label[x]}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            {TABS.map((x) => (
              <Tabs.Panel key={x} value={x} pt="md">
                {/* Another view's bookings are not shown as this one's while it loads. */}
                {pool.isPlaceholderData ? (
                  <Loading />
                ) : (
                  <Bookings bookings={p.bookings} empty={empty[x]} onAct={(kind, b) => setDialog({ kind, bookingId: b.id })} />
                )}
              </Tabs.Panel>
            ))}
          </Tabs>
        </Section>
      </Stack>
      {dialog?.kind === 'remove' && <RemoveLaptopDialog laptop={dialog.laptop} onClose={close} />}
      {open && (dialog?.kind === 'handOut' || dialog?.kind === 'return') && <StepDialog booking={open} step={dialog.kind} today={p.today} onClose={close} />}
      {open && dialog?.kind === 'cancel' && <CancelDialog booking={open} onClose={close} />}
      {open && dialog?.kind === 'remind' && <RemindDialog booking={open} onClose={close} />}
    </>
  );
}

/** After a change: the notice, and the pool read again (its laptops' bookings and every view). */
function useDone() {
  const queryClient = useQueryClient();
  return async (message: string) => {
    notifications.show({ color: 'green', message });
    await queryClient.invalidateQueries({ queryKey: sitesKeys.pool });
  };
}

// ---------------------------------------------------------------- booking a laptop

interface BookingValues {
  assetId: string;
  unitId: string;
  borrowerPersonId: string;
  from: string;
  to: string;
  note: string;
}
const BOOKING_FIELDS = ['assetId', 'unitId', 'borrowerPersonId', 'from', 'to', 'note'];
const bookingPath = (field: string) => (BOOKING_FIELDS.includes(field) ? field : undefined);

/** The booking form when the server allows booking and the pool has a laptop; else why not. */
function BookingSection({ pool }: { pool: Pool }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (!pool.actions.book.allowed) {
    return (
      <Alert color="gray" role="note">
        {asSentence(whyNot(pool.actions.book, locale) ?? t('app.forbidden'))}
      </Alert>
    );
  }
  if (pool.laptops.length === 0) return <Text size="sm">{t('sites.booking.noLaptops')}</Text>;
  return <BookingForm pool={pool} />;
}

function BookingForm({ pool }: { pool: Pool }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const municipalities = useMunicipalities();
  const done = useDone();
  const [invalid, setInvalid] = useState(false);
  const save = useMutation({
    mutationFn: (v: BookingValues) =>
      api.post<Booking>('/api/v1/laptop-bookings', {
        assetId: v.assetId,
        unitId: v.unitId,
        borrowerPersonId: v.borrowerPersonId || null,
        from: v.from,
        to: v.to,
        note: v.note.trim(),
      }),
    onSuccess: async (b) => {
      form.mantine.reset();
      await done(t('sites.booking.booked', { serial: b.laptop.serial, from: formatDate(b.from), to: formatDate(b.to) }));
    },
  });
  const form = useSamdeskForm<BookingValues>({
    initialValues: { assetId: '', unitId: '', borrowerPersonId: '', from: pool.today, to: addDays(pool.today, pool.minimumDays - 1), note: '' },
    required: () => ({
      assetId: { label: t('sites.booking.laptop'), kind: 'choose' as const },
      unitId: { label: t('sites.booking.unit'), kind: 'choose' as const },
      from: { label: t('sites.booking.from') },
      to: { label: t('sites.booking.to') },
    }),
    problemPath: bookingPath,
    onInvalid: () => {
      save.reset();
      setInvalid(true);
    },
    action: save,
  });
  const v = form.values;
  const laptop = pool.laptops.find((l) => l.assetId === v.assetId);
  const spansBoth = user.municipalityId === null;
  const municipalityName = (id: string) => municipalities.data?.items.find((m) => m.id === id)?.name ?? '';
  const units = pool.units.filter((u) => !laptop || u.municipalityId === laptop.municipality.id).sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  const municipalityIds = [...new Set(units.map((u) => u.municipalityId))];
  const unitOption = (u: { id: string; name: string }) => ({ value: u.id, label: u.name });
  const unitData = [
    { value: '', label: t('sites.booking.chooseUnit') },
    ...(municipalityIds.length > 1
      ? municipalityIds.map((m) => ({ group: municipalityName(m), items: units.filter((u) => u.municipalityId === m).map(unitOption) }))
      : units.map(unitOption)),
  ];
  const laptopLabel = (l: PoolLaptop) => (spansBoth ? `${l.serial} – ${l.model} (${l.municipality.name})` : `${l.serial} – ${l.model}`);
  const title = t('sites.pool.book');
  return (
    <form
      onSubmit={(e) => {
        setInvalid(false);
        form.submit(e);
      }}
      noValidate
      aria-label={title}
    >
      <Stack gap="md" maw={720}>
        <Group grow align="flex-start">
          <NativeSelect
            label={t('sites.booking.laptop')}
            required
            data={[{ value: '', label: t('sites.booking.chooseLaptop') }, ...pool.laptops.map((l) => ({ value: l.assetId, label: laptopLabel(l) }))]}
            value={v.assetId}
            error={form.errors.assetId}
            onChange={(e) => {
              const assetId = e.currentTarget.value;
              const next = pool.laptops.find((l) => l.assetId === assetId);
              const unit = pool.units.find((u) => u.id === v.unitId);
              form.set('assetId', assetId);
              // A unit or borrower of the other municipality no longer fits: the choice starts over.
              if (next && unit && unit.municipalityId !== next.municipality.id) form.setValues({ unitId: '', borrowerPersonId: '' });
            }}
          />
          <NativeSelect
            label={t('sites.booking.unit')}
            required
            data={unitData}
            value={v.unitId}
            error={form.errors.unitId}
            onChange={(e) => form.set('unitId', e.currentTarget.value)}
          />
        </Group>
        <PersonPicker
          municipalityId={laptop?.municipality.id ?? user.municipalityId ?? undefined}
          value={v.borrowerPersonId}
          onChange={(id) => form.set('borrowerPersonId', id)}
          label={t('sites.booking.borrower')}
          searchLabel={t('sites.booking.borrowerSearch')}
          searchHelp={t('sites.booking.borrowerSearchHelp')}
          noneLabel={t('sites.booking.noBorrower')}
          error={form.errors.borrowerPersonId}
        />
        <Group align="flex-start" wrap="wrap">
          <TextInput type="date" label={t('sites.booking.from')} required w={200} {...form.text('from')} />
          <TextInput
            type="date"
            label={t('sites.booking.to')}
            description={t('sites.booking.toHelp', { days: daysText(pool.minimumDays, t) })}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            required
            w={200}
            {...form.text('to')}
          />
        </Group>
        <Textarea label={t('sites.booking.note')} autosize minRows={2} maxLength={2000} {...form.text('note')} />
        <ProblemAlert error={save.error} knownFields={placedFields(save.error, bookingPath)} />
        {invalid && (
          <Alert color="red" role="alert">
            {t('sites.booking.fixFields')}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={form.submitting}>
            {t('sites.booking.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

// ---------------------------------------------------------------- the pool's laptops

function Laptops({ pool, onRemove }: { pool: Pool; onRemove: (laptop: PoolLaptop) => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const manages = pool.actions.manage.allowed;
  const spansBoth = user.municipalityId === null;
  return (
    <Stack gap="md">
      <ListTable
        items={pool.laptops}
        empty={t('sites.pool.laptopsEmpty')}
        label={t('sites.pool.laptopsTable')}
        caption
        minWidth={900}
        columns={[
          t('sites.pool.serial'),
          t('sites.pool.model'),
          spansBoth && t('sites.pool.municipality'),
          t('sites.pool.state'),
          { label: t('sites.pool.booked'), minWidth: 260 },
          manages && t('sites.pool.actions'),
        ]}
        row={(l) => (
          <Table.Tr key={l.assetId}>
            <Table.Th scope="row" fw="normal" ff="monospace">
              {l.serial}
            </Table.Th>
            <Table.Td>{l.model}</Table.Td>
            {spansBoth && <Table.Td>{l.municipality.name}</Table.Td>}
            <Table.Td>{capitalised(l.statusText)}</Table.Td>
            <Table.Td>
              {l.booked.length === 0 ? (
                t('sites.pool.free')
              ) : (
                <ul style={{ margin: 0, paddingLeft: '1.1rem' }}>
                  {l.booked.map((b) => (
                    <li key={`${b.from}-${b.to}`}>{t('sites.pool.periodStatus', { from: formatDate(b.from), to: formatDate(b.to), status: b.statusText })}</li>
                  ))}
                </ul>
              )}
            </Table.Td>
            {manages && (
              <Table.Td>
                {l.actions.remove.allowed && (
                  <Button
                    size="compact-sm"
                    variant="default"
                    color="red"
                    aria-label={t('sites.pool.removeNamed', { serial: l.serial })}
                    onClick={() => onRemove(l)}
                  >
                    {t('sites.pool.remove')}
                  </Button>
                )}
              </Table.Td>
            )}
          </Table.Tr>
        )}
      />
      {manages && <AddLaptop />}
    </Stack>
  );
}

/** IT puts a registered short-term-rental laptop in stock into the pool, by its serial number. */
function AddLaptop() {
  const { t } = useTranslation();
  const done = useDone();
  const save = useMutation({
    mutationFn: (v: { serial: string }) => api.post<Pool>('/api/v1/laptop-pool/laptops', { serial: v.serial.trim() }),
    onSuccess: async (_pool, v) => {
      form.mantine.reset();
      await done(t('sites.pool.added', { serial: v.serial.trim() }));
    },
  });
  const path = (field: string) => (field === 'serial' ? field : undefined);
  const form = useSamdeskForm({
    initialValues: { serial: '' },
    required: () => ({ serial: { label: t('sites.pool.addSerial') } }),
    problemPath: path,
    onInvalid: () => save.reset(),
    action: save,
  });
  const title = t('sites.pool.add');
  return (
    <form onSubmit={form.submit} noValidate aria-label={title}>
      <Stack gap="xs" maw={720}>
        <Text fw={600}>{title}</Text>
        <Text size="sm" c="dimmed">
          {t('sites.pool.addHelp')}
        </Text>
        <ProblemAlert error={save.error} knownFields={placedFields(save.error, path)} />
        <Group align="flex-start" wrap="wrap">
          <TextInput label={t('sites.pool.addSerial')} required maxLength={100} w={260} {...form.text('serial')} />
          <Button type="submit" variant="default" loading={form.submitting} mt={25}>
            {t('sites.pool.addSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RemoveLaptopDialog({ laptop, onClose }: { laptop: PoolLaptop; onClose: () => void }) {
  const { t } = useTranslation();
  const done = useDone();
  const remove = useMutation({
    mutationFn: () => request<Pool>('DELETE', `/api/v1/laptop-pool/laptops/${laptop.assetId}`),
    onSuccess: async () => {
      onClose();
      await done(t('sites.pool.removed', { serial: laptop.serial }));
    },
  });
  return (
    <ConfirmDialog
      title={t('sites.pool.removeTitle', { serial: laptop.serial })}
      message={t('sites.pool.removeMessage', { serial: laptop.serial })}
      confirmLabel={t('sites.pool.removeConfirm')}
      action={remove}
      onClose={onClose}
    />
  );
}

// ---------------------------------------------------------------- the bookings

type StepKind = 'handOut' | 'return' | 'cancel' | 'remind';

function Bookings({ bookings, empty, onAct }: { bookings: Booking[]; empty: string; onAct: (kind: StepKind, b: Booking) => void }) {
  const { t } = useTranslation();
  const steps: { kind: StepKind; text: string; named: (b: Booking) => string; color?: string }[] = [
    { kind: 'handOut', text: t('sites.pool.handOut'), named: (b) => t('sites.pool.handOutNamed', { serial: b.laptop.serial, unit: b.unit.name }) },
    { kind: 'return', text: t('sites.pool.return'), named: (b) => t('sites.pool.returnNamed', { serial: b.laptop.serial, unit: b.unit.name }) },
    { kind: 'remind', text: t('sites.pool.remind'), named: (b) => t('sites.pool.remindNamed', { serial: b.laptop.serial, unit: b.unit.name }) },
    { kind: 'cancel', text: t('sites.pool.cancel'), named: (b) => t('sites.pool.cancelNamed', { serial: b.laptop.serial, unit: b.unit.name }), color: 'red' },
  ];
  return (
    <ListTable
      items={bookings}
      empty={empty}
      label={t('sites.pool.bookingsTable')}
      caption
      minWidth={900}
      columns={[
        t('sites.pool.laptop'),
        t('sites.pool.unit'),
        t('sites.pool.borrower'),
        { label: t('sites.pool.dates'), minWidth: 200 },
        { label: t('sites.pool.status'), minWidth: 180 },
        t('sites.pool.actions'),
      ]}
      row={(b) => {
        const allowed = steps.filter((s) => b.actions[s.kind].allowed);
        return (
          <Table.Tr key={b.id}>
            <Table.Th scope="row" fw="normal">
              <Stack gap={0}>
                <Text size="sm" ff="monospace">
                  {b.laptop.serial}
                </Text>
                <Text size="xs" c="dimmed">
                  {b.laptop.model}
                </Text>
              </Stack>
            </Table.Th>
            <Table.Td>{b.unit.name}</Table.Td>
            <Table.Td>{b.borrower?.name ?? t('sites.pool.noBorrower')}</Table.Td>
            <Table.Td>
              <Stack gap={0}>
                <Text size="sm">{t('sites.pool.period', { from: formatDate(b.from), to: formatDate(b.to) })}</Text>
                <Text size="xs" c="dimmed">
                  {daysText(b.days, t)}
                </Text>
              </Stack>
            </Table.Td>
            <Table.Td>
              <Stack gap={0}>
                <Text size="sm" fw={b.overdue ? 700 : undefined} c={b.overdue ? 'red.9' : undefined}>
                  {capitalised(b.statusText)}
                </Text>
                {b.handedOutOn && (
                  <Text size="xs" c="dimmed">
                    {t('sites.pool.handedOutOn', { date: formatDate(b.handedOutOn) })}
                  </Text>
                )}
                {b.returnedOn && (
                  <Text size="xs" c="dimmed">
                    {t('sites.pool.returnedOn', { date: formatDate(b.returnedOn) })}
                  </Text>
                )}
                {b.remindedOn && (
                  <Text size="xs" c="dimmed">
                    {t('sites.pool.remindedOn', { date: formatDate(b.remindedOn) })}
                  </Text>
                )}
              </Stack>
            </Table.Td>
            <Table.Td>
              {allowed.length === 0 ? (
                t('app.none')
              ) : (
                <Group gap="xs" wrap="wrap">
                  {allowed.map((s) => (
                    <Button key={s.kind} size="compact-sm" variant="default" color={s.color} aria-label={s.named(b)} onClick={() => onAct(s.kind, b)}>
                      {s.text}
                    </Button>
                  ))}
                </Group>
              )}
            </Table.Td>
          </Table.Tr>
        );
      }}
    />
  );
}

/**
 * IT hands the laptop out or takes it back on a day (today unless changed: a loan recorded
 * afterwards), sent with the booking's version; a problem with the date shows at the field.
 */
function StepDialog({ booking, step, today, onClose }: { booking: Booking; step: 'handOut' | 'return'; today: string; onClose: () => void }) {
  const { t } = useTranslation();
  const done = useDone();
  const handOut = step === 'handOut';
  const save = useMutation({
    mutationFn: (v: { date: string }) =>
      api.post<Booking>(`/api/v1/laptop-bookings/${booking.id}/${handOut ? 'hand-out' : 'return'}`, { version: booking.version, date: v.date }),
    onSuccess: async (b) => {
      onClose();
      await done(handOut ? t('sites.step.handedOut', { serial: b.laptop.serial }) : t('sites.step.returned', { serial: b.laptop.serial }));
    },
  });
  const path = (field: string) => (field === 'date' ? field : undefined);
  const dateLabel = handOut ? t('sites.step.handOutDate') : t('sites.step.returnDate');
  const form = useSamdeskForm({
    initialValues: { date: today },
    required: () => ({ date: { label: dateLabel } }),
    problemPath: path,
    onInvalid: () => save.reset(),
    action: save,
  });
  const title = handOut ? t('sites.step.handOutTitle', { serial: booking.laptop.serial }) : t('sites.step.returnTitle', { serial: booking.laptop.serial });
  return (
    <Modal opened onClose={onClose} title={title}>
      <form onSubmit={form.submit} noValidate aria-label={title}>
        <Stack>
          <Text size="sm">{handOut ? t('sites.step.handOutHelp', { unit: booking.unit.name }) : t('sites.step.returnHelp', { unit: booking.unit.name })}</Text>
          <Text size="sm">
            {t('sites.pool.period', { from: formatDate(booking.from), to: formatDate(booking.to) })}, {daysText(booking.days, t)}
          </Text>
          <StaleRecord error={save.error} queryKey={sitesKeys.pool} message={t('sites.step.stale')} reload={t('app.reload')} onReload={() => save.reset()} />
          <ProblemAlert error={save.error} knownFields={placedFields(save.error, path)} />
          <TextInput type="date" label={dateLabel} required max={today} w={200} {...form.text('date')} />
          <FormButtons submitLabel={handOut ? t('sites.step.handOutSubmit') : t('sites.step.returnSubmit')} submitting={form.submitting} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

function CancelDialog({ booking, onClose }: { booking: Booking; onClose: () => void }) {
  const { t } = useTranslation();
  const done = useDone();
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: () => api.post<Booking>(`/api/v1/laptop-bookings/${booking.id}/cancel`, { version: booking.version }),
    onSuccess: async () => {
      onClose();
      await done(t('sites.step.cancelled'));
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: sitesKeys.pool }),
  });
  return (
    <ConfirmDialog
      title={t('sites.step.cancelTitle', { serial: booking.laptop.serial })}
      message={t('sites.step.cancelMessage', { unit: booking.unit.name, from: formatDate(booking.from), to: formatDate(booking.to) })}
      confirmLabel={t('sites.step.cancelConfirm')}
      action={cancel}
      staleMessage={t('sites.step.stale')}
      onClose={onClose}
    />
  );
}

function RemindDialog({ booking, onClose }: { booking: Booking; onClose: () => void }) {
  const { t } = useTranslation();
  const done = useDone();
  const queryClient = useQueryClient();
  const remind = useMutation({
    mutationFn: () => api.post<Booking>(`/api/v1/laptop-bookings/${booking.id}/remind`, { version: booking.version }),
    onSuccess: async () => {
      onClose();
      await done(t('sites.step.reminded'));
    },
    onError: () => void queryClient.invalidateQueries({ queryKey: sitesKeys.pool }),
  });
  return (
    <ConfirmDialog
      title={t('sites.step.remindTitle', { serial: booking.laptop.serial })}
      message={t('sites.step.remindMessage', { to: formatDate(booking.to) })}
      confirmLabel={t('sites.step.remindConfirm')}
      action={remind}
      staleMessage={t('sites.step.stale')}
      onClose={onClose}
    />
  );
}
