export * from './disclosure';
export * from './mean-change';
export * from './representation';
export * from './wilson';
