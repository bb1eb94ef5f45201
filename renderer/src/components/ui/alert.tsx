import type { ReactNode } from 'react';
import { AlertIcon } from './icons.tsx';

export type AlertProps = {
  /** A short code for support and bug reports, shown in small print. */
  code?: string;
  children: ReactNode;
};

/** Something went wrong and the person should act: announced at once (role="alert"). */
export const Alert = ({ code, children }: AlertProps) => (
  <div className="alert" role="alert">
    <AlertIcon className="alert__icon" />
    <div className="alert__body">
      <p className="alert__message">{children}</p>
      {code && (
        <p className="alert__code">
          Error code: <code>{code}</code>
        </p>
      )}
    </div>
  </div>
);
