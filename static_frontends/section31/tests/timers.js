// Timers a test advances by hand (for polling screens).

/** {setTimeout, clearTimeout, pending(), fire()}: fire() runs the oldest timer, then lets
 * the promises it started settle. */
export function fakeTimers() {
  let next = 1;
  const timers = new Map();
  return {
    setTimeout: (fn, ms) => {
      timers.set(next, { fn, ms });
      return next++;
    },
    clearTimeout: (id) => timers.delete(id),
    pending: () => [...timers.values()].map((t) => t.ms),
    async fire() {
      const [id, t] = [...timers.entries()][0];
      timers.delete(id);
      await t.fn();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}
