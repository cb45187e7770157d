// @ts-check
// A minimal test runner for the browser suites: tests register with test(), run in order, one line
// each; the last line is "N passed, N failed" alone, and the process exits 1 on any failure.

/** @typedef {import('./types').Ctx} Ctx */

/** @type {{ name: string, fn: (ctx: Ctx) => Promise<void> }[]} */
const tests = [];

/**
 * @param {string} name
 * @param {(ctx: Ctx) => Promise<void>} fn
 */
export function test(name, fn) {
  tests.push({ name, fn });
}

/**
 * @param {Ctx} ctx
 * @param {string | undefined} filter
 */
export async function runAll(ctx, filter, afterEach = async () => {}) {
  let passed = 0;
  let failed = 0;
  for (const t of tests) {
    if (filter && !t.name.includes(filter)) continue;
    const start = Date.now();
    try {
      await t.fn(ctx);
      passed++;
      console.log(`  ✔ ${t.name} (${Date.now() - start} ms)`);
    } catch (e) {
      failed++;
      console.log(
        `  ✘ ${t.name}\n      ${String(e instanceof Error ? (e.stack ?? e) : e)
          .split('\n')
          .slice(0, 6)
          .join('\n      ')}`,
      );
    } finally {
      await afterEach();
    }
  }
  return { passed, failed };
}
