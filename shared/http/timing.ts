/**
 * Runs `work` and answers no sooner than `floorMs` after it started, so that which path it took (a mail sent or
 * not) does not show in the response time. For endpoints that must not reveal whether an email is anyone's.
 */
export async function withTimingFloor<T>(floorMs: number, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    const left = floorMs - (performance.now() - started);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  }
}

/**
 * Like withTimingFloor, but only a failure waits: for sign-in, where a failed attempt on a known person writes audit
 * events and one on an unknown email does not, so that the difference does not show in the response time.
 */
export async function withFailureTimingFloor<T>(floorMs: number, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } catch (error) {
    const left = floorMs - (performance.now() - started);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
    throw error;
  }
}
