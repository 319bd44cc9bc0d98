import { describe, expect, it } from "vitest";
import { backoffSeconds } from "./sender.server";

describe("backoffSeconds", () => {
  it("doubles from 30 seconds after each failed attempt", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(backoffSeconds)).toEqual([30, 60, 120, 240, 480, 960, 1920]);
  });

  it("waits at most an hour", () => {
    expect(backoffSeconds(8)).toBe(3600);
    expect(backoffSeconds(50)).toBe(3600);
    expect(backoffSeconds(10_000)).toBe(3600);
  });

  it("treats nonsense attempt counts as the first attempt", () => {
    expect(backoffSeconds(0)).toBe(30);
    expect(backoffSeconds(-3)).toBe(30);
    expect(backoffSeconds(Number.NaN)).toBe(30);
  });
});
