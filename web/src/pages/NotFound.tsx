import { Anchor, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/common.tsx';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('app.notFound')} />
      <Text>
        <Anchor component={Link} to="/">
          {t('app.backToStart')}
        </Anchor>
      </Text>
    </>
  );
}
