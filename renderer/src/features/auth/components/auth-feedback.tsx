import type { AuthErrorInfo } from '#ipc-contract';
import { Alert } from '../../../components/ui/alert.tsx';
import { Note } from '../../../components/ui/note.tsx';

const CANCELLED_FALLBACK = 'Sign-in cancelled. You can sign in again whenever you are ready.';

export type AuthFeedbackProps = {
  error: AuthErrorInfo | undefined;
  /** Good news to mention quietly when there is no error. */
  notice?: string | undefined;
};

/** The last error as an alert (a cancelled sign-in as a quiet note), else the notice, else nothing. */
export const AuthFeedback = ({ error, notice }: AuthFeedbackProps) => {
  if (error?.code === 'cancelled') return <Note>{error.message || CANCELLED_FALLBACK}</Note>;
  if (error) return <Alert code={error.code}>{error.message}</Alert>;
  if (notice) return <Note>{notice}</Note>;
  return null;
};
