export { applyRecord } from './apply-record.ts';
export { DEMO_PASSWORD, demoTree } from './demo.ts';
export { directoryHandler } from './handler.ts';
export { passwordPolicy } from './password-policy.ts';
export { type RunningServer, type StartServerOptions, startServer } from './server.ts';
export { type OpenDirectoryOptions, type OpenedDirectory, openDirectory, resolveConfig } from './start.ts';
