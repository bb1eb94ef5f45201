import type { ComponentPropsWithRef } from 'react';
import { cx } from '../../utils/cx.ts';

export type ButtonProps = ComponentPropsWithRef<'button'> & {
  variant?: 'primary' | 'secondary' | 'quiet';
  size?: 'small' | 'regular' | 'large';
  /** Ignores clicks while something else runs. Unlike `disabled`, the button keeps keyboard
   *  focus, so a person who pressed it is not dropped to the top of the page. */
  isBlocked?: boolean;
  /** Blocked, with a spinner in place of the label (which keeps its size and accessible name). */
  isPending?: boolean;
};

export const Button = ({
  variant = 'secondary',
  size = 'regular',
  isBlocked = false,
  isPending = false,
  className,
  type = 'button',
  onClick,
  children,
  ...props
}: ButtonProps) => {
  const blocked = isBlocked || isPending;
  return (
    <button
      type={type}
      className={cx('button', `button--${variant}`, size !== 'regular' && `button--${size}`, isPending && 'is-pending', className)}
      aria-disabled={blocked || undefined}
      aria-busy={isPending || undefined}
      onClick={blocked ? undefined : onClick}
      {...props}
    >
      <span className="button__label">{children}</span>
      {isPending && <span className="button__spinner" aria-hidden="true" />}
    </button>
  );
};
