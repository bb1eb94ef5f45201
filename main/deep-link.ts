/**
 * The app's private-use URI scheme (RFC 8252 §7.1), for providers that refuse loopback
 * redirects: the browser is sent to `com.example.oidcdesktop:/callback?code=...`, the operating
 * system hands that URL to the app, and this module checks it and passes it to the core's
 * `AuthService.handleRedirect`, which alone decides whether it completes a sign-in.
 *
 * How the URL arrives: macOS `open-url` (registered before `ready`, since a cold start delivers
 * it early); Windows and Linux start the app with the URL as an argument, so it is in the first
 * instance's `process.argv` or, when the app already runs, in the `second-instance` argv.
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.1
 */
import { resolve } from 'node:path';
import type { App } from 'electron';
import { MAX_REDIRECT_URL_LENGTH } from './auth/config.ts';
import { IDENTITY } from './identity.ts';

/** The app id from identity.json, which electron-builder.ts also reads (`appId`, `protocols`). */
export const APP_ID = IDENTITY.appId;

/**
 * The scheme for a reverse-domain app id: the id itself, lower-cased (schemes are
 * case-insensitive and Chromium reports them lower-case). RFC 8252 §7.1 asks for a reverse
 * domain name the app's publisher controls, so two apps never claim the same scheme.
 */
export function uriSchemeForAppId(appId: string): string {
  const scheme = appId.toLowerCase();
  if (!/^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+$/.test(scheme)) {
    throw new Error(`"${appId}" is not a reverse domain name such as com.example.app, so it cannot name a private-use URI scheme`);
  }
  return scheme;
}

/** The scheme registered with the operating system for this app. */
export const DEEP_LINK_SCHEME = uriSchemeForAppId(APP_ID);

/** Longer is not a redirect: authorization responses are a code, a state and an issuer (the
 *  core's own limit, so the glue never hands it what it would refuse). */
export const MAX_DEEP_LINK_LENGTH = MAX_REDIRECT_URL_LENGTH;

// Whitespace and control characters never appear in a URL the OS passes on honestly.
const UNSAFE_CHARACTERS = /[\s\u0000-\u001f\u007f]/;

/** The link, normalized, when it is a plausible URL of `scheme`; undefined otherwise. */
export function parseDeepLink(value: unknown, scheme: string = DEEP_LINK_SCHEME): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_DEEP_LINK_LENGTH) return undefined;
  if (UNSAFE_CHARACTERS.test(value) || !hasScheme(value, scheme)) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${scheme}:`) return undefined;
  // A redirect never carries credentials; a link that does is not one.
  if (url.username !== '' || url.password !== '') return undefined;
  return url.href;
}

function hasScheme(value: string, scheme: string): boolean {
  return value.slice(0, scheme.length + 1).toLowerCase() === `${scheme}:`;
}

/** Where accepted links go: the core's `AuthService` fits it. */
export interface RedirectReceiver {
  handleRedirect(url: string): Promise<boolean>;
}

/**
 * What became of a link: `completed` the core used it to finish a sign-in that was waiting for
 * it; `ignored` the core did not use it (no sign-in waited: stale, repeated or forged) or failed
 * on it; `refused` it was not a valid link of the scheme, or too many waited for the core;
 * `none` a command line carried no link of the scheme at all.
 */
export type DeepLinkOutcome = 'completed' | 'ignored' | 'refused' | 'none';

/** Takes links from the operating system and passes the valid ones to the core. */
export interface DeepLinkRouter {
  /** A URL delivered as such (macOS `open-url`). Settles once the core has had it (links that
   *  arrive before {@link attach} settle after it). */
  receiveUrl(url: unknown): Promise<DeepLinkOutcome>;
  /** A command line (Windows, Linux): arguments of the app's scheme are taken, the rest ignored.
   *  `completed` when any of them completed a sign-in. */
  receiveArgv(argv: readonly string[]): Promise<DeepLinkOutcome>;
  /** Sets the receiver; links that arrived before it (a cold start) are delivered now. */
  attach(receiver: RedirectReceiver): void;
}

/** Options of {@link createDeepLinkRouter}. */
export interface DeepLinkRouterOptions {
  /** Default {@link DEEP_LINK_SCHEME}. */
  scheme?: string;
  /** Told about problems; never receives the URL (it may carry an authorization code). */
  warn?: (message: string) => void;
}

// Links that arrive before the core is ready are held, but not without bound.
const MAX_PENDING_LINKS = 4;

/** Creates the router. It never logs a URL: the query holds the authorization code. */
export function createDeepLinkRouter(options: DeepLinkRouterOptions = {}): DeepLinkRouter {
  const scheme = options.scheme ?? DEEP_LINK_SCHEME;
  const warn = options.warn ?? ((message: string) => console.warn(`[deep-link] ${message}`));
  let receiver: RedirectReceiver | undefined;
  const pending: Array<{ url: string; settle: (outcome: DeepLinkOutcome) => void }> = [];

  // Never rejects: the outcome is all callers need, and a failure is warned about here.
  const deliver = (target: RedirectReceiver, url: string): Promise<DeepLinkOutcome> =>
    target.handleRedirect(url).then(
      (used) => {
        if (used) return 'completed';
        warn('a sign-in redirect arrived, but no sign-in was waiting for it (stale, repeated or forged): ignored');
        return 'ignored';
      },
      (error: unknown) => {
        warn(`a sign-in redirect could not be handled: ${error instanceof Error ? error.message : String(error)}`);
        return 'ignored';
      },
    );

  const receiveUrl = (value: unknown): Promise<DeepLinkOutcome> => {
    const url = parseDeepLink(value, scheme);
    if (url === undefined) {
      warn(`ignored a link that is not a valid ${scheme}: URL`);
      return Promise.resolve('refused');
    }
    if (receiver) return deliver(receiver, url);
    if (pending.length >= MAX_PENDING_LINKS) {
      warn('ignored a link that arrived before the app was ready (too many already waiting)');
      return Promise.resolve('refused');
    }
    return new Promise((settle) => pending.push({ url, settle }));
  };

  return {
    receiveUrl,
    async receiveArgv(argv) {
      const links = argv.filter((argument) => hasScheme(argument, scheme));
      if (links.length === 0) return 'none';
      const outcomes = await Promise.all(links.map(receiveUrl));
      if (outcomes.includes('completed')) return 'completed';
      return outcomes.includes('ignored') ? 'ignored' : 'refused';
    },
    attach(target) {
      receiver = target;
      for (const link of pending.splice(0)) void deliver(target, link.url).then(link.settle);
    },
  };
}

/** The `app` events the deep links arrive on; Electron's `app` fits it. */
export interface DeepLinkApp {
  on(event: 'open-url', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
}

/**
 * Listens for links: macOS `open-url`, and the argv of a second launch (which the single-instance
 * lock routed here). Call before `ready`.
 *
 * `focus` brings the app forward only when the person expects it: a link that completed the
 * sign-in they are waiting for, or a plain second launch (no link: they started the app again).
 * Any web page can fire a link of the scheme at any time; if each one pulled the app to the front,
 * a page could keep stealing focus, or raise the app over the browser to dress up a phishing
 * prompt. A link nobody waited for changes nothing, so it shows nothing either.
 */
export function setupDeepLinks(app: DeepLinkApp, router: DeepLinkRouter, focus: () => void): void {
  const focusWhen = (outcome: Promise<DeepLinkOutcome>, wanted: readonly DeepLinkOutcome[]): void => {
    void outcome.then((result) => {
      if (wanted.includes(result)) focus();
    });
  };
  app.on('open-url', (event, url) => {
    // Tells macOS the app took the URL.
    event.preventDefault();
    focusWhen(router.receiveUrl(url), ['completed']);
  });
  app.on('second-instance', (_event, argv) => {
    focusWhen(router.receiveArgv(argv), ['completed', 'none']);
  });
}

/** What decides whether the app registers its scheme itself at run time. */
export interface ProtocolClientFacts {
  platform: NodeJS.Platform;
  /** `app.isPackaged`. */
  isPackaged: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** `process.execPath`. */
  execPath: string;
  /** `process.argv`; in development argv[1] is the app folder Electron was started with. */
  argv: readonly string[];
  /** Whether the configuration redirects to the private-use URI at all. */
  needed: boolean;
}

/** The decision and its reason. `notify` marks a decision the developer should hear about. */
export type ProtocolClientPlan =
  | { register: false; reason: string; notify?: boolean }
  | { register: true; reason: string; path: string; args: string[] };

/** The variable that forces the decision: `1` registers (e.g. in development), `0` never does. */
export const REGISTER_SCHEME_ENV = 'OIDC_REGISTER_URI_SCHEME';

// Chromium stops reading switches at "--", so a crafted link cannot add any (the URL follows it).
const END_OF_SWITCHES = '--';

/**
 * Whether to call `app.setAsDefaultProtocolClient`, and with what. Installers that register the
 * scheme are left alone (macOS Info.plist, the NSIS installer, the deb/rpm desktop file), as is
 * development, where it would point the OS at node_modules' Electron, unless asked for.
 * Only Windows' portable build needs it: it has no installer, and runs from a temporary folder,
 * so the registration names the portable .exe itself.
 */
export function planProtocolClientRegistration(facts: ProtocolClientFacts): ProtocolClientPlan {
  const forced = facts.env[REGISTER_SCHEME_ENV]?.trim();
  if (forced === '0') return { register: false, reason: `${REGISTER_SCHEME_ENV}=0` };
  // Windows: the portable build runs from a fresh temporary folder; the .exe the person keeps is this one.
  const portableExe = facts.platform === 'win32' ? facts.env.PORTABLE_EXECUTABLE_FILE : undefined;
  const path = facts.isPackaged ? (portableExe ?? facts.execPath) : facts.execPath;
  // Development: Electron needs the app folder it was started with.
  const args = !facts.isPackaged && facts.argv[1] ? [resolve(facts.argv[1]), END_OF_SWITCHES] : [END_OF_SWITCHES];
  if (forced === '1') return { register: true, reason: `${REGISTER_SCHEME_ENV}=1`, path, args };
  if (!facts.needed) return { register: false, reason: 'the configuration uses the loopback redirect' };
  if (!facts.isPackaged) {
    const reason = `development build: redirects to the scheme reach this app only after ${REGISTER_SCHEME_ENV}=1 registers it`;
    return { register: false, reason, notify: true };
  }
  if (portableExe) return { register: true, reason: 'Windows portable build (no installer registered the scheme)', path, args };
  switch (facts.platform) {
    case 'darwin':
      return { register: false, reason: 'registered by the app bundle (Info.plist)' };
    case 'win32':
      return { register: false, reason: 'registered by the installer' };
    default:
      // deb/rpm: the installed .desktop file declares x-scheme-handler. An AppImage needs desktop
      // integration (AppImageLauncher, appimaged): xdg-settings cannot point at a file that is not there.
      return { register: false, reason: 'registered by the desktop entry (deb, rpm, integrated AppImage)' };
  }
}

/** Carries out the plan; a refusal is logged, not fatal (the app still starts; a sign-in that
 *  needs the scheme will time out with its own message). */
export function registerProtocolClient(
  app: Pick<App, 'setAsDefaultProtocolClient'>,
  plan: ProtocolClientPlan,
  scheme: string = DEEP_LINK_SCHEME,
  warn: (message: string) => void = (message) => console.warn(`[deep-link] ${message}`),
): boolean {
  if (!plan.register) {
    if (plan.notify) warn(`the ${scheme}: scheme is not registered (${plan.reason})`);
    return false;
  }
  const registered = app.setAsDefaultProtocolClient(scheme, plan.path, plan.args);
  if (!registered) warn(`could not register the ${scheme}: scheme with the operating system (${plan.reason}); redirects to it will not reach the app`);
  return registered;
}
