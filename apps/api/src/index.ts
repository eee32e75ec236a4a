export { type AppDeps, buildApp } from './app';
export { hashPassword, passwordProblems } from './auth/passwords';
export { newSecret, secretHash } from './auth/tokens';
export { bootstrapAdmin } from './bootstrap';
export { type Config, databaseConfigOf, loadConfig } from './config';
export { createModuleRegistry, INSTALLED_MODULES } from './modules';
export { runRetention } from './retention/run-retention';
export { MASTER_KEY_FILE, newMasterKeyText, parseMasterKey, resolveMasterKey } from './security/master-key';
export { rotateMasterKey } from './security/rotate-keys';
