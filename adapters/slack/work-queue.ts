// Work that follows an ack runs through this queue, a few at a time. Acks are cheap and work is
// not (database transactions, Web API calls); with unbounded concurrency a burst of work crowds
// the event loop and new requests wait for their ack behind it. Bounding it keeps each new
// request's ack one work step away, whatever the backlog, inside Slack's 3 seconds.
export class WorkQueue {
  readonly #concurrency: number;
  readonly #waiting: Array<() => void> = [];
  #running = 0;

  constructor(concurrency: number) {
    this.#concurrency = Math.max(1, concurrency);
  }

  get backlog(): number { return this.#waiting.length; }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.#concurrency) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#running += 1;
    try {
      return await work();
    } finally {
      this.#running -= 1;
      this.#waiting.shift()?.();
    }
  }
}
