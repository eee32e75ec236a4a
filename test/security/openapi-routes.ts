import type { FastifyInstance } from 'fastify';

export type OpenApiOperation = {
  method: string;
  /** `/api/v1/cases/{id}` */
  path: string;
  /** `GET /api/v1/cases/:id`: the matrix's key */
  key: string;
  operation: Record<string, unknown>;
};

/** `GET /api/v1/cases/{id}` (OpenAPI) → `GET /api/v1/cases/:id`. */
export function routeKey(method: string, openApiPath: string): string {
  return `${method.toUpperCase()} ${openApiPath.replace(/\{([^}]+)\}/g, ':$1')}`;
}

export async function openApiDocument(
  app: FastifyInstance,
): Promise<{ paths: Record<string, Record<string, Record<string, unknown>>>; components?: unknown }> {
  return (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
}

/** Every operation the OpenAPI document lists. */
export async function documentedOperations(app: FastifyInstance): Promise<OpenApiOperation[]> {
  const doc = await openApiDocument(app);
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map(([m, operation]) => ({ method: m.toUpperCase(), path, key: routeKey(m, path), operation })),
  );
}
