/**
 * Cross-site request forgery guard for the pages' posts, on top of SameSite=Strict cookies.
 * Pages are sent with Referrer-Policy no-referrer, under which browsers send `Origin: null` on
 * form posts; Fetch Metadata (`Sec-Fetch-Site`) then says whether the post came from this site.
 */
import type { FastifyRequest } from 'fastify';

export function isSameOrigin(request: FastifyRequest, publicUrl: string | undefined): boolean {
  const origin = request.headers.origin;
  const site = request.headers['sec-fetch-site'];
  if (origin && origin !== 'null') {
    const own = `${request.protocol}://${request.host}`;
    return origin === own || (publicUrl !== undefined && origin === new URL(publicUrl).origin);
  }
  return site === 'same-origin';
}
