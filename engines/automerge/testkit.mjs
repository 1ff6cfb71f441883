// What selftest.mjs and faulttest.mjs share: settings from the environment, waiting, and counted checks.
import { performance } from "node:perf_hooks";

/** A positive whole number from the environment, else the fallback. */
export function int(name, fallback) {
  const v = Number.parseInt(process.env[name] ?? "", 10);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

export const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
export const now = () => performance.now();

export class Failure extends Error {}

let passed = 0;

/** Counts a check that holds and prints it; throws a Failure naming the one that does not. */
export function check(ok, message) {
  if (!ok) throw new Failure(message);
  passed++;
  console.log(`ok   ${message}`);
}

export const passedCount = () => passed;
