// `npm run demo` with one step broken on purpose: the fake Slack acknowledges the pair
// introductions but never shows them, as a platform losing messages would. Run as a process by
// demo-fails.test.ts, which expects exit 1 and one line naming step 5.
import { mainDemo } from '../../demo/main.ts';

process.exit(await mainDemo(process.argv.slice(2), {
  platform: (fake) => { fake.lose = (args) => String(args.channel).startsWith('G-'); },
}));
