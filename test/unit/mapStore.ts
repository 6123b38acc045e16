import type { KeyValueStore } from '../../src/core/mementoIndex';

/** An in-memory stand-in for VS Code's Memento (values go through JSON, as they do there). */
export class MapStore implements KeyValueStore {
  readonly data = new Map<string, unknown>();
  writes: string[] = [];
  keys() {
    return [...this.data.keys()];
  }
  get<T>(key: string) {
    return this.data.get(key) as T | undefined;
  }
  async update(key: string, value: unknown) {
    this.writes.push(key);
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, JSON.parse(JSON.stringify(value)));
  }
}
