// The one jest preset every workspace extends (`preset: '../../jest.preset.js'` is not
// used because jest resolves presets as packages; each jest.config.js spreads this instead).
//
// TypeScript is compiled by SWC (no type checking here: `turbo run typecheck` does that),
// to CommonJS, like the rest of the repo. jose is ESM-only, so it is transformed too.
const path = require('node:path');

/** @param {string} dir the workspace folder */
module.exports = function jestPreset(dir) {
  return {
    rootDir: dir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
    transform: {
      '^.+\\.(t|j)sx?$': [
        require.resolve('@swc/jest'),
        {
          jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
          module: { type: 'commonjs' },
          sourceMaps: 'inline',
        },
      ],
    },
    transformIgnorePatterns: ['/node_modules/(?!(jose)/)'],
    // Workspaces are imported by their source in tests, so no build is needed first.
    moduleNameMapper: {
      '^@commerce/(events|service|auth|testing|product-cache)$': path.join(__dirname, 'packages/$1/src/index.ts'),
      '^@commerce/db/(users|products|orders)$': path.join(__dirname, 'prisma/src/$1.ts'),
      '^@commerce/db$': path.join(__dirname, 'prisma/src/index.ts'),
    },
    testTimeout: 60_000,
  };
};
