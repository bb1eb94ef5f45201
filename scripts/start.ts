/**
 * `npm start`: checks for Electron's binary FIRST (and, when it is missing, prints what to do
 * and nothing else), builds the app, runs the demo provider unless a real one is configured
 * (OIDC_ISSUER), starts Electron, and stops the provider when the app exits.
 *
 *   tsx scripts/start.ts [electron args...]
 */
import { buildApp, exitCodeOf, providerEnvironment, requireElectron, spawnElectron, stopDemoProvider, type DemoProvider } from './launch.ts';

async function main(): Promise<number> {
  const electron = requireElectron('npm start');
  if (!electron) return 1;

  await buildApp();

  let provider: DemoProvider | undefined;
  try {
    const started = await providerEnvironment();
    provider = started.provider;
    const child = spawnElectron(electron, started.env, process.argv.slice(2));
    const forward = (signal: NodeJS.Signals) => () => {
      if (child.exitCode === null) child.kill(signal);
    };
    process.on('SIGINT', forward('SIGINT'));
    process.on('SIGTERM', forward('SIGTERM'));
    return await exitCodeOf(child);
  } finally {
    stopDemoProvider(provider);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
