export { type AppDeps, buildApp } from './app';
export { hashPassword, passwordProblems } from './auth/passwords';
export { newSecret, secretHash } from './auth/tokens';
export { bootstrapAdmin } from './bootstrap';
export { type Config, loadConfig } from './config';
export { createModuleRegistry, INSTALLED_MODULES } from './modules';
