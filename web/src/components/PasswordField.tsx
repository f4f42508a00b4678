import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Mantine's PasswordInput with a show-password toggle that keyboard and screen-reader users can
 * reach: Mantine renders the toggle with tabIndex -1 and aria-hidden and toggles on mouse-down
 * (and Space) only. Here it is in the tab order, named, reports its state with aria-pressed
 * (Mantine sets it) and toggles with Enter and Space.
 */
export function PasswordField(props: Omit<PasswordInputProps, 'visible' | 'onVisibilityChange' | 'visibilityToggleButtonProps'> & { label: string }) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  return (
    <PasswordInput
      {...props}
      visible={visible}
      onVisibilityChange={setVisible}
      visibilityToggleButtonProps={{
        tabIndex: 0,
        'aria-label': t('app.showPassword', { field: props.label }),
        title: t('app.showPassword', { field: props.label }),
        onKeyDown: (e: KeyboardEvent<HTMLButtonElement>) => {
          // Mantine handles Space itself; Enter would otherwise do nothing (it toggles on mouse-down).
          if (e.key === 'Enter') {
            e.preventDefault();
            setVisible((v) => !v);
          }
        },
      }}
    />
  );
}
