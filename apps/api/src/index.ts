export { type AppDeps, buildApp } from './app';
export { bootstrapAdmin } from './bootstrap';
export { type Config, loadConfig } from './config';
export { createModuleRegistry, INSTALLED_MODULES } from './modules';
