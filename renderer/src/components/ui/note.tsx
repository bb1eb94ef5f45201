import type { ReactNode } from 'react';
import { InfoIcon } from './icons.tsx';

export type NoteProps = { children: ReactNode };

/** Calm news that needs no action (a cancelled sign-in, a reopened page): announced politely. */
export const Note = ({ children }: NoteProps) => (
  <div className="note" role="status">
    <InfoIcon className="note__icon" />
    <p className="note__message">{children}</p>
  </div>
);
