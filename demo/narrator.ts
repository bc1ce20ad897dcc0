// The demo's output: numbered steps, narrative lines with the time since the start, and the
// bot's own messages quoted as Slack received them. --quiet keeps steps, progress and the report.
import { narrate, type DemoLang, type NarrationKey } from './narration.ts';

type Params = Readonly<Record<string, string | number>>;

export class Narrator {
  readonly lang: DemoLang;
  readonly #quiet: boolean;
  readonly #write: (text: string) => void;
  readonly #start = Date.now();

  constructor(lang: DemoLang, quiet: boolean, write: (text: string) => void) {
    this.lang = lang;
    this.#quiet = quiet;
    this.#write = write;
  }

  get seconds(): string { return ((Date.now() - this.#start) / 1000).toFixed(1); }

  text(key: NarrationKey, params: Params = {}): string { return narrate(this.lang, key, params); }

  title(key: NarrationKey, params: Params = {}): void { this.#write(`${this.text(key, params)}\n`); }

  step(key: NarrationKey): void { this.#write(`\n── ${this.text(key)} ${'─'.repeat(Math.max(3, 70 - this.text(key).length))}\n`); }

  /** A progress line, always shown. */
  progress(key: NarrationKey, params: Params = {}): void { this.#write(`[${this.seconds.padStart(5)} s] ${this.text(key, params)}\n`); }

  /** A narrative line, left out with --quiet. */
  say(key: NarrationKey, params: Params = {}): void { if (!this.#quiet) this.#write(`${this.text(key, params)}\n`); }

  /** The bot's words, indented; `always` for the report. */
  quote(text: string, options: { maxLines?: number; always?: boolean } = {}): void {
    if (this.#quiet && !options.always) return;
    const lines = text.split('\n');
    const shown = options.maxLines && lines.length > options.maxLines ? [...lines.slice(0, options.maxLines), `… (+${lines.length - options.maxLines})`] : lines;
    this.#write(`${shown.map((line) => `   │ ${line}`).join('\n')}\n`);
  }
}
