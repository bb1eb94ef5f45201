/**
 * The network figures: what a person waits for, counted in round trips to a provider far away.
 *
 * The provider runs in its own process behind the delaying TLS proxy (bench/network-proxy.ts,
 * a throwaway certificate made here). Every run starts a fresh process per app (the core, and
 * AppAuth-JS + jose as the reference; bench/network-client.ts) and takes both through the same
 * steps, interleaved (their order alternates between runs):
 *
 *   start           the app opens, restore() finds no session, the app stays open a moment
 *   click           1. first sign-in: click (signIn()) -> browser open (openExternal)
 *   callback        2. first sign-in: the browser's redirect reaching the loopback listener
 *                      -> the first signed-in state
 *   warm            3. warm sign-in (same app, metadata and keys known): callback -> signed-in;
 *                      the proxy makes this access token short-lived (3 s)
 *   restoreValid    5. a restarted app over that session: restore() -> signed-in (token valid)
 *   restoreExpired  4. once the token expired, another restart: restore() -> signed-in with a
 *                      renewed expiry
 *   parStart/parClick  1. with PAR, the core only (AppAuth-JS has none): click -> browser open
 *
 * Between steps the parent waits until the proxy has been quiet for a while, so no request of
 * one step is counted in the next. Before each restore it closes the restoring app's idle
 * connections: a restarted app has none.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProviderChild, type ProviderChild } from './child.ts';
import { readPath, type PathReading } from './critical-path.ts';
import type { ClientKind, ClientToParent, NetworkClientConfig, NetworkStep, ParentToClient, ProxiedRequest, StepWindow } from './protocol.ts';
import { makeThrowawayCertificate } from './tls.ts';

export const FIGURES = ['clickToBrowser', 'clickToBrowserPar', 'callbackToSignedIn', 'warmCallbackToSignedIn', 'restoreExpired', 'restoreValid'] as const;
export type FigureName = (typeof FIGURES)[number];

export const FIGURE_TITLES: Record<FigureName | 'startup', string> = {
  startup: 'app open: restore() with no session, then a moment',
  clickToBrowser: '1. first sign-in: click -> browser open',
  clickToBrowserPar: '1. first sign-in with PAR: click -> browser open',
  callbackToSignedIn: '2. first sign-in: callback -> signed-in',
  warmCallbackToSignedIn: '3. warm sign-in: callback -> signed-in',
  restoreExpired: '4. restore, access token expired: restore() -> renewed',
  restoreValid: '5. restore, access token valid: restore() -> signed-in',
};

export interface FigureSample extends PathReading {
  run: number;
  notes?: string[];
  marks?: Record<string, number>;
}

export interface FigureResult {
  samples: FigureSample[];
  /** Why a run's figure could not be measured. */
  failures: string[];
  /** Set when the figure does not apply to this client. */
  notApplicable?: string;
}

export type ClientResults = Record<FigureName | 'startup', FigureResult>;

export interface NetworkOptions {
  runs: number;
  delayMs: number;
  handshakeMs: number;
  momentMs: number;
  resultsDir: string;
  /** Progress lines. */
  progress?: (line: string) => void;
}

export interface NetworkResults {
  settings: { runs: number; delayMs: number; handshakeMs: number; momentMs: number; shortTokenSeconds: number; quietMs: number; issuer: string; parIssuer?: string };
  clients: Record<ClientKind, ClientResults>;
  /** Problems that stopped a whole run or the section. */
  errors: string[];
}

/** The short-lived access token of the warm sign-in: valid for a restore right after, expired
 *  a few seconds later (the core renews a quarter of the lifetime, at least 1 s, early). */
const SHORT_TOKEN_SECONDS = 3;

const STEP_FIGURE: Partial<Record<NetworkStep, FigureName | 'startup'>> = {
  start: 'startup',
  click: 'clickToBrowser',
  callback: 'callbackToSignedIn',
  warm: 'warmCallbackToSignedIn',
  restoreValid: 'restoreValid',
  restoreExpired: 'restoreExpired',
  parClick: 'clickToBrowserPar',
};

function emptyResults(kind: ClientKind): ClientResults {
  const results = Object.fromEntries(['startup', ...FIGURES].map((name) => [name, { samples: [], failures: [] } satisfies FigureResult])) as unknown as ClientResults;
  if (kind === 'appauth') results.clickToBrowserPar.notApplicable = 'AppAuth-JS 1.4 has no pushed authorization requests';
  return results;
}

interface ClientProcess {
  kind: ClientKind;
  tag: string;
  step(step: NetworkStep): Promise<StepWindow>;
  /** TLS connections this app opened (from the proxy's log). */
  connections: Set<number>;
  stop(): Promise<void>;
}

async function startClient(kind: ClientKind, config: NetworkClientConfig, certFile: string, providers: Record<'main' | 'par', ProviderChild | undefined>): Promise<ClientProcess> {
  const script = fileURLToPath(new URL('./network-client.ts', import.meta.url));
  const child: ChildProcess = fork(script, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, NODE_OPTIONS: '', NODE_EXTRA_CA_CERTS: certFile, BENCH_CLIENT_CONFIG: JSON.stringify(config) },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let nextId = 1;
  const pending = new Map<number, { resolve(window: StepWindow): void; reject(error: Error): void }>();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => {
      const error = new Error(`the ${kind} client process exited (${code})${stderr.trim() ? `: ${stderr.trim()}` : ''}`);
      reject(error);
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
    child.on('message', (message: ClientToParent) => {
      switch (message.type) {
        case 'ready':
          resolve();
          return;
        case 'result': {
          const waiter = pending.get(message.id);
          pending.delete(message.id);
          if (message.ok && message.window) waiter?.resolve(message.window);
          else waiter?.reject(new Error(message.error ?? 'no window'));
          return;
        }
        case 'provider': {
          const target = providers[message.target];
          const reply = (answer: Omit<Extract<ParentToClient, { type: 'providerReply' }>, 'type' | 'id'>) => {
            if (message.id !== 0 && child.connected) child.send({ type: 'providerReply', id: message.id, ...answer } satisfies ParentToClient);
          };
          if (!target) {
            reply({ ok: false, error: `no ${message.target} provider` });
            return;
          }
          target.call(message.command).then(
            (result) => reply({ ok: true, result }),
            (error: unknown) => reply({ ok: false, error: error instanceof Error ? error.message : String(error) }),
          );
          return;
        }
      }
    });
  });
  await ready;
  return {
    kind,
    tag: config.tag,
    connections: new Set(),
    step: (step) =>
      new Promise<StepWindow>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.send({ type: 'step', id, step } satisfies ParentToClient);
      }),
    async stop() {
      if (child.exitCode !== null) return;
      child.send({ type: 'step', id: nextId++, step: 'end' } satisfies ParentToClient);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export async function measureNetwork(options: NetworkOptions): Promise<NetworkResults> {
  const progress = options.progress ?? (() => undefined);
  const quietMs = Math.max(100, Math.min(options.delayMs * 2, 400));
  const cert = await makeThrowawayCertificate(join(options.resultsDir, 'tls'));
  const env = { NODE_EXTRA_CA_CERTS: cert.certFile };
  const tls = { ...cert, delayMs: options.delayMs, handshakeMs: options.handshakeMs };
  const results: NetworkResults = {
    settings: { runs: options.runs, delayMs: options.delayMs, handshakeMs: options.handshakeMs, momentMs: options.momentMs, shortTokenSeconds: SHORT_TOKEN_SECONDS, quietMs, issuer: '' },
    clients: { core: emptyResults('core'), appauth: emptyResults('appauth') },
    errors: [],
  };

  const [main, par] = await Promise.all([startProviderChild({ tls, env }), startProviderChild({ tls, par: true, env }).catch((error: unknown) => error as Error)]);
  results.settings.issuer = main.issuer;
  const parProvider = par instanceof Error ? undefined : par;
  if (par instanceof Error) results.clients.core.clickToBrowserPar.notApplicable = `the PAR provider did not start: ${par.message}`;
  else results.settings.parIssuer = par.issuer;
  const providers = { main, par: parProvider };

  try {
    for (let run = 0; run < options.runs; run++) {
      const order: ClientKind[] = run % 2 === 0 ? ['core', 'appauth'] : ['appauth', 'core'];
      const clients = new Map<ClientKind, ClientProcess>();
      const late = new Map<string, ProxiedRequest[]>();
      const broken = new Map<ClientKind, string>();
      try {
        const started = await Promise.allSettled(
          order.map((kind) => startClient(kind, { kind, tag: `${kind}-${run + 1}`, issuer: main.issuer, clientId: main.clientId, ...(parProvider ? { parIssuer: parProvider.issuer } : {}), momentMs: options.momentMs }, cert.certFile, providers)),
        );
        started.forEach((outcome, i) => {
          if (outcome.status === 'fulfilled') clients.set(order[i]!, outcome.value);
          else broken.set(order[i]!, `the app process did not start: ${(outcome.reason as Error).message}`);
        });

        const runStep = async (kind: ClientKind, step: NetworkStep, target: ProviderChild = main): Promise<void> => {
          const figure = STEP_FIGURE[step];
          const result = figure ? results.clients[kind][figure] : undefined;
          const client = clients.get(kind);
          if (!client || broken.has(kind)) {
            result?.failures.push(`run ${run + 1}: ${broken.get(kind) ?? 'no app process'}`);
            return;
          }
          await target.quiesce(quietMs);
          if (step === 'restoreValid' || step === 'restoreExpired') await target.dropIdleConnections([...client.connections]);
          await target.proxyLog(true);
          if (step === 'warm') await target.proxyRules({ tokenExpiresIn: SHORT_TOKEN_SECONDS });
          let window: StepWindow | undefined;
          let failure: string | undefined;
          try {
            window = await client.step(step);
          } catch (error) {
            failure = (error as Error).message;
          }
          if (!(await target.quiesce(quietMs, 15_000))) failure ??= 'the provider never went quiet after the step';
          if (step === 'warm') await target.proxyRules({});
          // This app's requests only: the other app's and the browser's are not its round trips.
          // (An app's request answered during the other app's step is kept for its next step.)
          const all = await target.proxyLog(true);
          const log: ProxiedRequest[] = [...(late.get(client.tag) ?? []), ...all.filter((request) => request.app === client.tag)];
          late.delete(client.tag);
          for (const request of all) if (request.app && request.app !== client.tag) late.set(request.app, [...(late.get(request.app) ?? []), request]);
          for (const request of log) client.connections.add(request.connection);
          if (failure || !window) {
            result?.failures.push(`run ${run + 1}: ${failure}`);
            // A step the next ones build on: the rest of this run cannot be measured.
            if (['start', 'click', 'callback', 'warm', 'parStart'].includes(step)) broken.set(kind, `an earlier step failed (${step}: ${failure})`);
            return;
          }
          result?.samples.push({ run: run + 1, ...readPath(log, window.t0, window.t1), ...(window.notes?.length ? { notes: window.notes } : {}), ...(window.marks ? { marks: window.marks } : {}) });
        };

        for (const step of ['start', 'click', 'callback'] as const) for (const kind of order) await runStep(kind, step);
        for (const kind of order) {
          await runStep(kind, 'warm');
          await runStep(kind, 'restoreValid');
        }
        for (const kind of order) await runStep(kind, 'restoreExpired');
        if (parProvider && clients.has('core')) {
          await runStep('core', 'parStart', parProvider);
          await runStep('core', 'parClick', parProvider);
        }
        progress(`network run ${run + 1}/${options.runs} done`);
      } catch (error) {
        results.errors.push(`run ${run + 1}: ${(error as Error).message}`);
      } finally {
        await Promise.all([...clients.values()].map((client) => client.stop()));
      }
    }
  } finally {
    await Promise.all([main.stop(), parProvider?.stop()]);
  }
  return results;
}
