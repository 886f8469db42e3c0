export * from './product-cache';
export * from './redis';
