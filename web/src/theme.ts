import { createTheme, type CSSVariablesResolver } from '@mantine/core';

/**
 * WCAG 2.1 AA contrast: Mantine's default shade 6 gives white-on-blue buttons of about 3.5:1 and
 * grey "dimmed" text of about 3.3:1. Shade 9 and darker text colours reach at least 4.5:1.
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 9,
  focusRing: 'auto',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'sm',
  components: {
    Badge: { defaultProps: { variant: 'outline' } },
  },
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#495057',
    // Mantine's red.6 error text is about 3.3:1 on white; red.9 is about 5.4:1.
    '--mantine-color-error': '#c92a2a',
    '--mantine-color-placeholder': '#6b7075',
    '--mantine-color-green-light-color': '#1e6b30',
    '--mantine-color-orange-light-color': '#8a3a00',
    '--mantine-color-yellow-light-color': '#6b4e00',
    '--mantine-color-teal-light-color': '#0b5e4f',
    '--mantine-color-gray-light-color': '#343a40',
  },
  dark: {},
});
