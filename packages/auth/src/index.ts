export * from './api-key';
export * from './password';
export * from './tokens';
export * from './request-auth';
