// `npm run demo [-- --seed N --people N --lang fr --quiet --keep]`: a whole mentoring program
// played on this machine through the real app; exit 0 on success, 1 with the failing step.
import { mainDemo } from './main.ts';

process.exit(await mainDemo(process.argv.slice(2)));
