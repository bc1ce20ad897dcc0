// Runs the product from the environment like `npm start`, but on SIGTERM it only calls stop() and
// never process.exit(): the process then ends by itself only if stop() closed every socket,
// timer and connection it opened. Prints "started <port>" and "stopped".
import { startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';

const app = await startApp(loadConfig(), createLogger('warn'));
process.stdout.write(`started ${app.port}\n`);
process.once('SIGTERM', () => {
  void app.stop().then(() => process.stdout.write('stopped\n'));
});
