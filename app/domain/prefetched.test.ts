import { describe, expect, it } from "vitest";
import { prefetched } from "./prefetched";

describe("prefetched", () => {
  it("yields every batch in order, asking for the next before the caller is done with this one", async () => {
    const asked: number[] = [];
    async function* source() {
      for (let i = 1; i <= 3; i++) {
        asked.push(i);
        yield i;
      }
    }
    const seen: [number, number[]][] = [];
    for await (const batch of prefetched(source())) seen.push([batch, [...asked]]);
    expect(seen).toEqual([
      [1, [1, 2]],
      [2, [1, 2, 3]],
      [3, [1, 2, 3]],
    ]);
  });

  it("closes the source when the caller stops with an error, and passes the error on", async () => {
    let closed = false;
    async function* source() {
      try {
        for (let i = 1; ; i++) yield i;
      } finally {
        closed = true;
      }
    }
    await expect(
      (async () => {
        for await (const batch of prefetched(source())) if (batch === 2) throw new Error("the writer failed");
      })(),
    ).rejects.toThrow("the writer failed");
    expect(closed).toBe(true);
  });
});
