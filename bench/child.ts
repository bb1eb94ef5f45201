/**
 * Parent side of the provider child (bench/provider-child.ts): fork it, wait for `ready`, and
 * call it. Every call is a tiny IPC message; none is made inside a measured window except the
 * fire-and-forget `follow` that plays the browser's request to the loopback callback.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildCommand, ChildReady, ChildReply, ProviderChildOptions, ProxiedRequest, ProxyRules, SeenRequest } from './protocol.ts';

export interface ProviderChild {
  issuer: string;
  clientId: string;
  pid: number;
  /** The proxy's delays, when the provider is behind the TLS proxy. */
  network?: ChildReady['network'];
  authorize(url: string): Promise<string>;
  /** Sends the browser's GET of the callback URL; returns at once (no reply is awaited). */
  follow(url: string): void;
  lastFollow(): Promise<{ status: number } | { error: string } | undefined>;
  clearRequests(): Promise<void>;
  requests(): Promise<SeenRequest[]>;
  cpuUsage(): Promise<NodeJS.CpuUsage>;
  proxyLog(clear?: boolean): Promise<ProxiedRequest[]>;
  proxyRules(rules: ProxyRules): Promise<void>;
  /** True once nothing was in flight for `quietMs`; false after `timeoutMs`. */
  quiesce(quietMs: number, timeoutMs?: number): Promise<boolean>;
  dropIdleConnections(connections?: number[]): Promise<number>;
  /** Any command, by its message (for relaying a client process's calls). */
  call(command: ChildCommand): Promise<unknown>;
  stop(): Promise<void>;
}

export interface StartProviderChildOptions extends ProviderChildOptions {
  /** Extra environment (NODE_EXTRA_CA_CERTS for the browser behind TLS). */
  env?: Record<string, string>;
}

export async function startProviderChild(options: StartProviderChildOptions = {}): Promise<ProviderChild> {
  const { env: extraEnv, ...childOptions } = options;
  const script = fileURLToPath(new URL('./provider-child.ts', import.meta.url));
  const child: ChildProcess = fork(script, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, NODE_OPTIONS: '', ...extraEnv, BENCH_PROVIDER_OPTIONS: JSON.stringify(childOptions) },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });

  let nextId = 1;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const ready = new Promise<ChildReady>((resolve, reject) => {
    child.once('exit', (code) => {
      const error = new Error(`provider child exited (${code}): ${stderr.trim()}`);
      reject(error);
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
    child.on('message', (message: ChildReady | ChildReply) => {
      if (message.type === 'ready') return resolve(message);
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new Error(`provider child: ${message.error}`));
    });
  });

  const call = <T>(command: ChildCommand): Promise<T> => {
    if (command.type === 'follow') {
      child.send({ id: nextId++, command });
      return Promise.resolve(undefined as T);
    }
    return new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ id, command });
    });
  };

  const { issuer, clientId, network } = await ready;
  return {
    issuer,
    clientId,
    pid: child.pid ?? -1,
    ...(network ? { network } : {}),
    authorize: (url) => call<string>({ type: 'authorize', url }),
    follow: (url) => void call({ type: 'follow', url }),
    lastFollow: () => call({ type: 'lastFollow' }),
    clearRequests: () => call<void>({ type: 'clearRequests' }),
    requests: () => call<SeenRequest[]>({ type: 'requests' }),
    cpuUsage: () => call<NodeJS.CpuUsage>({ type: 'cpuUsage' }),
    proxyLog: (clear) => call<ProxiedRequest[]>({ type: 'proxyLog', clear }),
    proxyRules: (rules) => call<void>({ type: 'proxyRules', rules }),
    quiesce: (quietMs, timeoutMs = 10_000) => call<boolean>({ type: 'quiesce', quietMs, timeoutMs }),
    dropIdleConnections: (connections) => call<number>({ type: 'dropIdleConnections', ...(connections ? { connections } : {}) }),
    call: (command) => call(command),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await call<void>({ type: 'stop' }).catch(() => undefined);
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
