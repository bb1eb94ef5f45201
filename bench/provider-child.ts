/**
 * The benchmark's provider process: the local OpenID provider (test/support/provider.ts, the
 * same one `scripts/demo-provider.ts` serves) plus the fetch "browser" that signs in at it.
 * Forked by bench/child.ts with an IPC channel; exits when the parent goes away.
 *
 * With `tls` in its options (BENCH_PROVIDER_OPTIONS, JSON: ProviderChildOptions) the provider
 * sits behind the delaying TLS proxy (bench/network-proxy.ts) and its issuer is the proxy's
 * https origin: oidc-provider is told to trust the proxy's X-Forwarded-Proto/-Host, so its
 * metadata, redirects and tokens all name that origin. The browser then needs the proxy's
 * certificate trusted (NODE_EXTRA_CA_CERTS, set by the parent).
 */
import { readFileSync } from 'node:fs';
import { startTestProvider } from '../test/support/provider.ts';
import { createHttpBrowser } from '../test/support/http-browser.ts';
import { monotonicMs, startNetworkProxy, type NetworkProxy } from './network-proxy.ts';
import type { ChildReady, ChildReply, ChildRequest, ProviderChildOptions, SeenRequest } from './protocol.ts';

if (!process.send) {
  process.stderr.write('bench/provider-child.ts must be forked with an IPC channel (run `npm run bench`).\n');
  process.exit(2);
}
const send = process.send.bind(process);
// Its stdout is ignored and its stderr kept only for a failure report (bench/child.ts), so
// oidc-provider's chatter (the unsupported-runtime warning) never reaches the bench's output.

const options = JSON.parse(process.env.BENCH_PROVIDER_OPTIONS ?? '{}') as ProviderChildOptions;
let proxy: NetworkProxy | undefined;
if (options.tls) {
  proxy = await startNetworkProxy({
    key: readFileSync(options.tls.keyFile, 'utf8'),
    cert: readFileSync(options.tls.certFile, 'utf8'),
    delayMs: options.tls.delayMs,
    handshakeMs: options.tls.handshakeMs,
  });
}
const provider = await startTestProvider({
  ...(proxy ? { issuer: proxy.origin } : {}),
  ...(options.par ? { par: true } : {}),
});
if (proxy) {
  // oidc-provider is a Koa application: with `proxy` set it builds its URLs from the
  // X-Forwarded-Proto and X-Forwarded-Host the TLS proxy sends.
  provider.oidc.proxy = true;
  proxy.setTarget(provider.issuer);
}
const browser = createHttpBrowser();
let lastFollow: { status: number } | { error: string } | undefined;

function requireProxy(): NetworkProxy {
  if (!proxy) throw new Error('this provider child runs without the TLS proxy');
  return proxy;
}

async function quiesce(quietMs: number, timeoutMs: number): Promise<boolean> {
  const network = requireProxy();
  const deadline = monotonicMs() + timeoutMs;
  for (;;) {
    const { inFlight, lastActivityMs } = network.activity();
    const now = monotonicMs();
    if (inFlight === 0 && now - lastActivityMs >= quietMs) return true;
    if (now > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.max(5, Math.min(quietMs, 20))));
  }
}

async function handle(request: ChildRequest): Promise<unknown> {
  const { command } = request;
  switch (command.type) {
    case 'authorize': {
      const { callbackUrl } = await browser.signIn(command.url, { followCallback: false });
      return callbackUrl.href;
    }
    case 'follow':
      lastFollow = undefined;
      fetch(command.url).then(
        async (response) => {
          await response.arrayBuffer();
          lastFollow = { status: response.status };
        },
        (error: unknown) => {
          lastFollow = { error: String(error) };
        },
      );
      return undefined;
    case 'lastFollow':
      return lastFollow;
    case 'clearRequests':
      provider.clearRequests();
      return undefined;
    case 'requests':
      return provider.requests.map(({ method, path }): SeenRequest => ({ method, path }));
    case 'cpuUsage':
      return process.cpuUsage();
    case 'proxyLog':
      return requireProxy().log(command.clear);
    case 'proxyRules':
      requireProxy().setRules(command.rules);
      return undefined;
    case 'quiesce':
      return quiesce(command.quietMs, command.timeoutMs);
    case 'dropIdleConnections':
      return requireProxy().dropIdleConnections(command.connections);
    case 'stop':
      setImmediate(() => void close().finally(() => process.exit(0)));
      return undefined;
  }
}

async function close(): Promise<void> {
  await proxy?.close();
  await provider.close();
}

process.on('message', (message: ChildRequest) => {
  handle(message).then(
    (result) => {
      if (message.command.type !== 'follow') send({ type: 'reply', id: message.id, ok: true, result } satisfies ChildReply);
    },
    (error: unknown) => send({ type: 'reply', id: message.id, ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies ChildReply),
  );
});
process.on('disconnect', () => void close().finally(() => process.exit(0)));

send({
  type: 'ready',
  issuer: proxy ? proxy.origin : provider.issuer,
  clientId: provider.clientId,
  ...(options.tls ? { network: { delayMs: options.tls.delayMs, handshakeMs: options.tls.handshakeMs } } : {}),
} satisfies ChildReady);
