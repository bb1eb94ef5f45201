import type { ReactNode } from 'react';
import { cx } from '../../utils/cx.ts';

export type BadgeProps = {
  tone?: 'neutral' | 'accent' | 'success' | 'warning';
  children: ReactNode;
};

export const Badge = ({ tone = 'neutral', children }: BadgeProps) => (
  <span className={cx('badge', `badge--${tone}`)}>{children}</span>
);
