/** The k best (mentor, points) offers of one row, best first; an equal offer never displaces an earlier one. */
export class TopK {
  readonly mentor: Int32Array;
  readonly points: Int32Array;
  readonly k: number;
  size = 0;
  /** An offer must beat this to get in (−1 until the list is full). */
  floor = -1;

  constructor(k: number) {
    this.k = k;
    this.mentor = new Int32Array(k);
    this.points = new Int32Array(k);
  }

  reset(): void {
    this.size = 0;
    this.floor = -1;
  }

  offer(j: number, s: number): void {
    if (s <= this.floor) return;
    const k = this.k;
    let pos = this.size < k ? this.size : k - 1;
    while (pos > 0 && this.points[pos - 1]! < s) {
      this.points[pos] = this.points[pos - 1]!;
      this.mentor[pos] = this.mentor[pos - 1]!;
      pos--;
    }
    this.points[pos] = s;
    this.mentor[pos] = j;
    if (this.size < k) this.size++;
    if (this.size === k) this.floor = this.points[k - 1]!;
  }
}
