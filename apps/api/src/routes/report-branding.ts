/**
 * A manager's additions to their service's PDF reports: a display name, a logo (PNG or JPEG,
 * at most 256 KB, sent as base64) and a short narrative. They appear only in this service's
 * reports. Changes are audited.
 */
import type { FastifyInstance } from 'fastify';
import { auditInTx } from '../lib/audit';
import { badRequest } from '../lib/errors';
import { errorResponses } from '../lib/schemas';
import { LOGO_MAX_BYTES, logoType, readBranding, writeBranding } from '../reports/branding';

type BrandingBody = { displayName?: string | null; narrative?: string | null; logo?: string | null };

const brandingSchema = {
  type: 'object',
  properties: {
    displayName: { type: ['string', 'null'] },
    narrative: { type: ['string', 'null'] },
    hasLogo: { type: 'boolean' },
    logoType: { type: ['string', 'null'] },
  },
} as const;

export default async function reportBrandingRoutes(app: FastifyInstance) {
  app.get(
    '/api/v1/service/report-branding',
    {
      config: { access: ['manager'] },
      schema: {
        tags: ['reports'],
        summary: "The service's display name, logo and narrative for its own PDF reports",
        response: { 200: brandingSchema, ...errorResponses },
      },
    },
    async (request) => {
      const branding = await request.tenant((tx) => readBranding(tx, request.auth!.serviceId!));
      return {
        displayName: branding?.displayName ?? null,
        narrative: branding?.narrative ?? null,
        hasLogo: Boolean(branding?.logo),
        logoType: branding?.logo?.type ?? null,
      };
    },
  );

  app.put<{ Body: BrandingBody }>(
    '/api/v1/service/report-branding',
    {
      config: { access: ['manager'] },
      schema: {
        tags: ['reports'],
        summary: "Sets the service's display name, logo (base64 PNG or JPEG) and narrative for its PDF reports",
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            displayName: { type: ['string', 'null'], minLength: 1, maxLength: 120 },
            narrative: { type: ['string', 'null'], minLength: 1, maxLength: 2000 },
            logo: { type: ['string', 'null'], maxLength: Math.ceil((LOGO_MAX_BYTES * 4) / 3) + 4 },
          },
        },
        response: { 200: brandingSchema, ...errorResponses },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const body = request.body;
      let logo: Buffer | null = null;
      if (body.logo) {
        if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body.logo)) {
          throw badRequest('The logo is not base64', [{ pointer: '/logo', message: 'must be base64' }]);
        }
        logo = Buffer.from(body.logo, 'base64');
        if (logo.length > LOGO_MAX_BYTES) {
          throw badRequest('The logo is too large', [{ pointer: '/logo', message: 'must be at most 256 KB' }]);
        }
        if (!logoType(logo)) {
          throw badRequest('The logo is not an image Harbour can print', [
            { pointer: '/logo', message: 'must be a PNG or JPEG image' },
          ]);
        }
      }
      await request.tenant(async (tx) => {
        await writeBranding(tx, auth.serviceId!, auth.userId, {
          displayName: body.displayName ?? null,
          narrative: body.narrative ?? null,
          logo,
        });
        await auditInTx(tx, request, {
          action: 'report_branding.update',
          objectType: 'service',
          objectId: auth.serviceId!,
          status: 200,
          details: { displayName: body.displayName ?? null, narrative: Boolean(body.narrative), logo: Boolean(logo) },
        });
      });
      return {
        displayName: body.displayName ?? null,
        narrative: body.narrative ?? null,
        hasLogo: logo !== null,
        logoType: logo ? logoType(logo) : null,
      };
    },
  );
}
