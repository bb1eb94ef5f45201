// Imported first by every renderer test: jest-dom matchers, and unmounting between tests
// (Testing Library only cleans up by itself when test globals are on; ours are off).
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { removeFakeDesktop } from './fake-desktop-api.ts';

afterEach(() => {
  cleanup();
  removeFakeDesktop();
  vi.useRealTimers();
});
