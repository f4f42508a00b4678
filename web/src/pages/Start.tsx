import { Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/common.tsx';
import { useMunicipalities, useSession } from '../session.tsx';

export function StartPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const municipalities = useMunicipalities();
  const municipality =
    user.municipalityId === null
      ? t('start.bothMunicipalities')
      : (municipalities.data?.items.find((m) => m.id === user.municipalityId)?.name ?? (municipalities.isPending ? t('app.loading') : t('app.none')));
  return (
    <>
      <PageHeader title={t('start.welcome', { name: user.displayName })} intro={t('start.intro')} />
      <Card withBorder maw={640} component="section" aria-labelledby="about-you">
        <Stack gap="sm">
          <Title order={2} size="h3" id="about-you">
            {t('start.you')}
          </Title>
          <Table variant="vertical" withTableBorder={false}>
            <Table.Tbody>
              <Table.Tr>
                <Table.Th w={180}>{t('start.username')}</Table.Th>
                <Table.Td>{user.username}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('start.roles')}</Table.Th>
                <Table.Td>
                  <Group gap={6}>
                    {user.roles.map((r) => (
                      <Badge key={r} color="blue">
                        {t(`roles.${r}`)}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('start.municipality')}</Table.Th>
                <Table.Td>{municipality}</Table.Td>
              </Table.Tr>
              {user.email && (
                <Table.Tr>
                  <Table.Th>{t('start.email')}</Table.Th>
                  <Table.Td>
                    <Text size="sm">{user.email}</Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </Stack>
      </Card>
    </>
  );
}
