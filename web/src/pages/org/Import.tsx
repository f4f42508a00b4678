import { Alert, Button, Group, Input, Radio, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, qs, type FieldProblem } from '../../api.ts';
import { MunicipalitySelect } from '../../components/MunicipalitySelect.tsx';
import { PageHeader, ProblemAlert, RequirePermission } from '../../components/common.tsx';
import { useLocale, useMunicipalities } from '../../session.tsx';
import { hasText, sv } from '../../texts.ts';
import type { ImportReport } from '../../types.ts';

export function ImportPage() {
  return (
    <RequirePermission permission="administersOrganisation">
      <Import />
    </RequirePermission>
  );
}

type Kind = 'units' | 'people';

function Import() {
  const { t } = useTranslation();
  const locale = useLocale();
  const fileId = useId();
  const [kind, setKind] = useState<Kind>('units');
  const [municipalityId, setMunicipalityId] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const run = useMutation({
    mutationFn: async (dryRun: boolean) => {
      const text = await (file as File).text();
      return api.post<ImportReport>(`/api/v1/import/${kind}${qs({ municipalityId, dryRun })}`, text, { contentType: 'text/csv; charset=utf-8' });
    },
  });
  const start = (dryRun: boolean) => {
    if (!file) {
      setFileError(t('org.fileMissing'));
      return;
    }
    setFileError(undefined);
    run.mutate(dryRun);
  };
  const rejected = run.error instanceof ApiError && run.error.status === 422 ? run.error.problem.errors : null;
  const report = run.data;
  return (
    <>
      <PageHeader title={t('org.importTitle')} intro={t('org.importIntro')} />
      <Stack maw={900}>
        <Radio.Group
          label={t('org.importKind')}
          value={kind}
          onChange={(v) => {
            setKind(v === 'people' ? 'people' : 'units');
            run.reset();
          }}
        >
          <Group mt="xs">
            <Radio value="units" label={t('org.importUnits')} />
            <Radio value="people" label={t('org.importPeople')} />
          </Group>
        </Radio.Group>
        <MunicipalitySelect
          value={municipalityId}
          onChange={(id) => {
            setMunicipalityId(id);
            run.reset();
          }}
        />
        <Input.Wrapper label={t('org.file')} required id={fileId} error={fileError}>
          <input
            id={fileId}
            type="file"
            accept=".csv,text/csv,text/plain"
            aria-invalid={fileError ? true : undefined}
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0] ?? null);
              setFileError(undefined);
              run.reset();
            }}
            style={{ display: 'block', marginTop: 4 }}
          />
        </Input.Wrapper>
        <Group>
          <Button variant="outline" onClick={() => start(true)} loading={run.isPending && run.variables}>
            {t('org.check')}
          </Button>
          <Button onClick={() => start(false)} loading={run.isPending && !run.variables}>
            {t('org.runImport')}
          </Button>
        </Group>
        <div aria-live="polite">
          {report && (
            <Alert color="green" title={report.dryRun ? t('org.importChecked') : t('org.importDone')} role="status">
              {t('org.importCounts', { created: report.created, updated: report.updated, unchanged: report.unchanged })}
              {report.linked > 0 ? ` ${t('org.importLinked', { count: report.linked })}` : ''}
            </Alert>
          )}
        </div>
        {rejected && run.error instanceof ApiError ? (
          <RejectedReport errors={rejected} locale={locale} message={run.error.messageIn(locale)} municipalityId={municipalityId} />
        ) : (
          <ProblemAlert error={run.error} />
        )}
      </Stack>
    </>
  );
}

function RejectedReport({ errors, locale, message, municipalityId }: { errors: FieldProblem[]; locale: 'sv' | 'en'; message: string; municipalityId: string }) {
  const { t } = useTranslation();
  const municipality = useMunicipalities().data?.items.find((m) => m.id === municipalityId);
  /** A readable name for the API's field path, e.g. `accountingCodes.ansvar` → "Ansvar". */
  const fieldLabel = (field: string) => {
    const code = /^accountingCodes\.(.+)$/.exec(field)?.[1];
    if (code !== undefined) return municipality?.accountingFields.find((f) => f.key === code)?.label ?? code;
    return hasText(sv.fields, field) ? t(`fields.${field}`) : field;
  };
  return (
    <Stack>
      <Alert color="red" title={t('org.importRejected')} role="alert">
        <Text size="sm">{message}</Text>
      </Alert>
      <section aria-labelledby="import-report">
        <Title order={2} size="h3" id="import-report" mb="xs">
          {t('org.reportTitle')}
        </Title>
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('org.row')}</Table.Th>
              <Table.Th scope="col">{t('org.field')}</Table.Th>
              <Table.Th scope="col">{t('org.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...errors]
              .sort((a, b) => (a.row ?? 0) - (b.row ?? 0))
              .map((e, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{e.row ?? t('app.none')}</Table.Td>
                  <Table.Td>{fieldLabel(e.field)}</Table.Td>
                  <Table.Td>{locale === 'sv' && e.reasonSv ? e.reasonSv : e.reason}</Table.Td>
                </Table.Tr>
              ))}
          </Table.Tbody>
        </Table>
      </section>
    </Stack>
  );
}
