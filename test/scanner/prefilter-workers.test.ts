import { describe, expect, it } from "vitest";
// A unit of the scanner below its public entry points: imported from its compiled file.
import { workersThatPay } from "../../packages/scanner/dist/prefilter-pool.js";

describe("workersThatPay", () => {
  it("starts a worker per idle core besides the main thread's, at most three", () => {
    expect(workersThatPay(4, 0)).toBe(3);
    expect(workersThatPay(4, 0.4)).toBe(3);
    expect(workersThatPay(4, 1)).toBe(2);
    expect(workersThatPay(8, 2)).toBe(3);
  });

  it("starts none when the other cores are busy", () => {
    expect(workersThatPay(4, 3)).toBe(0);
    expect(workersThatPay(8, 9.5)).toBe(0);
  });

  it("starts none on two cores or one, idle or not: a worker bought nothing there", () => {
    expect(workersThatPay(2, 0)).toBe(0);
    expect(workersThatPay(2, 1)).toBe(0);
    expect(workersThatPay(1, 0)).toBe(0);
  });
});
