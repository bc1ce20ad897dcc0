// `npm run demo [-- --seed N --people N --lang fr --quiet --keep]`: a whole mentoring program
// played on this machine through the real app; exit 0 on success, 1 with the failing step.
import { ensureTemplate } from './database-template.ts';

// The migrated database is made (first run of a version) before the app's modules are loaded, so
// that this process is small while the child that makes it runs; a failure is told by the run.
await ensureTemplate().catch(() => undefined);
const { mainDemo } = await import('./main.ts');
process.exit(await mainDemo(process.argv.slice(2)));
