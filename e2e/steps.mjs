// What every browser test script shares: named steps that print their time, and failures that say which step.

export class Failure extends Error {}

export function fail(reason) {
  throw new Failure(reason);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let current = 'starting';

/** The step running now, for the messages of a watchdog or a failure. */
export const currentStep = () => current;

export async function step(name, action) {
  current = name;
  const started = Date.now();
  const result = await action();
  console.log(`  ok  ${name} (${Date.now() - started} ms)`);
  return result;
}
