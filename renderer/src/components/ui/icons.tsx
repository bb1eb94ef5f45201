import type { ReactNode } from 'react';
import { cx } from '../../utils/cx.ts';

// Decorative line icons (24px grid, drawn with currentColor). Always aria-hidden: the text
// next to them carries the meaning.

export type IconProps = { className?: string };

type BaseIconProps = IconProps & { children: ReactNode };

const BaseIcon = ({ className, children }: BaseIconProps) => (
  <svg
    className={cx('icon', className)}
    viewBox="0 0 24 24"
    width="20"
    height="20"
    fill="none"
    stroke="currentColor"
    strokeWidth="1.75"
    strokeLinecap="round"
    strokeLinejoin="round"
    aria-hidden="true"
    focusable="false"
  >
    {children}
  </svg>
);

export const ShieldIcon = ({ className }: IconProps) => (
  <BaseIcon className={className}>
    <path d="M12 3l7 3v5c0 4.5-3 8.3-7 10-4-1.7-7-5.5-7-10V6l7-3z" />
    <path d="M9 12l2 2 4-4" />
  </BaseIcon>
);

export const LockIcon = ({ className }: IconProps) => (
  <BaseIcon className={className}>
    <rect x="5" y="11" width="14" height="10" rx="2" />
    <path d="M8 11V8a4 4 0 0 1 8 0v3" />
  </BaseIcon>
);

export const ClockIcon = ({ className }: IconProps) => (
  <BaseIcon className={className}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7v5l3 2" />
  </BaseIcon>
);

export const BrowserIcon = ({ className }: IconProps) => (
  <BaseIcon className={className}>
    <rect x="3" y="4" width="18" height="16" rx="2" />
    <path d="M3 9h18M7 6.5h.01M10 6.5h.01" />
  </BaseIcon>
);

export const AlertIcon = ({ className }: IconProps) => (
  <BaseIcon className={className}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7.5v5.5M12 16.5h.01" />
  </BaseIcon>
);

export const InfoIcon = ({ className }: IconProps) => (
  <BaseIcon className={className}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 11v5.5M12 7.5h.01" />
  </BaseIcon>
);

export const CheckIcon = ({ className }: IconProps) => (
  <BaseIcon className={className}>
    <path d="M5 12.5l4.5 4.5L19 7.5" />
  </BaseIcon>
);

export const CrossIcon = ({ className }: IconProps) => (
  <BaseIcon className={className}>
    <path d="M7 7l10 10M17 7L7 17" />
  </BaseIcon>
);

export const CopyIcon = ({ className }: IconProps) => (
  <BaseIcon className={className}>
    <rect x="9" y="9" width="11" height="11" rx="2" />
    <path d="M5 15V6a2 2 0 0 1 2-2h8" />
  </BaseIcon>
);

export const KeyIcon = ({ className }: IconProps) => (
  <BaseIcon className={className}>
    <circle cx="8" cy="15" r="4" />
    <path d="M11 12l8-8M16 7l2.5 2.5M14 9l2 2" />
  </BaseIcon>
);

export const PlugIcon = ({ className }: IconProps) => (
  <BaseIcon className={className}>
    <path d="M9 3v5M15 3v5M6 8h12v3a6 6 0 0 1-12 0V8zM12 17v4" />
  </BaseIcon>
);
