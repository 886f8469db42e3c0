export * from './contracts';
export * from './create-event';
export * from './envelope';
export * from './topics';
