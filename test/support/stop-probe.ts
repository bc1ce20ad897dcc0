// Runs the product from the environment like `npm start`, but on SIGTERM it only calls stop() and
// never process.exit(): the process then ends by itself only if stop() closed every socket,
// timer and connection it opened. Like `npm start`, it hears SIGTERM from the start: one that
// arrives while the workers are still starting stops the app once it has started.
// Prints "started <port>" and "stopped".
import { startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';

const started = startApp(loadConfig(), createLogger('warn'));
process.once('SIGTERM', () => {
  void started.then((app) => app.stop()).then(() => process.stdout.write('stopped\n'));
});
const app = await started;
process.stdout.write(`started ${app.port}\n`);
