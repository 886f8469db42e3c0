const preset = require('../../jest.preset.js')(__dirname);

// Build-time tools (tools/) are tested beside their code, like src/.
module.exports = { ...preset, testMatch: [...preset.testMatch, '<rootDir>/tools/**/*.test.ts'] };
