// The one jest preset every workspace extends: each jest.config.js calls it with its folder.
//
// TypeScript is transpiled by ts-jest, file by file (isolatedModules: no type checking here;
// `turbo run typecheck` does that), to CommonJS like the rest of the repo. jose is
// ESM-only, so it is transpiled too. ts-jest is pure JS: no native binary to install.
const path = require('node:path');

/** @param {string} dir the workspace folder */
module.exports = function jestPreset(dir) {
  return {
    rootDir: dir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
    transform: {
      '^.+\\.(t|j)sx?$': [
        require.resolve('ts-jest'),
        {
          tsconfig: {
            target: 'es2022',
            module: 'commonjs',
            moduleResolution: 'node',
            esModuleInterop: true,
            allowJs: true,
            isolatedModules: true,
            sourceMap: true,
          },
          diagnostics: false,
        },
      ],
    },
    transformIgnorePatterns: ['/node_modules/(?!(jose)/)'],
    // Workspaces are imported by their source in tests, so no build is needed first.
    moduleNameMapper: {
      '^@commerce/(events|service|auth|testing|product-cache)$': path.join(__dirname, 'packages/$1/src/index.ts'),
      '^@commerce/db/(users|products|orders|reviews|sql|errors)$': path.join(__dirname, 'prisma/src/$1.ts'),
      '^@commerce/db$': path.join(__dirname, 'prisma/src/index.ts'),
    },
    testTimeout: 60_000,
  };
};
