/** Bounded concurrency: `concurrency` workers take items in order until the list ends or `stopped()` says stop. In-flight items always finish. */
export async function runPool<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>, stopped: () => boolean): Promise<{ started: number }> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !stopped()) {
      const i = next++;
      await work(items[i], i);
    }
  };
  const n = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: n }, worker));
  return { started: next };
}
