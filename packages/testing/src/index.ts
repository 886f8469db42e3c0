export * from './kafka';
export * from './database';
export * from './redis-server';
export * from './kafka-broker';
export * from './ports';
export * from './dockerfile';
export * from './service-process';
export * from './shop';
