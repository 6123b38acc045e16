/**
 * Long work in the extension host, cut into slices: `pause()` between two steps gives the event loop a turn once the
 * current slice has run for `budgetMs`, so the host (other extensions, the UI's requests) never waits longer than
 * about the budget plus one step. No `vscode` import.
 */
export const SLICE_BUDGET_MS = 10;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class TimeSlicer {
  private sliceStart: number;

  constructor(
    private readonly budgetMs = SLICE_BUDGET_MS,
    private readonly now: () => number = () => performance.now(),
    private readonly yieldTurn: () => Promise<void> = nextTurn,
  ) {
    this.sliceStart = this.now();
  }

  /** Yields to the event loop when the slice is spent; otherwise returns at once (no promise to wait for). */
  pause(): Promise<void> | undefined {
    if (this.now() - this.sliceStart < this.budgetMs) return undefined;
    return this.yieldTurn().then(() => {
      this.sliceStart = this.now();
    });
  }
}
