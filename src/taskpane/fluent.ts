/**
 * Fluent UI web components for the pane, and the Office theme: the components Office's own
 * panes look like, with the luminance and accent taken from Office.context.officeTheme when
 * Excel gives one (light otherwise).
 */
import {
  accentBaseColor,
  baseLayerLuminance,
  fluentButton,
  fluentOption,
  fluentProgress,
  fluentSelect,
  fluentTextArea,
  fluentTextField,
  provideFluentDesignSystem,
  StandardLuminance,
  SwatchRGB,
} from '@fluentui/web-components';

let registered = false;

/** Registers the Fluent components the pane uses (once). */
export function registerFluent(): void {
  if (registered) return;
  registered = true;
  provideFluentDesignSystem().register(
    fluentButton(),
    fluentSelect(),
    fluentOption(),
    fluentProgress(),
    fluentTextField(),
    fluentTextArea(),
  );
}

/** "#rrggbb" → [r, g, b] in 0..1, or null for anything else. */
export function parseHexColor(hex: string | undefined): [number, number, number] | null {
  const m = /^#?([0-9a-f]{6})$/i.exec((hex ?? '').trim());
  if (!m) return null;
  const n = parseInt(m[1], 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}

/** Relative luminance (WCAG) of an rgb triple in 0..1. */
export function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** The subset of Office.OfficeTheme used. */
export interface ThemeColors {
  bodyBackgroundColor?: string;
  bodyForegroundColor?: string;
  controlBackgroundColor?: string;
}

/**
 * Applies the Office theme: dark luminance when the body background is dark, and the body
 * colours on the page. Without a theme (Excel on some platforms, browsers) the light default.
 *
 * @returns "dark" or "light", as set on <body data-theme>
 */
export function applyOfficeTheme(theme: ThemeColors | undefined): 'dark' | 'light' {
  const background = parseHexColor(theme?.bodyBackgroundColor);
  const dark = background !== null && luminance(background) < 0.2;
  const body = document.body;
  body.dataset.theme = dark ? 'dark' : 'light';
  if (dark) baseLayerLuminance.setValueFor(body, StandardLuminance.DarkMode);
  // Excel's green accent, as its own panes use it.
  accentBaseColor.setValueFor(body, SwatchRGB.create(0x10 / 255, 0x7c / 255, 0x41 / 255));
  if (background && theme?.bodyBackgroundColor && theme.bodyForegroundColor) {
    body.style.setProperty('--pane-bg', theme.bodyBackgroundColor);
    body.style.setProperty('--pane-fg', theme.bodyForegroundColor);
  }
  return dark ? 'dark' : 'light';
}
