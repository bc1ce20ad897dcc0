// Where the browser tests find a Chromium. playwright-core downloads nothing: it drives a browser
// already on the machine. CHROMIUM_PATH names one explicitly; otherwise the usual install paths
// and the PATH are searched. Without one the browser tests are skipped with one line, except under
// CI=true, where a missing browser fails them (CI installs Debian's chromium).
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const FIXED = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];

export type BrowserPlan =
  | { readonly action: 'run'; readonly executablePath: string }
  | { readonly action: 'skip'; readonly line: string }
  | { readonly action: 'fail'; readonly message: string };

const executable = (file: string) => { try { accessSync(file, constants.X_OK); return true; } catch { return false; } };

/** Decides whether the browser tests run, are skipped or must fail; `isExecutable` is the file check. */
export function planBrowserTests(env: NodeJS.ProcessEnv, isExecutable: (file: string) => boolean = executable): BrowserPlan {
  const explicit = env.CHROMIUM_PATH?.trim();
  const candidates = explicit ? [explicit] : [...FIXED,
    ...(env.PATH ?? '').split(path.delimiter).filter(Boolean).flatMap((dir) => NAMES.map((n) => path.join(dir, n)))];
  const found = candidates.find((file) => isExecutable(file));
  if (found) return { action: 'run', executablePath: found };
  const what = explicit ? `CHROMIUM_PATH (${explicit}) is not an executable file` : 'no Chromium found (chromium, chromium-browser or google-chrome; or set CHROMIUM_PATH)';
  if (env.CI === 'true') return { action: 'fail', message: `CI=true requires the browser tests: ${what}. Install Debian's chromium (see .ci/run).` };
  return { action: 'skip', line: `[tests] ${what}: the report page's browser test is skipped (CI runs it).` };
}
