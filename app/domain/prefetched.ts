// Reading ahead: the next batch of a source is asked for while the caller works on this one.

/** The batches of `source`, each asked for while the one before is being written. */
export async function* prefetched<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done) return;
      next = iterator.next();
      yield current.value;
    }
  } finally {
    // Stopped early (the writer failed): let the batch in flight settle, then close the source.
    await next.catch(() => undefined);
    await iterator.return?.();
  }
}
