import { describe, expect, it } from 'vitest';
import { browserLocale, defaultLocale } from './browser-locale.ts';

describe('defaultLocale', () => {
  it('follows the browser on the pages a QR code or a link leads strangers to', () => {
    expect(defaultLocale('/v/7KQ29XWM', ['en-US', 'en'])).toBe('en');
    expect(defaultLocale('/v/7KQ29XWM', ['de-DE'])).toBe('en');
    expect(defaultLocale('/verify', ['zh-TW', 'en'])).toBe('zh-CN');
    expect(defaultLocale('/help/verify', ['zh'])).toBe('zh-CN');
  });
  it('keeps the console in Chinese', () => {
    expect(defaultLocale('/login', ['en-US'])).toBe('zh-CN');
    expect(defaultLocale('/portal', ['en-GB'])).toBe('zh-CN');
  });
  it('reads an empty language list as English', () => {
    expect(browserLocale([])).toBe('en');
  });
});
