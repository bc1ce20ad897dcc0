/** Binary min-heap of node ids keyed by a float, with decrease-key; ties pop the lower id. */
export class IndexedMinHeap {
  private readonly heap: Int32Array;
  private readonly pos: Int32Array;
  private readonly key: Float64Array;
  private size = 0;

  constructor(capacity: number) {
    this.heap = new Int32Array(capacity);
    this.pos = new Int32Array(capacity).fill(-1);
    this.key = new Float64Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  peekKey(): number {
    return this.key[this.heap[0]!]!;
  }

  /** Inserts `node`, or lowers its key when it is already queued with a higher one. */
  push(node: number, k: number): void {
    let i = this.pos[node]!;
    if (i < 0) {
      i = this.size++;
      this.heap[i] = node;
      this.pos[node] = i;
    } else if (k >= this.key[node]!) {
      return;
    }
    this.key[node] = k;
    this.up(i);
  }

  pop(): number {
    const top = this.heap[0]!;
    this.pos[top] = -1;
    const last = this.heap[--this.size]!;
    if (this.size > 0) {
      this.heap[0] = last;
      this.pos[last] = 0;
      this.down(0);
    }
    return top;
  }

  clear(): void {
    for (let i = 0; i < this.size; i++) this.pos[this.heap[i]!] = -1;
    this.size = 0;
  }

  private less(a: number, b: number): boolean {
    const ka = this.key[a]!, kb = this.key[b]!;
    return ka < kb || (ka === kb && a < b);
  }

  private up(i: number): void {
    const node = this.heap[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = this.heap[parent]!;
      if (!this.less(node, p)) break;
      this.heap[i] = p;
      this.pos[p] = i;
      i = parent;
    }
    this.heap[i] = node;
    this.pos[node] = i;
  }

  private down(i: number): void {
    const node = this.heap[i]!;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      const right = child + 1;
      if (right < this.size && this.less(this.heap[right]!, this.heap[child]!)) child = right;
      const c = this.heap[child]!;
      if (!this.less(c, node)) break;
      this.heap[i] = c;
      this.pos[c] = i;
      i = child;
    }
    this.heap[i] = node;
    this.pos[node] = i;
  }
}
