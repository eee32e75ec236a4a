export * from './connect';
export * from './embedded';
export * from './free-port';
export * from './migrate';
export * from './open';
export * from './schema';
export * from './snapshot';
export * from './tenant';
