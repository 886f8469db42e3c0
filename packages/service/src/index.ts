export * from './config';
export * from './errors';
export * from './http';
export * from './logger';
export * from './metrics';
export * from './shutdown';
