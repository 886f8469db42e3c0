module.exports = {
  ...require('../jest.preset.js')(__dirname),
  // Each file boots a whole system (5 servers, 3 databases, topics): one file at a time
  // per worker keeps a 2-core machine responsive.
  maxWorkers: 2,
};
