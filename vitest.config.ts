import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // quiet test output: no log lines, and no embedded-metric lines on stdout (a metrics sink still gets them)
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      LOG_LEVEL: 'silent',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
    // vitest's default is one worker fewer than the cores (one on a 2-core machine), which ran every integration file
    // one after another: two workers, each on a local stack of its own, overlap their waits on the emulators
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // files run in parallel, one per worker, each worker on a local stack of its own (test/support/http.ts)
        },
      },
      {
        extends: true,
        test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000 },
      },
    ],
  },
});
