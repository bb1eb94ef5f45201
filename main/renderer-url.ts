/**
 * Which URL the window loads: the app's own `app://renderer/index.html`, always in a packaged
 * build; in development, Vite's dev server when `npm run dev` (scripts/dev.ts) says where it
 * is. The dev server URL comes from one environment variable only, is honoured only when the
 * app is not packaged, and only for a plain http://localhost or http://127.0.0.1 address: a
 * packaged app never loads code from a server, whatever its environment says.
 */
import { RENDERER_URL } from './app-protocol.ts';

/** The variable `npm run dev` sets to the dev server's URL, e.g. `http://localhost:5173/`. */
export const DEV_SERVER_URL_VARIABLE = 'OIDC_DESKTOP_DEV_SERVER_URL';

/** What the window loads, and why. */
export interface RendererSource {
  /** The URL to load, which is also the only page trusted to call IPC. */
  url: string;
  /** True when `url` is the dev server. */
  devServer: boolean;
  /** Why a dev server URL in the environment was not used (logged), if it was not. */
  ignored?: string;
}

/** Picks the renderer's URL for a packaged or development run, from `env`. */
export function rendererSource(input: { isPackaged: boolean; env: NodeJS.ProcessEnv }): RendererSource {
  const value = input.env[DEV_SERVER_URL_VARIABLE]?.trim();
  const builtIn: RendererSource = { url: RENDERER_URL, devServer: false };
  if (!value) return builtIn;
  if (input.isPackaged) return { ...builtIn, ignored: `${DEV_SERVER_URL_VARIABLE} is ignored: a packaged app loads only its own files.` };
  const devServer = devServerUrl(value);
  if (!devServer) {
    return { ...builtIn, ignored: `${DEV_SERVER_URL_VARIABLE} is ignored: the dev server must be http://localhost:<port>/ or http://127.0.0.1:<port>/.` };
  }
  return { url: devServer, devServer: true };
}

/** `value` as the dev server's root URL, or undefined unless it is plain loopback http. */
function devServerUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol !== 'http:' || !loopback || !url.port || url.username || url.password || url.search || url.hash || url.pathname !== '/') {
    return undefined;
  }
  return url.href;
}
