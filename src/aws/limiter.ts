export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** Runs at most `concurrency` tasks at a time (below 1 counts as 1), starting queued tasks in FIFO order. */
export function createLimiter(concurrency: number): Limiter {
  const limit = concurrency >= 1 ? Math.floor(concurrency) : 1;
  const queue: (() => void)[] = [];
  let active = 0;

  const release = (): void => {
    active--;
    queue.shift()?.();
  };

  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = (): void => {
        active++;
        // The async wrapper turns a task that throws synchronously into a rejection, so its slot is freed too.
        const run = async (): Promise<T> => task();
        void run().then(resolve, reject).finally(release);
      };
      if (active < limit) start();
      else queue.push(start);
    });
}
