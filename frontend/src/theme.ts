import { createTheme, defaultVariantColorsResolver, parseThemeColor, type CSSVariablesResolver, type VariantColorsResolver } from '@mantine/core';

// Text on light, subtle and outline variants in shade 9 of its color, so
// that it keeps 4.5:1 contrast on white and on the tinted backgrounds.
const variantColorResolver: VariantColorsResolver = (input) => {
  const base = defaultVariantColorsResolver(input);
  if (input.variant !== 'light' && input.variant !== 'subtle' && input.variant !== 'outline') return base;
  const parsed = parseThemeColor({ color: input.color || input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor || parsed.color === 'gray' || parsed.color === 'dark') return base;
  // Yellow and orange stay too light even at shade 9: use dark text there;
  // on the tinted background of 'light', darken shade 9 a little more.
  const shade9 = `var(--mantine-color-${parsed.color}-9)`;
  const text = ['yellow', 'orange', 'lime'].includes(parsed.color)
    ? 'var(--mantine-color-dark-7)'
    : input.variant === 'light'
      ? `color-mix(in srgb, ${shade9} 80%, black)`
      : shade9;
  return { ...base, color: text, border: input.variant === 'outline' ? `1px solid ${text}` : base.border };
};

// Shades chosen for WCAG AA contrast: white text on indigo-8 buttons, and
// dimmed text darker than Mantine's default gray-6.
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: 8,
  autoContrast: true,
  variantColorResolver,
  defaultRadius: 'md',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  components: {
    Button: { defaultProps: { loaderProps: { type: 'dots' } } },
    // The guide's words as written ("Active", "Pending"), not upper-cased.
    Badge: { defaultProps: { tt: 'none' } },
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } },
    Notification: {
      defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } },
      styles: { description: { color: 'var(--mantine-color-gray-8)' } },
    },
  },
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // 4.7:1 on white (Mantine's gray-6 placeholder is 3.3:1).
    '--mantine-color-placeholder': '#6c757d',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {},
});
