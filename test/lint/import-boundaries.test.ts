// The import rules of eslint.config.js that keep the processes apart: the renderer reaches
// outside renderer/ only through the IPC contract's alias, and the contract imports types only.
// `npm test` lints the real tree; these show each rule refusing what it is there to refuse.
import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

// The project's own configuration, without type information: these rules read import
// declarations only, and the snippets below are not files any TypeScript project holds.
const eslint = new ESLint({ cwd: root, overrideConfig: [{ files: ['**/*.{ts,tsx}'], ...tseslint.configs.disableTypeChecked }] });

/** What no-restricted-imports says about `code` linted as the file at `path`. */
async function refusals(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  expect(result?.messages.filter((message) => message.fatal)).toEqual([]);
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('the renderer’s imports', () => {
  it.each([
    ['main’s code', 'renderer/src/app/probe.ts', "import { loadAppConfig } from '../../../main/config.ts';\nexport const f = loadAppConfig;"],
    ['the core’s types, from deep in a feature', 'renderer/src/features/auth/components/probe.tsx', "import type { AuthErrorInfo } from '../../../../../main/auth/types.ts';\nexport type E = AuthErrorInfo;"],
    ['the contract by its path instead of its alias', 'renderer/src/lib/probe.ts', "import type { IpcResult } from '../../../contract/ipc-contract.ts';\nexport type R = IpcResult<void>;"],
    ['a re-export of the preload', 'renderer/src/lib/probe.ts', "export { createDesktopApi } from '../../../preload/create-desktop-api.ts';"],
    ['electron', 'renderer/src/lib/probe.ts', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;"],
    ['a Node module', 'renderer/src/lib/probe.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;"],
  ])('refuses %s', async (_what, path, code) => {
    expect(await refusals(path, code)).toHaveLength(1);
  });

  it('names the way in: the IPC contract, as #ipc-contract', async () => {
    const [message] = await refusals('renderer/src/app/probe.ts', "import type { AppInfo } from '../../../main/ipc-contract.ts';\nexport type A = AppInfo;");
    expect(message).toContain("'#ipc-contract'");
  });

  it('allows the contract by its alias, and the renderer’s own modules', async () => {
    const code = "import type { AuthState, DesktopApi } from '#ipc-contract';\nimport { cx } from '../utils/cx.ts';\nexport type S = [AuthState, DesktopApi];\nexport const c = cx;";
    expect(await refusals('renderer/src/app/probe.ts', code)).toEqual([]);
  });
});

describe('the IPC contract’s imports', () => {
  it('refuses anything that runs', async () => {
    expect(await refusals('contract/ipc-contract.ts', "import { loadAppConfig } from '../main/config.ts';\nexport const f = loadAppConfig;")).toHaveLength(1);
    expect(await refusals('contract/ipc-contract.ts', "import { ipcMain } from 'electron';\nexport const i = ipcMain;")).toHaveLength(1);
  });

  it('allows types', async () => {
    expect(await refusals('contract/ipc-contract.ts', "import type { AuthState } from '../main/auth/types.ts';\nexport type { AuthState };")).toEqual([]);
  });
});
