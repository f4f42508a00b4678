import { Alert, Button, CopyButton, Group, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Shows a one-time password once, clearly marked, with a copy button. */
export function OneTimePasswordBox({ name, password }: { name: string; password: string }) {
  const { t } = useTranslation();
  return (
    <Alert color="orange" variant="outline" title={t('org.otpTitle', { name })} role="status">
      <Text size="sm" mb="sm">
        {t('org.otpBody')}
      </Text>
      <Group align="flex-end" gap="sm">
        <TextInput label={t('org.otpLabel')} value={password} readOnly classNames={{ input: 'otp' }} onFocus={(e) => e.currentTarget.select()} w={320} />
        <CopyButton value={password}>
          {({ copied, copy }) => (
            <Button variant={copied ? 'filled' : 'outline'} color={copied ? 'green' : 'blue'} onClick={copy} aria-live="polite">
              {copied ? t('org.copied') : t('org.copy')}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Alert>
  );
}
