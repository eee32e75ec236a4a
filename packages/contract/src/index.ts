/**
 * The HTTP API's shapes, one source each: the JSON Schema the API validates and serialises with
 * (and publishes in its OpenAPI document), and the TypeScript types derived from it with
 * json-schema-to-ts — `Json<…>` as a client reads it, `Reply<…>` as a handler builds it.
 * The web app imports these types without importing the API server.
 */
export * from './cases';
export * from './child-responses';
export * from './json-schema';
export * from './languages';
export * from './members';
export * from './questionnaire-links';
