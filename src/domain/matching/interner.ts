/** Dense ids for distinct keys, in first-seen order (so encoding is deterministic). */
export class Interner {
  readonly keys: string[] = [];
  private readonly ids = new Map<string, number>();

  id(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.ids.set(key, id);
      this.keys.push(key);
    }
    return id;
  }

  find(key: string): number | undefined {
    return this.ids.get(key);
  }

  get size(): number {
    return this.keys.length;
  }
}
