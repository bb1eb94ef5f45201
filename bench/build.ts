/**
 * Builds what the size and cold-import figures measure, in its own process (Vite stays out of
 * the benchmark's heap): `main/auth/index.ts` as a library the way vite.main.config.ts ships the
 * main process (ESM, SSR build, npm dependencies external), the same with every dependency
 * bundled, and the renderer with vite.renderer.config.ts into a scratch folder (dist/ is left
 * alone). Prints one JSON line: BuildOutput.
 *
 * usage: node --import tsx bench/build.ts <outDir>
 */
import { join, resolve } from 'node:path';
import { build } from 'vite';

export interface BuildOutput {
  authExternal: string;
  authBundled: string;
  renderer: { outDir: string } | { error: string };
}

const root = resolve(import.meta.dirname, '..');
const outRoot = resolve(process.argv[2] ?? join(root, 'bench-results', 'build'));

/** The dependencies vite.main.config.ts bundles into the shipped main build. */
const mainConfig = (await import('../vite.main.config.ts')).default as { ssr?: { noExternal?: string[] } };
const shippedNoExternal = mainConfig.ssr?.noExternal ?? [];

async function buildAuth(name: string, bundleDependencies: boolean): Promise<string> {
  const outDir = join(outRoot, name);
  await build({
    configFile: false,
    root,
    logLevel: 'silent',
    build: {
      ssr: 'main/auth/index.ts',
      outDir,
      emptyOutDir: true,
      target: 'node22',
      sourcemap: false,
      minify: false,
      rolldownOptions: { output: { format: 'es', entryFileNames: 'index.js' } },
    },
    ssr: { target: 'node', noExternal: bundleDependencies ? true : shippedNoExternal },
  });
  return join(outDir, 'index.js');
}

async function buildRenderer(): Promise<BuildOutput['renderer']> {
  const outDir = join(outRoot, 'renderer');
  try {
    await build({
      configFile: join(root, 'vite.renderer.config.ts'),
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true },
    });
    return { outDir };
  } catch (error) {
    return { error: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  }
}

const output: BuildOutput = {
  authExternal: await buildAuth('auth-external', false),
  authBundled: await buildAuth('auth-bundled', true),
  renderer: await buildRenderer(),
};
process.stdout.write(`\n${JSON.stringify(output)}\n`);
