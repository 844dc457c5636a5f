/**
 * Token listing: GET /v1/tokens — the admin every token, a team token its own team's — with id, team, admin,
 * createdAt and revokedAt, never the secret (shown once, never stored) nor its hash.
 *
 * Token revocation: DELETE /v1/tokens/{id}. The admin revokes any token; a team token revokes its own team's tokens
 * (itself included), and another team's token id answers 404 `api.token-not-found`, exactly as an id that does not
 * exist. The token is kept, marked `revokedAt`, and authenticates nothing from then on; the accounts the server is
 * given (token-cache.ts) forget it at once in this process. Revoking a revoked token answers it unchanged.
 */
import { z } from 'zod';
import { ApiProblem } from './problem.js';
import { type Route, route } from './route.js';
import { idSchema, tokensResponseSchema } from './schemas.js';

const tokenIdParamsSchema = z.strictObject({ id: idSchema.describe('a token id (tok_…)') });

export const tokenRevokedSchema = z.object({
  id: z.string(),
  team: z.string().nullable(),
  admin: z.boolean(),
  createdAt: z.number(),
  revokedAt: z.number().describe('when it was first revoked (epoch ms)'),
});

export const TOKEN_ROUTES: readonly Route[] = [
  route({
    method: 'GET',
    path: '/v1/tokens',
    operationId: 'listTokens',
    summary:
      "List API tokens, revoked ones included, oldest first: the admin every token, a team token its own team's (no secret, no hash)",
    access: 'token',
    ok: { status: 200, description: 'the tokens', schema: tokensResponseSchema },
    problems: [],
    async handle({ deps, principal }) {
      // A team token sees its team's; a token of neither (no team, not admin) would see none.
      const tokens = principal.admin
        ? await deps.accounts.listTokens({})
        : principal.team === null
          ? []
          : await deps.accounts.listTokens({ team: principal.team });
      return {
        status: 200,
        body: {
          tokens: tokens.map((t) => ({
            id: t.id,
            team: t.team,
            admin: t.admin,
            createdAt: t.createdAt,
            revokedAt: t.revokedAt ?? null,
          })),
        },
      };
    },
  }),
  route({
    method: 'DELETE',
    path: '/v1/tokens/{id}',
    operationId: 'revokeToken',
    summary:
      "Revoke an API token: the admin any token, a team token its own team's (404 for another team's); the token authenticates nothing from then on",
    access: 'token',
    params: tokenIdParamsSchema,
    ok: { status: 200, description: 'the token, revoked (no secret, no hash)', schema: tokenRevokedSchema },
    problems: [404],
    async handle({ deps, principal, params }) {
      const team = principal.admin ? undefined : (principal.team ?? '');
      const t = await deps.accounts.revokeToken(params.id, deps.clock.now(), team);
      if (t?.revokedAt === undefined)
        throw new ApiProblem('api.token-not-found', 404, `no token '${params.id}' that this token may revoke`, {
          id: params.id,
        });
      return {
        status: 200,
        body: { id: t.id, team: t.team, admin: t.admin, createdAt: t.createdAt, revokedAt: t.revokedAt },
      };
    },
  }),
];
