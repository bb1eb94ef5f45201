/**
 * A fast fetch-based "browser" for flow tests: a cookie jar, manual redirects, and just enough HTML
 * form handling to sign in at the test provider (login form by label, consent buttons by text) and
 * to confirm an RP-initiated logout. A full login + consent takes a few tens of milliseconds.
 */
import { TEST_ACCOUNTS, type TestAccount } from './provider.ts';

/** A form field as parsed from a page. */
export interface HtmlField {
  name: string;
  value: string;
  type: string;
  /** Text of the `<label for=...>` pointing at the field, if any. */
  label?: string;
  checked: boolean;
}

/** A submit button as parsed from a page (inside its form or linked with `form="id"`). */
export interface HtmlButton {
  name?: string;
  value: string;
  text: string;
}

/** A form as parsed from a page. */
export interface HtmlForm {
  id?: string;
  method: 'GET' | 'POST';
  action: URL;
  fields: HtmlField[];
  buttons: HtmlButton[];
}

/** A loaded page (after redirects). */
export interface HttpPage {
  url: URL;
  status: number;
  headers: Headers;
  body: string;
  /** The page's visible text, whitespace collapsed. */
  text: string;
  forms: HtmlForm[];
  /** Every URL requested before this one while following redirects. */
  redirects: URL[];
}

/** Options for {@link HttpBrowser.signIn}. */
export interface HttpSignInOptions {
  /** Default 'alice'. */
  username?: string;
  /** Default: the test account's password for a known username. */
  password?: string;
  /** Button to press on the consent page; default 'allow'. */
  consent?: 'allow' | 'deny';
  /** Request the app's loopback callback URL too (default true). */
  followCallback?: boolean;
}

/** Result of a sign-in whose callback was requested. */
export interface HttpSignInResult {
  /** The URL the provider redirected to on the app's loopback listener (code or error, state, iss). */
  callbackUrl: URL;
  status: number;
  body: string;
}

/** Options for {@link HttpBrowser.confirmLogout}. */
export interface HttpLogoutOptions {
  /** Press "Yes, sign me out" (default) or, with false, "No, stay signed in". */
  signOut?: boolean;
  /** Request the post-logout redirect URI (default true). */
  followRedirect?: boolean;
}

/** Where an end-session flow ended: the post-logout redirect URI, or the provider's own page. */
export interface HttpLogoutResult {
  url: URL;
  status?: number;
  body?: string;
}

/** A page the browser did not expect, or an HTTP error page where a flow cannot go on. */
export class HttpBrowserError extends Error {
  override readonly name = 'HttpBrowserError';
  constructor(
    message: string,
    readonly page?: HttpPage,
  ) {
    super(message);
  }
}

/** A cookie-keeping, redirect-following HTTP client that fills in the test provider's forms. */
/** How the person approves on the other device. */
export interface HttpDeviceOptions {
  username?: string;
  password?: string;
  /** The code to type when the address does not carry it. */
  userCode?: string;
  /** `deny` presses Deny at consent; `abort` aborts at the code confirmation. */
  consent?: 'allow' | 'deny' | 'abort';
}

export interface HttpBrowser {
  /** Signs in at the provider and stops at the app's loopback redirect (requesting it unless `followCallback: false`). */
  signIn(authorizationUrl: string | URL, options: HttpSignInOptions & { followCallback: false }): Promise<{ callbackUrl: URL }>;
  signIn(authorizationUrl: string | URL, options?: HttpSignInOptions & { followCallback?: true }): Promise<HttpSignInResult>;
  signIn(authorizationUrl: string | URL, options?: HttpSignInOptions): Promise<{ callbackUrl: URL } | HttpSignInResult>;
  /** Approves a sign-in from another device (RFC 8628): opens the verification address (with
   *  the code in it, or types `userCode`), confirms it, signs in and consents; resolves with the
   *  last page (the provider's success or error page). */
  approveDevice(verificationUri: string | URL, options?: HttpDeviceOptions): Promise<HttpPage>;
  /** GETs a URL, following redirects and keeping cookies. */
  get(url: string | URL): Promise<HttpPage>;
  /** Submits one of the page's forms (default the first), fields keyed by label or name, button by text or value. */
  submit(page: HttpPage, options?: { form?: number | HtmlForm; fields?: Record<string, string>; button?: string }): Promise<HttpPage>;
  /** Opens an end-session URL, confirms the logout form, and follows to the post-logout redirect. */
  confirmLogout(endSessionUrl: string | URL, options?: HttpLogoutOptions): Promise<HttpLogoutResult>;
  /** The cookies that would be sent to a URL. */
  cookies(url: string | URL): Array<{ name: string; value: string }>;
  /** Forgets every cookie (a fresh browser profile). */
  clearCookies(): void;
}

// ---------------------------------------------------------------------------------------------
// HTML (only what the test provider's and oidc-provider's pages need)

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

function parseAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of source.matchAll(/([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    const name = match[1]!.toLowerCase();
    attributes[name] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

function visibleText(html: string): string {
  return decodeEntities(
    html
      .replace(/<head\b[\s\S]*?<\/head>/gi, ' ')
      .replace(/<(script|style|noscript)\b[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]+>/g, ' '),
  )
    .replace(/\s+/g, ' ')
    .trim();
}

function parseButton(attributes: Record<string, string>, inner: string): HtmlButton | undefined {
  const type = (attributes.type ?? 'submit').toLowerCase();
  if (type !== 'submit') return undefined;
  return { name: attributes.name, value: attributes.value ?? '', text: visibleText(inner) };
}

function parseForms(html: string, base: URL): HtmlForm[] {
  const labels = new Map<string, string>();
  for (const match of html.matchAll(/<label\b([^>]*)>([\s\S]*?)<\/label>/gi)) {
    const target = parseAttributes(match[1]!).for;
    if (target) labels.set(target, visibleText(match[2]!));
  }
  const forms: HtmlForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attributes = parseAttributes(match[1]!);
    const inner = match[2]!;
    const fields: HtmlField[] = [];
    const buttons: HtmlButton[] = [];
    for (const input of inner.matchAll(/<input\b([^>]*)>/gi)) {
      const a = parseAttributes(input[1]!);
      const type = (a.type ?? 'text').toLowerCase();
      if (type === 'submit' || type === 'image') {
        buttons.push({ name: a.name, value: a.value ?? 'Submit', text: a.value ?? 'Submit' });
        continue;
      }
      if (!a.name || type === 'button' || type === 'reset' || type === 'file') continue;
      const label = a.id ? labels.get(a.id) : undefined;
      fields.push({ name: a.name, value: a.value ?? (type === 'checkbox' || type === 'radio' ? 'on' : ''), type, label, checked: 'checked' in a });
    }
    for (const area of inner.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi)) {
      const a = parseAttributes(area[1]!);
      if (a.name) fields.push({ name: a.name, value: decodeEntities(area[2]!), type: 'textarea', label: a.id ? labels.get(a.id) : undefined, checked: false });
    }
    for (const button of inner.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)) {
      const a = parseAttributes(button[1]!);
      if (a.form !== undefined && a.form !== attributes.id) continue;
      const parsed = parseButton(a, button[2]!);
      if (parsed) buttons.push(parsed);
    }
    forms.push({
      id: attributes.id,
      method: (attributes.method ?? 'get').toUpperCase() === 'POST' ? 'POST' : 'GET',
      action: new URL(attributes.action || base.href, base),
      fields,
      buttons,
    });
  }
  // Buttons outside their form, linked with form="id" (oidc-provider's logout page does this).
  const outside = html.replace(/<form\b[^>]*>[\s\S]*?<\/form>/gi, '');
  for (const button of outside.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)) {
    const a = parseAttributes(button[1]!);
    const form = a.form === undefined ? undefined : forms.find((f) => f.id === a.form);
    const parsed = parseButton(a, button[2]!);
    if (form && parsed) form.buttons.push(parsed);
  }
  return forms;
}

// ---------------------------------------------------------------------------------------------
// Cookies (host-only, path-scoped, expiring: what oidc-provider's cookies need)

interface StoredCookie {
  name: string;
  value: string;
  host: string;
  path: string;
  expires: number;
}

function defaultCookiePath(url: URL): string {
  const path = url.pathname;
  if (!path.startsWith('/') || path.lastIndexOf('/') === 0) return '/';
  return path.slice(0, path.lastIndexOf('/'));
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

function createCookieJar() {
  let cookies: StoredCookie[] = [];
  const live = (): StoredCookie[] => {
    const now = Date.now();
    cookies = cookies.filter((cookie) => cookie.expires > now);
    return cookies;
  };
  return {
    store(url: URL, setCookies: string[]): void {
      for (const line of setCookies) {
        const [pair = '', ...attributeParts] = line.split(';');
        const eq = pair.indexOf('=');
        if (eq <= 0) continue;
        const cookie: StoredCookie = {
          name: pair.slice(0, eq).trim(),
          value: pair.slice(eq + 1).trim(),
          host: url.hostname,
          path: defaultCookiePath(url),
          expires: Infinity,
        };
        let maxAgeSeen = false;
        for (const part of attributeParts) {
          const [rawKey = '', ...rest] = part.split('=');
          const key = rawKey.trim().toLowerCase();
          const value = rest.join('=').trim();
          if (key === 'path' && value.startsWith('/')) cookie.path = value;
          else if (key === 'max-age') {
            maxAgeSeen = true;
            cookie.expires = Date.now() + Number(value) * 1000;
          } else if (key === 'expires' && !maxAgeSeen) {
            const time = Date.parse(value);
            if (!Number.isNaN(time)) cookie.expires = time;
          }
        }
        cookies = cookies.filter((c) => !(c.name === cookie.name && c.host === cookie.host && c.path === cookie.path));
        cookies.push(cookie);
      }
    },
    matching(url: URL): StoredCookie[] {
      return live()
        .filter((cookie) => cookie.host === url.hostname && pathMatches(url.pathname, cookie.path))
        .sort((a, b) => b.path.length - a.path.length);
    },
    clear(): void {
      cookies = [];
    },
  };
}

// ---------------------------------------------------------------------------------------------

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const MAX_REDIRECTS = 20;

/** True for a loopback URL on another origin than the provider's: the app's redirect listener. */
function isAppLoopback(url: URL, providerOrigin: string): boolean {
  return LOOPBACK_HOSTS.has(url.hostname) && url.origin !== providerOrigin;
}

function isAutoSubmit(page: HttpPage): boolean {
  return page.forms.length > 0 && /document\.forms\[0\]\.submit\(\)/.test(page.body);
}

function findField(form: HtmlForm, key: string): HtmlField | undefined {
  const lower = key.toLowerCase();
  return (
    form.fields.find((field) => field.label?.toLowerCase() === lower) ??
    form.fields.find((field) => field.name === key)
  );
}

function findButton(form: HtmlForm, key: string): HtmlButton | undefined {
  const lower = key.toLowerCase();
  return form.buttons.find((button) => button.text.toLowerCase() === lower) ?? form.buttons.find((button) => button.value === key);
}

function describe(page: HttpPage): string {
  const text = page.text.length > 300 ? `${page.text.slice(0, 300)}...` : page.text;
  return `HTTP ${page.status} at ${page.url.href}: ${text}`;
}

type Step = { page: HttpPage } | { stoppedAt: URL; redirects: URL[] };

/** Creates a browser with an empty cookie jar. */
export function createHttpBrowser(): HttpBrowser {
  const jar = createCookieJar();

  async function navigate(
    method: 'GET' | 'POST',
    start: URL,
    body: URLSearchParams | undefined,
    stopAt?: (url: URL) => boolean,
  ): Promise<Step> {
    let url = start;
    const redirects: URL[] = [];
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      if (stopAt?.(url)) return { stoppedAt: url, redirects };
      const headers = new Headers({ accept: 'text/html,application/xhtml+xml,*/*;q=0.8', 'user-agent': 'test-http-browser/1' });
      const cookies = jar.matching(url);
      if (cookies.length > 0) headers.set('cookie', cookies.map((c) => `${c.name}=${c.value}`).join('; '));
      if (body) {
        headers.set('content-type', 'application/x-www-form-urlencoded');
        headers.set('origin', url.origin);
      }
      const response = await fetch(url, { method, headers, body: body?.toString(), redirect: 'manual' });
      jar.store(url, response.headers.getSetCookie());
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.arrayBuffer();
        redirects.push(url);
        url = new URL(location, url);
        if (response.status !== 307 && response.status !== 308) {
          method = 'GET';
          body = undefined;
        }
        continue;
      }
      const text = await response.text();
      const isHtml = (response.headers.get('content-type') ?? '').includes('html');
      return {
        page: {
          url,
          status: response.status,
          headers: response.headers,
          body: text,
          text: isHtml ? visibleText(text) : text,
          forms: isHtml ? parseForms(text, url) : [],
          redirects,
        },
      };
    }
    throw new HttpBrowserError(`too many redirects starting at ${start.href}`);
  }

  function formData(form: HtmlForm, fields: Record<string, string>, button: HtmlButton | undefined): URLSearchParams {
    const values = new Map(form.fields.map((field) => [field, field.value]));
    for (const [key, value] of Object.entries(fields)) {
      const field = findField(form, key);
      if (!field) throw new HttpBrowserError(`no field labelled or named "${key}" in the form posting to ${form.action.href}`);
      values.set(field, value);
    }
    const data = new URLSearchParams();
    for (const [field, value] of values) {
      if ((field.type === 'checkbox' || field.type === 'radio') && !field.checked) continue;
      data.append(field.name, value);
    }
    if (button?.name) data.append(button.name, button.value);
    return data;
  }

  function submitStep(
    form: HtmlForm,
    fields: Record<string, string>,
    button: HtmlButton | undefined,
    stopAt?: (url: URL) => boolean,
  ): Promise<Step> {
    const data = formData(form, fields, button);
    if (form.method === 'GET') {
      const target = new URL(form.action);
      target.search = data.toString();
      return navigate('GET', target, undefined, stopAt);
    }
    return navigate('POST', form.action, data, stopAt);
  }

  function pickForm(page: HttpPage, which: number | HtmlForm | undefined): HtmlForm {
    const form = typeof which === 'object' ? which : page.forms[which ?? 0];
    if (!form) throw new HttpBrowserError(`no form on the page: ${describe(page)}`, page);
    return form;
  }

  function pickButton(form: HtmlForm, key: string | undefined, page: HttpPage): HtmlButton | undefined {
    if (key === undefined) return form.buttons[0];
    const button = findButton(form, key);
    if (!button) throw new HttpBrowserError(`no button "${key}" on the page: ${describe(page)}`, page);
    return button;
  }

  const browser: HttpBrowser = {
    async signIn(authorizationUrl: string | URL, options: HttpSignInOptions = {}): Promise<HttpSignInResult> {
      const start = new URL(authorizationUrl);
      const stopAt = (url: URL): boolean => isAppLoopback(url, start.origin);
      const username = options.username ?? 'alice';
      const known = (TEST_ACCOUNTS as Readonly<Record<string, TestAccount>>)[username];
      const password = options.password ?? known?.password ?? '';
      const consentButton = options.consent === 'deny' ? 'Deny' : 'Allow';

      let step = await navigate('GET', start, undefined, stopAt);
      let loginAttempted = false;
      let consentGiven = false;
      for (let round = 0; round < 10 && 'page' in step; round++) {
        const { page } = step;
        if (isAutoSubmit(page)) {
          step = await submitStep(page.forms[0]!, {}, undefined, stopAt);
          continue;
        }
        const login = page.forms.find((form) => form.fields.some((field) => field.type === 'password'));
        if (login) {
          if (loginAttempted) throw new HttpBrowserError(`sign-in as "${username}" failed: ${describe(page)}`, page);
          loginAttempted = true;
          const fields = { [findField(login, 'Username') ? 'Username' : 'username']: username, [findField(login, 'Password') ? 'Password' : 'password']: password };
          step = await submitStep(login, fields, findButton(login, 'Sign in') ?? login.buttons[0], stopAt);
          continue;
        }
        const consent = page.forms.find((form) => findButton(form, 'Allow') && findButton(form, 'Deny'));
        if (consent && !consentGiven) {
          consentGiven = true;
          step = await submitStep(consent, {}, findButton(consent, consentButton), stopAt);
          continue;
        }
        throw new HttpBrowserError(`sign-in stopped on an unexpected page: ${describe(page)}`, page);
      }
      if ('page' in step) throw new HttpBrowserError(`sign-in did not reach the app: ${describe(step.page)}`, step.page);
      const callbackUrl = step.stoppedAt;
      if (options.followCallback === false) return { callbackUrl } as HttpSignInResult;
      const callback = await browser.get(callbackUrl);
      return { callbackUrl, status: callback.status, body: callback.body };
    },

    async approveDevice(verificationUri: string | URL, options: HttpDeviceOptions = {}): Promise<HttpPage> {
      const username = options.username ?? 'alice';
      const known = (TEST_ACCOUNTS as Readonly<Record<string, TestAccount>>)[username];
      const password = options.password ?? known?.password ?? '';
      let step = await navigate('GET', new URL(verificationUri), undefined);
      let codeEntered = false;
      let confirmed = false;
      let loginAttempted = false;
      let consentGiven = false;
      for (let round = 0; round < 10 && 'page' in step; round++) {
        const { page } = step;
        if (isAutoSubmit(page)) {
          step = await submitStep(page.forms[0]!, {}, undefined);
          continue;
        }
        const input = page.forms.find((form) => form.fields.some((field) => field.name === 'user_code' && field.type !== 'hidden'));
        if (input && options.userCode !== undefined && !codeEntered) {
          codeEntered = true;
          step = await submitStep(input, { user_code: options.userCode }, input.buttons[0]);
          continue;
        }
        const confirm = page.forms.find((form) => findButton(form, 'Continue') && findButton(form, 'Abort'));
        if (confirm && !confirmed) {
          confirmed = true;
          step = await submitStep(confirm, {}, findButton(confirm, options.consent === 'abort' ? 'Abort' : 'Continue'));
          continue;
        }
        const login = page.forms.find((form) => form.fields.some((field) => field.type === 'password'));
        if (login && !loginAttempted) {
          loginAttempted = true;
          step = await submitStep(login, { username, password }, findButton(login, 'Sign in') ?? login.buttons[0]);
          continue;
        }
        const consent = page.forms.find((form) => findButton(form, 'Allow') && findButton(form, 'Deny'));
        if (consent && !consentGiven) {
          consentGiven = true;
          step = await submitStep(consent, {}, findButton(consent, options.consent === 'deny' ? 'Deny' : 'Allow'));
          continue;
        }
        return page;
      }
      if ('page' in step) return step.page;
      throw new HttpBrowserError('the device approval left the provider');
    },

    async get(url) {
      const step = await navigate('GET', new URL(url), undefined);
      if ('page' in step) return step.page;
      throw new Error('unreachable');
    },

    async submit(page, options = {}) {
      const form = pickForm(page, options.form);
      const step = await submitStep(form, options.fields ?? {}, pickButton(form, options.button, page));
      if ('page' in step) return step.page;
      throw new Error('unreachable');
    },

    async confirmLogout(endSessionUrl, options = {}) {
      const start = new URL(endSessionUrl);
      const stopAt = (url: URL): boolean => isAppLoopback(url, start.origin);
      let step = await navigate('GET', start, undefined, stopAt);
      let confirmed = false;
      for (let round = 0; round < 5 && 'page' in step; round++) {
        const { page } = step;
        if (isAutoSubmit(page)) {
          step = await submitStep(page.forms[0]!, {}, undefined, stopAt);
          continue;
        }
        const form = page.forms.find((f) => findButton(f, 'Yes, sign me out'));
        if (!form || confirmed) break;
        confirmed = true;
        const button = findButton(form, options.signOut === false ? 'No, stay signed in' : 'Yes, sign me out');
        step = await submitStep(form, {}, button, stopAt);
      }
      if ('page' in step) {
        const { page } = step;
        if (page.status >= 400) throw new HttpBrowserError(`logout failed: ${describe(page)}`, page);
        return { url: page.url, status: page.status, body: page.body };
      }
      const url = step.stoppedAt;
      if (options.followRedirect === false) return { url };
      const landing = await browser.get(url);
      return { url, status: landing.status, body: landing.body };
    },

    cookies(url) {
      return jar.matching(new URL(url)).map(({ name, value }) => ({ name, value }));
    },

    clearCookies() {
      jar.clear();
    },
  };
  return browser;
}
