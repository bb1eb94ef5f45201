/**
 * The built-in demo OpenID provider: `npx tsx scripts/demo-provider.ts [--port N] [--ignore-stdin]`.
 *
 * Prints one JSON line `{"issuer":"http://127.0.0.1:PORT","clientId":"desktop-app"}` on stdout once it
 * listens, then serves until SIGINT/SIGTERM or until stdin closes (so a parent that dies takes it down;
 * pass --ignore-stdin to run it detached, e.g. with stdin from /dev/null). Accounts: demo/demo,
 * demo2/demo2, alice/wonderland, bob/builder. Everything else it prints goes to stderr.
 */
import { DEMO_ACCOUNTS, startTestProvider, TEST_CLIENT_ID } from '../test/support/provider.ts';

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: tsx scripts/demo-provider.ts [--port N] [--ignore-stdin]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): { port: number; ignoreStdin: boolean } {
  let port = 0;
  let ignoreStdin = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--ignore-stdin') ignoreStdin = true;
    else if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg === '--port' ? argv[++i] : arg.slice('--port='.length);
      port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) usage(`invalid port: ${String(value)}`);
    } else if (arg === '--help' || arg === '-h') usage('The built-in demo OpenID provider.');
    else usage(`unknown argument: ${arg}`);
  }
  return { port, ignoreStdin };
}

async function main(): Promise<void> {
  const { port, ignoreStdin } = parseArgs(process.argv.slice(2));
  // stdout carries exactly one line for the parent to read: send any library chatter to stderr.
  console.log = console.error;
  console.info = console.error;

  // With sign-in from another device, so that a newcomer can try it too (polled every 2 s).
  const provider = await startTestProvider({ port, accounts: [...DEMO_ACCOUNTS], deviceFlow: { interval: 2 } });
  process.stdout.write(`${JSON.stringify({ issuer: provider.issuer, clientId: TEST_CLIENT_ID })}\n`);
  console.error(`demo provider: ${provider.issuer} (accounts: demo/demo, demo2/demo2, alice/wonderland, bob/builder)`);

  let stopping = false;
  const stop = (reason: string): void => {
    if (stopping) return;
    stopping = true;
    console.error(`demo provider: stopping (${reason})`);
    provider.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  if (!ignoreStdin) {
    process.stdin.on('end', () => stop('stdin closed'));
    process.stdin.on('close', () => stop('stdin closed'));
    process.stdin.on('error', () => stop('stdin error'));
    process.stdin.resume();
  }
}

main().catch((error: unknown) => {
  console.error('demo provider failed to start:', error);
  process.exit(1);
});
