import { Badge, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { EmptyState, Loading, PageHeader, ProblemAlert, RequirePermission } from '../../components/common.tsx';
import { useMunicipalities } from '../../session.tsx';

export function MunicipalitiesPage() {
  const { t } = useTranslation();
  return (
    <RequirePermission permission="administersOrganisation">
      <PageHeader title={t('org.municipalitiesTitle')} intro={t('org.municipalitiesIntro')} />
      <MunicipalityList />
    </RequirePermission>
  );
}

function MunicipalityList() {
  const { t } = useTranslation();
  const query = useMunicipalities();
  if (query.isPending) return <Loading />;
  if (query.isError) return <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.items.length === 0) return <EmptyState>{t('org.noMunicipalities')}</EmptyState>;
  return (
    <Stack>
      {query.data.items.map((m) => (
        <Card key={m.id} withBorder component="section" aria-labelledby={`m-${m.id}`}>
          <Title order={2} size="h3" id={`m-${m.id}`}>
            {m.name}
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            {t('org.code')}: {m.code}
            {m.orgNumber ? ` · ${t('org.orgNumber')}: ${m.orgNumber}` : ''}
          </Text>
          <Table striped withTableBorder>
            <caption style={{ textAlign: 'left', fontWeight: 600, padding: '0.25rem 0' }}>{t('org.accountingFields')}</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('org.fieldLabel')}</Table.Th>
                <Table.Th scope="col">{t('org.fieldKey')}</Table.Th>
                <Table.Th scope="col">{t('org.fieldRequired')}</Table.Th>
                <Table.Th scope="col">{t('org.fieldPattern')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {m.accountingFields.map((f) => (
                <Table.Tr key={f.key}>
                  <Table.Td>{f.label}</Table.Td>
                  <Table.Td>
                    <code>{f.key}</code>
                  </Table.Td>
                  <Table.Td>{f.required ? <Badge color="blue">{t('app.yes')}</Badge> : t('app.no')}</Table.Td>
                  <Table.Td>{f.pattern ? <code>{f.pattern}</code> : t('app.none')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      ))}
    </Stack>
  );
}
