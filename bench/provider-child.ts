/**
 * The benchmark's provider process: the local OpenID provider (test/support/provider.ts, the
 * same one `scripts/demo-provider.ts` serves) plus the fetch "browser" that signs in at it.
 * Forked by bench/run.ts with an IPC channel; exits when the parent goes away.
 */
import { startTestProvider } from '../test/support/provider.ts';
import { createHttpBrowser } from '../test/support/http-browser.ts';
import type { ChildReady, ChildReply, ChildRequest, SeenRequest } from './protocol.ts';

if (!process.send) {
  process.stderr.write('bench/provider-child.ts must be forked with an IPC channel (run `npm run bench`).\n');
  process.exit(2);
}
const send = process.send.bind(process);
// Its stdout is ignored and its stderr kept only for a failure report (bench/child.ts), so
// oidc-provider's chatter (the unsupported-runtime warning) never reaches the bench's output.

const provider = await startTestProvider();
const browser = createHttpBrowser();
let lastFollow: { status: number } | { error: string } | undefined;

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
    case 'stop':
      setImmediate(() => void provider.close().finally(() => process.exit(0)));
      return undefined;
  }
}

process.on('message', (message: ChildRequest) => {
  handle(message).then(
    (result) => {
      if (message.command.type !== 'follow') send({ type: 'reply', id: message.id, ok: true, result } satisfies ChildReply);
    },
    (error: unknown) => send({ type: 'reply', id: message.id, ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies ChildReply),
  );
});
process.on('disconnect', () => void provider.close().finally(() => process.exit(0)));

send({ type: 'ready', issuer: provider.issuer, clientId: provider.clientId } satisfies ChildReady);
