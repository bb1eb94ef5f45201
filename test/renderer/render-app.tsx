import { act, render, screen, within } from '@testing-library/react';
import { App } from '../../renderer/src/app/app.tsx';

/** Renders the app and lets the bridge's first answers (state, app info) arrive. */
export const renderApp = () => act(async () => render(<App />));

/** Lets pending bridge promises settle and React re-render. */
export const flush = () => act(async () => {});

/** Queries inside the main landmark only: the header has live regions of its own (diagnostics). */
export const inMain = () => within(screen.getByRole('main'));
