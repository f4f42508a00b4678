import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useChangeLanguage, useLocale } from '../session.tsx';

/** One button naming the other language in that language (WCAG 3.1.2: its own `lang`). */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const locale = useLocale();
  const change = useChangeLanguage();
  const next = locale === 'sv' ? 'en' : 'sv';
  return (
    <Button variant="default" size="sm" lang={next} title={t('app.switchLanguage')} onClick={() => void change(next)}>
      {t('app.otherLanguage')}
    </Button>
  );
}
