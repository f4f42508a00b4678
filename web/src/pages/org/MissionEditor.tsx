import { ActionIcon, Button, Card, Checkbox, Group, NativeSelect, NumberInput, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { monthName } from '../../format.ts';
import { useLocale, useMunicipalities } from '../../session.tsx';
import type { MissionDocument } from '../../types.ts';

// Not imported from src/mission/document.ts: that module pulls zod into the bundle.
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

/** Field problems by document path (`calendar.openingHours.friday.close`), in the UI language. */
export type EditorErrors = Record<string, string>;

/**
 * Issue 20: the draft mission as a form — opening hours and changed days, service levels, the
 * intefunktion list, support levels, the survey, on-call, billing, availability, follow-up periods and
 * reserve power. Every change goes through `onChange` with a new document; the server checks the whole
 * document on save and names each problem's field, which shows here by its path.
 */
export function MissionEditor({ doc, errors, onChange }: { doc: MissionDocument; errors: EditorErrors; onChange: (doc: MissionDocument) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const municipalities = useMunicipalities();
  const set = (change: (d: MissionDocument) => void) => {
    const next = structuredClone(doc);
    change(next);
    onChange(next);
  };
  const err = (path: string) => errors[path];
  const cal = doc.calendar;
  const municipalityOptions = [
    { value: '', label: t('mission.editor.bothMunicipalities') },
    ...(municipalities.data?.items ?? []).map((m) => ({ value: m.code, label: m.name })),
  ];
  const municipalityName = (code: string) => municipalities.data?.items.find((m) => m.code === code)?.name ?? code;
  const monthOptions = MONTHS.map((m) => ({ value: String(m), label: monthName(m, locale) }));

  return (
    <Stack>
      <Section id="e-general" title={t('mission.editor.general')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('mission.editor.titleField')}
            value={doc.title}
            error={err('title')}
            onChange={(e) => {
              const value = e.currentTarget.value;
              set((d) => (d.title = value));
            }}
          />
          <TextInput
            label={t('mission.editor.effectiveFrom')}
            type="date"
            value={doc.effectiveFrom}
            error={err('effectiveFrom')}
            onChange={(e) => {
              const value = e.currentTarget.value;
              set((d) => (d.effectiveFrom = value));
            }}
          />
        </SimpleGrid>
      </Section>

      <Section id="e-hours" title={t('mission.editor.openingHours')}>
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('mission.weekday')}</Table.Th>
              <Table.Th scope="col">{t('mission.editor.closedDay')}</Table.Th>
              <Table.Th scope="col">{t('mission.editor.open')}</Table.Th>
              <Table.Th scope="col">{t('mission.editor.close')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {WEEKDAYS.map((day) => {
              const hours = cal.openingHours[day];
              const name = t(`mission.weekdays.${day}`);
              return (
                <Table.Tr key={day}>
                  <Table.Th scope="row" fw={400} tt="capitalize">
                    {name}
                  </Table.Th>
                  <Table.Td>
                    <Checkbox
                      aria-label={`${t('mission.editor.closedDay')}, ${name}`}
                      checked={hours === null}
                      onChange={(e) => {
                        const closed = e.currentTarget.checked;
                        set((d) => (d.calendar.openingHours[day] = closed ? null : { open: '08:00', close: '16:00' }));
                      }}
                    />
                  </Table.Td>
                  <Table.Td>
                    {hours && (
                      <TimeField
                        label={`${t('mission.editor.open')}, ${name}`}
                        value={hours.open}
                        error={err(`calendar.openingHours.${day}.open`) ?? err(`calendar.openingHours.${day}`)}
                        onChange={(v) => set((d) => (d.calendar.openingHours[day] = { ...hours, open: v }))}
                      />
                    )}
                  </Table.Td>
                  <Table.Td>
                    {hours && (
                      <TimeField
                        label={`${t('mission.editor.close')}, ${name}`}
                        value={hours.close}
                        error={err(`calendar.openingHours.${day}.close`)}
                        onChange={(v) => set((d) => (d.calendar.openingHours[day] = { ...hours, close: v }))}
                      />
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>

        <Title order={3} size="h5" mt="md">
          {t('mission.editor.changedHours')}
        </Title>
        {cal.changedHours.length === 0 && <Text size="sm">{t('mission.noItems')}</Text>}
        {cal.changedHours.map((c, i) => (
          <Group key={i} align="flex-end" wrap="wrap" mt="xs">
            <TextInput
              label={t('mission.editor.date')}
              type="date"
              value={c.date}
              error={err(`calendar.changedHours.${i}.date`)}
              onChange={(e) => {
                const value = e.currentTarget.value;
                set((d) => (d.calendar.changedHours[i]!.date = value));
              }}
            />
            <TimeField
              label={t('mission.editor.open')}
              value={c.open}
              error={err(`calendar.changedHours.${i}.open`)}
              onChange={(v) => set((d) => (d.calendar.changedHours[i]!.open = v))}
            />
            <TimeField
              label={t('mission.editor.close')}
              value={c.close}
              error={err(`calendar.changedHours.${i}.close`)}
              onChange={(v) => set((d) => (d.calendar.changedHours[i]!.close = v))}
            />
            <NativeSelect
              label={t('mission.editor.municipality')}
              data={municipalityOptions}
              value={c.municipality ?? ''}
              onChange={(e) => {
                const value = e.currentTarget.value;
                set((d) => {
                  const row = d.calendar.changedHours[i]!;
                  if (value) row.municipality = value;
                  else delete row.municipality;
                });
              }}
            />
            <TextInput
              label={t('mission.editor.reason')}
              value={c.reason}
              error={err(`calendar.changedHours.${i}.reason`)}
              onChange={(e) => {
                const value = e.currentTarget.value;
                set((d) => (d.calendar.changedHours[i]!.reason = value));
              }}
            />
            <RemoveButton
              label={t('mission.editor.removeRow', { what: c.date || t('mission.editor.date') })}
              onClick={() => set((d) => d.calendar.changedHours.splice(i, 1))}
            />
          </Group>
        ))}
        <Button
          variant="light"
          mt="xs"
          onClick={() => set((d) => d.calendar.changedHours.push({ date: `${d.year}-12-23`, open: '07:30', close: '12:00', reason: 'Dag före helgdag' }))}
        >
          {t('mission.editor.addChangedDay')}
        </Button>

        <Title order={3} size="h5" mt="md">
          {t('mission.editor.extraClosedDays')}
        </Title>
        {cal.extraClosedDays.length === 0 && <Text size="sm">{t('mission.noItems')}</Text>}
        {cal.extraClosedDays.map((c, i) => (
          <Group key={i} align="flex-end" wrap="wrap" mt="xs">
            <TextInput
              label={t('mission.editor.date')}
              type="date"
              value={c.date}
              error={err(`calendar.extraClosedDays.${i}.date`)}
              onChange={(e) => {
                const value = e.currentTarget.value;
                set((d) => (d.calendar.extraClosedDays[i]!.date = value));
              }}
            />
            <NativeSelect
              label={t('mission.editor.municipality')}
              data={municipalityOptions}
              value={c.municipality ?? ''}
              onChange={(e) => {
                const value = e.currentTarget.value;
                set((d) => {
                  const row = d.calendar.extraClosedDays[i]!;
                  if (value) row.municipality = value;
                  else delete row.municipality;
                });
              }}
            />
            <TextInput
              label={t('mission.editor.reason')}
              value={c.reason}
              error={err(`calendar.extraClosedDays.${i}.reason`)}
              onChange={(e) => {
                const value = e.currentTarget.value;
                set((d) => (d.calendar.extraClosedDays[i]!.reason = value));
              }}
            />
            <RemoveButton
              label={t('mission.editor.removeRow', { what: c.date || t('mission.editor.date') })}
              onClick={() => set((d) => d.calendar.extraClosedDays.splice(i, 1))}
            />
          </Group>
        ))}
        <Button variant="light" mt="xs" onClick={() => set((d) => d.calendar.extraClosedDays.push({ date: `${d.year}-01-02`, reason: 'Kompetensutveckling' }))}>
          {t('mission.editor.addClosedDay')}
        </Button>
      </Section>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Section id="e-sla" title={t('mission.editor.sla')}>
          <Stack>
            <PercentField
              label={t('mission.editor.firstLineTarget')}
              value={doc.support.firstLineResolutionTarget}
              error={err('support.firstLineResolutionTarget')}
              onChange={(v) => set((d) => (d.support.firstLineResolutionTarget = v))}
            />
            <PercentField
              label={t('mission.editor.atRiskShare')}
              value={doc.support.atRiskShare}
              error={err('support.atRiskShare')}
              onChange={(v) => set((d) => (d.support.atRiskShare = v))}
            />
            <WholeField
              label={t('mission.editor.intefunktionDays')}
              value={doc.support.intefunktion.resolveWithinWorkingDays}
              error={err('support.intefunktion.resolveWithinWorkingDays')}
              onChange={(v) => set((d) => (d.support.intefunktion.resolveWithinWorkingDays = v))}
            />
          </Stack>
        </Section>
        <Section id="e-availability" title={t('mission.editor.availability')}>
          <Stack>
            <PercentField
              label={t('mission.editor.targetShare')}
              value={doc.availability.targetShare}
              error={err('availability.targetShare')}
              decimals={2}
              onChange={(v) => set((d) => (d.availability.targetShare = v))}
            />
            <WholeField
              label={t('mission.editor.maxOutages')}
              value={doc.availability.maxOutagesPerYear}
              error={err('availability.maxOutagesPerYear')}
              onChange={(v) => set((d) => (d.availability.maxOutagesPerYear = v))}
            />
            <NumberInput
              label={t('mission.editor.reserveHours')}
              value={doc.sites.nodeReserveHours}
              error={err('sites.nodeReserveHours')}
              min={0}
              decimalSeparator=","
              onChange={(v) => set((d) => (d.sites.nodeReserveHours = typeof v === 'number' ? v : Number(v) || 0))}
            />
            <WholeField
              label={t('mission.editor.reapprovalMonths')}
              value={doc.sites.reapprovalMonths}
              error={err('sites.reapprovalMonths')}
              onChange={(v) => set((d) => (d.sites.reapprovalMonths = v))}
            />
          </Stack>
        </Section>
      </SimpleGrid>

      <Section id="e-intefunktion" title={t('mission.editor.intefunktion')}>
        {doc.support.intefunktion.functions.map((f, i) => (
          <Group key={f.code} align="flex-end" mt="xs" wrap="nowrap">
            <TextInput
              style={{ flex: 1 }}
              label={`${t('mission.editor.functionLabel')} ${i + 1}`}
              value={f.label}
              error={err(`support.intefunktion.functions.${i}.label`)}
              onChange={(e) => {
                const value = e.currentTarget.value;
                set((d) => (d.support.intefunktion.functions[i]!.label = value));
              }}
            />
            <RemoveButton label={t('mission.editor.removeRow', { what: f.label })} onClick={() => set((d) => d.support.intefunktion.functions.splice(i, 1))} />
          </Group>
        ))}
        <Button
          variant="light"
          mt="xs"
          onClick={() =>
            set((d) =>
              d.support.intefunktion.functions.push({ code: freeCode('funktion', d.support.intefunktion.functions), label: t('mission.editor.newFunction') }),
            )
          }
        >
          {t('mission.editor.addFunction')}
        </Button>
      </Section>

      <Section id="e-support" title={t('mission.editor.supportLevels')}>
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('mission.editor.service')}</Table.Th>
              <Table.Th scope="col">{t('mission.editor.supportLevel')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {doc.catalogue.services.map((s, i) => (
              <Table.Tr key={s.code}>
                <Table.Th scope="row" fw={400}>
                  {s.name}
                </Table.Th>
                <Table.Td>
                  <NativeSelect
                    aria-label={`${t('mission.editor.supportLevel')}, ${s.name}`}
                    data={[
                      { value: '', label: t('mission.editor.noSupportLevel') },
                      ...(['managed', 'managed_without_support', 'one_to_one'] as const).map((l) => ({
                        value: l,
                        label: t(`mission.editor.supportLevelNames.${l}`),
                      })),
                    ]}
                    value={s.supportLevel ?? ''}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      set((d) => {
                        const row = d.catalogue.services[i]!;
                        if (value === 'managed' || value === 'managed_without_support' || value === 'one_to_one') row.supportLevel = value;
                        else delete row.supportLevel;
                      });
                    }}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Section>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Section id="e-survey" title={t('mission.editor.survey')}>
          <Stack>
            <PercentField
              label={t('mission.editor.sampleShare')}
              value={doc.support.survey.sampleShare}
              error={err('support.survey.sampleShare')}
              onChange={(v) => set((d) => (d.support.survey.sampleShare = v))}
            />
            <WholeField
              label={t('mission.editor.personLimitDays')}
              value={doc.support.survey.personLimitDays}
              error={err('support.survey.personLimitDays')}
              onChange={(v) => set((d) => (d.support.survey.personLimitDays = v))}
            />
            <Title order={3} size="h5">
              {t('mission.editor.questions')}
            </Title>
            {doc.support.survey.questions.map((q, i) => (
              <Group key={q.code} align="flex-end" wrap="nowrap">
                <TextInput
                  style={{ flex: 1 }}
                  label={t('mission.editor.question', { n: i + 1 })}
                  value={q.text}
                  error={err(`support.survey.questions.${i}.text`)}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    set((d) => (d.support.survey.questions[i]!.text = value));
                  }}
                />
                <RemoveButton
                  label={t('mission.editor.removeRow', { what: t('mission.editor.question', { n: i + 1 }) })}
                  onClick={() => set((d) => d.support.survey.questions.splice(i, 1))}
                />
              </Group>
            ))}
            <Button
              variant="light"
              onClick={() =>
                set((d) => d.support.survey.questions.push({ code: freeCode('fraga', d.support.survey.questions), text: t('mission.editor.newQuestion') }))
              }
            >
              {t('mission.editor.addQuestion')}
            </Button>
          </Stack>
        </Section>
        <Section id="e-oncall" title={t('mission.editor.onCall')}>
          <Stack>
            <WholeField
              label={t('mission.editor.minimumBilledMinutes')}
              value={doc.support.onCall.minimumBilledMinutes}
              error={err('support.onCall.minimumBilledMinutes')}
              onChange={(v) => set((d) => (d.support.onCall.minimumBilledMinutes = v))}
            />
            <WholeField
              label={t('mission.editor.roundingIncrementMinutes')}
              value={doc.support.onCall.roundingIncrementMinutes}
              error={err('support.onCall.roundingIncrementMinutes')}
              onChange={(v) => set((d) => (d.support.onCall.roundingIncrementMinutes = v))}
            />
            <NativeSelect
              label={t('mission.editor.rounding')}
              data={(['per_started', 'nearest', 'none'] as const).map((r) => ({ value: r, label: t(`mission.editor.roundingNames.${r}`) }))}
              value={doc.support.onCall.rounding}
              onChange={(e) => {
                const value = e.currentTarget.value;
                if (value === 'per_started' || value === 'nearest' || value === 'none') set((d) => (d.support.onCall.rounding = value));
              }}
            />
          </Stack>
        </Section>
      </SimpleGrid>

      <Section id="e-billing" title={t('mission.editor.billing')}>
        <NativeSelect
          label={t('mission.editor.partMonth')}
          data={(['from_month_after_start', 'from_start_month'] as const).map((p) => ({ value: p, label: t(`mission.editor.partMonthNames.${p}`) }))}
          value={doc.billing.partMonth}
          onChange={(e) => {
            const value = e.currentTarget.value;
            if (value === 'from_month_after_start' || value === 'from_start_month') set((d) => (d.billing.partMonth = value));
          }}
        />
        <SimpleGrid cols={{ base: 1, md: 2 }} mt="md">
          {doc.billing.schedules.map((s, i) => {
            const name = municipalityName(s.municipality);
            return (
              <Card key={s.municipality} withBorder component="fieldset" aria-label={name}>
                <Title order={3} size="h4" mb="xs">
                  {name}
                </Title>
                <Stack gap="xs">
                  <NativeSelect
                    label={t('mission.editor.periodicFrequency')}
                    data={(['monthly', 'tertial'] as const).map((f) => ({ value: f, label: t(`mission.editor.frequencyNames.${f}`) }))}
                    value={s.periodic.frequency}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      if (value === 'monthly' || value === 'tertial') set((d) => (d.billing.schedules[i]!.periodic.frequency = value));
                    }}
                  />
                  <Checkbox.Group
                    label={t('mission.editor.invoiceMonths')}
                    value={s.periodic.invoiceMonths.map(String)}
                    error={err(`billing.schedules.${i}.periodic.invoiceMonths`)}
                    onChange={(values) => set((d) => (d.billing.schedules[i]!.periodic.invoiceMonths = values.map(Number).sort((a, b) => a - b)))}
                  >
                    <Group gap="xs" mt={4}>
                      {monthOptions.map((m) => (
                        <Checkbox key={m.value} value={m.value} label={m.label} />
                      ))}
                    </Group>
                  </Checkbox.Group>
                  <Checkbox
                    label={t('mission.editor.internal')}
                    checked={s.periodic.internal}
                    onChange={(e) => {
                      const checked = e.currentTarget.checked;
                      set((d) => (d.billing.schedules[i]!.periodic.internal = checked));
                    }}
                  />
                  <NativeSelect
                    label={t('mission.editor.continuousFrequency')}
                    data={(['monthly', 'continuous'] as const).map((f) => ({ value: f, label: t(`mission.editor.frequencyNames.${f}`) }))}
                    value={s.continuous.frequency}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      if (value === 'monthly' || value === 'continuous') set((d) => (d.billing.schedules[i]!.continuous.frequency = value));
                    }}
                  />
                  <NativeSelect
                    label={t('mission.editor.centralMonth')}
                    data={monthOptions}
                    value={String(s.central.invoiceMonth)}
                    onChange={(e) => {
                      const value = Number(e.currentTarget.value);
                      set((d) => (d.billing.schedules[i]!.central.invoiceMonth = value));
                    }}
                  />
                </Stack>
              </Card>
            );
          })}
        </SimpleGrid>
      </Section>

      <Section id="e-followup" title={t('mission.editor.followUp')}>
        {err('followUp.periods') && (
          <Text c="red" size="sm" role="alert">
            {err('followUp.periods')}
          </Text>
        )}
        {doc.followUp.periods.map((p, i) => (
          <Group key={i} align="flex-end" mt="xs">
            <TextInput
              label={t('mission.editor.periodCode')}
              value={p.code}
              error={err(`followUp.periods.${i}.code`)}
              onChange={(e) => {
                const value = e.currentTarget.value;
                set((d) => (d.followUp.periods[i]!.code = value));
              }}
            />
            <NativeSelect
              label={t('mission.editor.fromMonth')}
              data={monthOptions}
              value={String(p.fromMonth)}
              onChange={(e) => {
                const value = Number(e.currentTarget.value);
                set((d) => (d.followUp.periods[i]!.fromMonth = value));
              }}
            />
            <NativeSelect
              label={t('mission.editor.toMonth')}
              data={monthOptions}
              value={String(p.toMonth)}
              onChange={(e) => {
                const value = Number(e.currentTarget.value);
                set((d) => (d.followUp.periods[i]!.toMonth = value));
              }}
            />
            <RemoveButton label={t('mission.editor.removeRow', { what: p.code })} onClick={() => set((d) => d.followUp.periods.splice(i, 1))} />
          </Group>
        ))}
        <Button
          variant="light"
          mt="xs"
          onClick={() => set((d) => d.followUp.periods.push({ code: freeCode('P', d.followUp.periods), fromMonth: 12, toMonth: 12 }))}
        >
          {t('mission.editor.addPeriod')}
        </Button>
      </Section>
    </Stack>
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

function TimeField({ label, value, error, onChange }: { label: string; value: string; error: string | undefined; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={label}
      value={value}
      error={error}
      placeholder={t('mission.editor.timeHint')}
      inputMode="numeric"
      maxLength={5}
      w={110}
      onChange={(e) => onChange(e.currentTarget.value.trim())}
    />
  );
}

/** A fraction (0.25) edited as a percentage (25). */
function PercentField({
  label,
  value,
  error,
  decimals = 1,
  onChange,
}: {
  label: string;
  value: number;
  error: string | undefined;
  decimals?: number;
  onChange: (v: number) => void;
}) {
  const scale = 10 ** decimals;
  return (
    <NumberInput
      label={label}
      value={Math.round(value * 100 * scale) / scale}
      error={error}
      min={0}
      max={100}
      decimalScale={decimals}
      decimalSeparator=","
      suffix=" %"
      onChange={(v) => onChange(Math.round((typeof v === 'number' ? v : Number(String(v).replace(',', '.')) || 0) * scale) / (100 * scale))}
    />
  );
}

function WholeField({ label, value, error, onChange }: { label: string; value: number; error: string | undefined; onChange: (v: number) => void }) {
  return (
    <NumberInput
      label={label}
      value={value}
      error={error}
      min={0}
      allowDecimal={false}
      onChange={(v) => onChange(typeof v === 'number' ? v : Number(v) || 0)}
    />
  );
}

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <ActionIcon variant="subtle" color="red" size="lg" aria-label={label} title={label} onClick={onClick}>
      <span aria-hidden="true">✕</span>
    </ActionIcon>
  );
}

/** A code not yet used in the list, for a new row (`funktion-3`). */
function freeCode(prefix: string, rows: readonly { code: string }[]): string {
  for (let n = rows.length + 1; ; n += 1) {
    const code = prefix === 'P' ? `P${n}` : `${prefix}-${n}`;
    if (!rows.some((r) => r.code === code)) return code;
  }
}
