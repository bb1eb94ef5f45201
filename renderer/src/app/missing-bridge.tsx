import { AppLayout } from '../components/layout/app-layout.tsx';
import { Alert } from '../components/ui/alert.tsx';

/** Shown instead of the app when the page runs without the preload bridge (opened directly). */
export const MissingBridge = () => (
  <AppLayout appVersion={undefined}>
    <section className="panel panel--narrow" aria-labelledby="screen-heading">
      <h2 id="screen-heading" className="screen-title">
        This window can’t reach the app
      </h2>
      <Alert>
        The sign-in screen was opened without the desktop app’s bridge, so it cannot sign you in. Start it from the
        desktop app instead of opening the page on its own. If you did start the app, reinstall it: part of it is
        missing.
      </Alert>
      <p className="hint">
        Technical detail: <code>window.desktop</code> is not defined (the preload script did not run).
      </p>
    </section>
  </AppLayout>
);
