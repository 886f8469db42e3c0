export * from './kafka';
export * from './database';
