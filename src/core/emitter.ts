/** A minimal typed event emitter for modules that must not import `vscode` (shape-compatible with vscode.Event). */
export type Listener<T> = (value: T) => void;
export interface Disposable {
  dispose(): void;
}
export type Event<T> = (listener: Listener<T>) => Disposable;

export class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (err) {
        console.error('listener failed', err);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
