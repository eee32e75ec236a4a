import { hashPassword, newSecret, passwordProblems } from '@harbour/api';
import { withTenant } from '@harbour/db';
import { optional, options, required } from '../args';
import { openCliContext } from '../context';
import type { Command } from './types';

const KINDS = ['idva', 'outreach', 'refuge', 'children', 'young_people', 'sexual_violence', 'housing', 'other'];

export const createServiceCommand: Command = {
  name: 'admin create-service',
  summary: 'create a service (tenant)',
  usage: '--name "Riverside Idva Service" --kind idva [--local-authority E06000001] [--shares-national-dataset]',
  async run(args) {
    const values = options(args, {
      name: { type: 'string' },
      kind: { type: 'string' },
      'local-authority': { type: 'string' },
      'shares-national-dataset': { type: 'boolean' },
    });
    const kind = required(values, 'kind');
    if (!KINDS.includes(kind)) throw new Error(`--kind must be one of: ${KINDS.join(', ')}`);
    const la = optional(values, 'local-authority');
    if (la !== undefined && !/^[EWSN][0-9]{8}$/.test(la))
      throw new Error('--local-authority must be an ONS code such as E06000001');
    const ctx = await openCliContext();
    try {
      const shares = values['shares-national-dataset'] === true;
      const row = await ctx.owner
        .insertInto('services')
        .values({
          name: required(values, 'name'),
          kind: kind as never,
          local_authority: la ?? null,
          shares_national_dataset: shares,
          shares_national_dataset_from: shares ? new Date().toISOString().slice(0, 10) : null,
          settings: '{}',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await ctx.owner
        .insertInto('audit_log')
        .values({
          action: 'service.created',
          object_type: 'service',
          object_id: row.id,
          details: JSON.stringify({ via: 'cli' }),
        })
        .execute();
      process.stdout.write(`Service created: ${row.id}\n`);
    } finally {
      await ctx.close();
    }
  },
};

export const createUserCommand: Command = {
  name: 'admin create-user',
  summary: 'create a user: platform admin/researcher, or a member of a service',
  usage:
    '--email a@b.org --name "Sam" (--platform-role admin|researcher | --service <id> --role practitioner|manager [--practitioner-role idva]) [--password ...]',
  async run(args) {
    const values = options(args, {
      email: { type: 'string' },
      name: { type: 'string' },
      'platform-role': { type: 'string' },
      service: { type: 'string' },
      role: { type: 'string' },
      'practitioner-role': { type: 'string' },
      password: { type: 'string' },
    });
    const email = required(values, 'email').toLowerCase();
    const platformRole = optional(values, 'platform-role');
    const serviceId = optional(values, 'service');
    const role = optional(values, 'role');
    if (platformRole !== undefined && !['admin', 'researcher'].includes(platformRole))
      throw new Error('--platform-role must be admin or researcher');
    if (!platformRole && !(serviceId && role)) throw new Error('give --platform-role, or --service and --role');
    if (role !== undefined && !['practitioner', 'manager'].includes(role))
      throw new Error('--role must be practitioner or manager');
    const given = optional(values, 'password');
    if (given !== undefined) {
      const problems = passwordProblems(given, '--password');
      if (problems.length) throw new Error(`--password ${problems[0]?.message}`);
    }
    const password = given ?? newSecret().slice(0, 20);
    const ctx = await openCliContext();
    try {
      const user = await ctx.owner
        .insertInto('users')
        .values({
          email,
          name: required(values, 'name'),
          platform_role: (platformRole as 'admin' | 'researcher' | undefined) ?? null,
          password_hash: await hashPassword(password),
          must_change_password: given === undefined,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (serviceId && role) {
        await withTenant(ctx.owner, { serviceId, userId: null, role: null }, (tx) =>
          tx
            .insertInto('memberships')
            .values({
              service_id: serviceId,
              user_id: user.id,
              role: values.role as 'practitioner' | 'manager',
              practitioner_role: (values['practitioner-role'] as never) ?? null,
            })
            .execute(),
        );
      }
      process.stdout.write(`User created: ${user.id} (${email})\n`);
      if (!given)
        process.stdout.write(`One-time password (shown once, must be changed at first sign-in): ${password}\n`);
    } finally {
      await ctx.close();
    }
  },
};
