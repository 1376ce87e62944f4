export type { LoadOptions } from './load.ts';
export {
  adminPassword,
  ConfigError,
  configKeys,
  envName,
  loadConfig,
  maskedConfig,
  maskUrl,
  storeUrl,
  validateConfig,
} from './load.ts';
export type { ConfigInput, LindenConfig } from './schema.ts';
export { configSchema } from './schema.ts';
