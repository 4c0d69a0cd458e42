/** A loop's pause that another part can cut short. */
export interface WakeableSleep {
  /** Resolves after `milliseconds`, or at once when woken meanwhile or since the last sleep. */
  sleep(milliseconds: number): Promise<void>;
  /** Ends the current sleep; with none in progress, the next one returns at once. */
  wake(): void;
}

export function createWakeableSleep(): WakeableSleep {
  let wakeUp: (() => void) | null = null;
  // A wake that arrives while the loop is busy must not be lost to the next sleep.
  let wakeRequested = false;
  return {
    sleep(milliseconds) {
      if (wakeRequested) {
        wakeRequested = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const timer = setTimeout(done, milliseconds);
        function done() {
          clearTimeout(timer);
          wakeUp = null;
          resolve();
        }
        wakeUp = done;
      });
    },
    wake() {
      if (wakeUp) wakeUp();
      else wakeRequested = true;
    },
  };
}
