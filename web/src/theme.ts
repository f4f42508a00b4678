import { createTheme, type CSSVariablesResolver, type MantineThemeOverride } from '@mantine/core';

/** Texts the theme gives Mantine's own controls, in the UI language. */
export interface ThemeTexts {
  /** The × of every modal and drawer. */
  closeDialog: string;
  /** The × of every notification. */
  closeNotification: string;
}

/**
 * WCAG 2.1 AA contrast: Mantine's default shade 6 gives white-on-blue buttons of about 3.5:1 and
 * grey "dimmed" text of about 3.3:1. Shade 9 and darker text colours reach at least 4.5:1.
 *
 * Issue 16 (axe-core in the browser journeys):
 * - the × of modals, drawers and notifications is an icon only, so it gets its name here, once for
 *   every dialog (axe `button-name`, WCAG 4.1.2);
 * - a modal's header is a `<header>` inside a `role="dialog"` section, which axe and screen readers
 *   take for a second page banner (`landmark-no-duplicate-banner`); it is only a title bar;
 * - badges are outline badges whose text and border are the colour's light-variant text colour,
 *   which `cssVariablesResolver` darkens to at least 4.5:1 on white (`color-contrast`).
 */
export function themeFor(texts: ThemeTexts): MantineThemeOverride {
  return createTheme({
    primaryColor: 'blue',
    primaryShade: 9,
    focusRing: 'auto',
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    defaultRadius: 'sm',
    components: {
      Badge: { defaultProps: { variant: 'outline' } },
      Modal: { defaultProps: { closeButtonProps: { 'aria-label': texts.closeDialog }, attributes: { header: { role: 'none' } } } },
      Drawer: { defaultProps: { closeButtonProps: { 'aria-label': texts.closeDialog }, attributes: { header: { role: 'none' } } } },
      Notification: { defaultProps: { closeButtonProps: { 'aria-label': texts.closeNotification } } },
    },
  });
}

type Rgb = [number, number, number];

const rgb = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
const hex = (c: Rgb): string => `#${c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
/** `top` with opacity `alpha` painted over `below`. */
const over = (top: Rgb, alpha: number, below: Rgb): Rgb => top.map((v, i) => v * alpha + below[i]! * (1 - alpha)) as Rgb;
function luminance(c: Rgb): number {
  const [r, g, b] = c.map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
/** WCAG 2 contrast ratio of two opaque colours. */
export function contrast(a: Rgb | string, b: Rgb | string): number {
  const [x, y] = [typeof a === 'string' ? rgb(a) : a, typeof b === 'string' ? rgb(b) : b].map(luminance) as [number, number];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}
/** `colour`, darkened towards black in small steps until it reaches `min` against every background. */
function darkenUntil(colour: Rgb, against: Rgb[], min: number): Rgb {
  let c = colour;
  for (let k = 0; k < 25 && against.some((bg) => contrast(c, bg) < min); k++) c = over([0, 0, 0], 0.04 * (k + 1), colour);
  return c;
}

/** A little above WCAG AA's 4.5:1, so rounding in the browser never drops below it. */
export const MIN_CONTRAST = 4.6;
const WHITE: Rgb = [255, 255, 255];

/**
 * Badge and alert colours that pass WCAG AA (4.5:1) wherever they appear, computed for every colour
 * of the palette rather than picked one by one (axe found a cyan status badge at 4.23:1 on the
 * queue's highlighted row and white on orange filled badges at 4.29:1):
 * - `-light-color` (light badges' and alerts' text) and `-outline` (outline badges) are dark enough
 *   on the darkest background they are drawn on: the colour's own light tint over a highlighted row
 *   (blue light) over a striped row (gray.1);
 * - `-filled` (filled badges and buttons, white text) is dark enough under white text, and its
 *   `-filled-hover` darker still.
 */
export function paletteVariables(colors: Record<string, readonly string[]>, primaryShade: number): Record<string, string> {
  const out: Record<string, string> = {};
  const blue = rgb(colors.blue?.[primaryShade] ?? '#1864ab');
  const striped = rgb(colors.gray?.[1] ?? '#f1f3f5');
  for (const [name, shades] of Object.entries(colors)) {
    const base = shades[primaryShade];
    if (!base?.startsWith('#') || base.length !== 7) continue;
    const own = rgb(base);
    const darkest = over(own, 0.12, over(blue, 0.12, striped));
    const text = hex(darkenUntil(own, [darkest, WHITE], MIN_CONTRAST));
    out[`--mantine-color-${name}-light-color`] = text;
    out[`--mantine-color-${name}-outline`] = text;
    const filled = darkenUntil(own, [WHITE], MIN_CONTRAST);
    out[`--mantine-color-${name}-filled`] = hex(filled);
    // Mantine's hover of a shade-9 colour is the lighter shade 8 (white on teal.8 is 3.9:1): darker instead.
    out[`--mantine-color-${name}-filled-hover`] = hex(over([0, 0, 0], 0.12, filled));
  }
  return out;
}

export const cssVariablesResolver: CSSVariablesResolver = (theme) => ({
  variables: {},
  light: {
    ...paletteVariables(theme.colors, typeof theme.primaryShade === 'number' ? theme.primaryShade : theme.primaryShade.light),
    '--mantine-color-dimmed': '#495057',
    // Mantine's red.6 error text is about 3.3:1 on white; red.9 is about 5.4:1.
    '--mantine-color-error': '#c92a2a',
    '--mantine-color-placeholder': '#6b7075',
  },
  dark: {},
});
