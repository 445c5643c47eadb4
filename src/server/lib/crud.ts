import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { idSchema, type Page, type PageQuery, pageQuerySchema } from "../../shared/api.js";
import type { Executor } from "../db/client.js";
import type { Actor } from "../modules/auth/context.js";
import { AppError, notFound } from "./errors.js";
import { uniqueViolation } from "./sql.js";

/**
 * The routes of a simple cadastro (list with search, read, create, update incl. deactivate),
 * with the fixed chain: authenticate/authorize → validate (Zod) → command → present.
 * Every repository call is scoped by the actor's office, so another office's id is a 404.
 */
export interface CrudSpec<Row, Input extends z.ZodType, Values, Dto, UpdateInput extends z.ZodType = Input> {
  path: string;
  tag: string;
  /** "Cliente", "Serviço"…: used in the 404 message */
  label: string;
  input: Input;
  /** the update body, when it differs from the create body */
  updateInput?: UpdateInput;
  authorizeRead(request: FastifyRequest): Actor;
  authorizeWrite(request: FastifyRequest): Actor;
  repo: {
    list(db: Executor, officeId: string, q: PageQuery): Promise<{ items: Row[]; total: number }>;
    findById(db: Executor, officeId: string, id: string): Promise<Row | undefined>;
    insert(db: Executor, officeId: string, v: Values): Promise<Row>;
    update(db: Executor, officeId: string, id: string, v: Values): Promise<Row | undefined>;
  };
  /** turns validated input into column values; may check references and throw field errors */
  toValues(
    db: Executor,
    actor: Actor,
    input: z.output<Input> | z.output<UpdateInput>,
    id?: string,
  ): Promise<Values>;
  /** runs after a successful update, in the same transaction; `values` are what toValues returned */
  afterUpdate?(db: Executor, actor: Actor, row: Row, values: Values): Promise<void>;
  present(db: Executor, officeId: string, rows: Row[]): Promise<Dto[]>;
  /** unique constraint name → [field, pt-BR message] */
  uniqueMessages: Record<string, [string, string]>;
}

export function crudRoutes<Row, Input extends z.ZodType, Values, Dto, UpdateInput extends z.ZodType = Input>(
  spec: CrudSpec<Row, Input, Values, Dto, UpdateInput>,
): FastifyPluginAsyncZod {
  return async (app) => {
    const { db } = app.deps;
    const params = z.object({ id: idSchema });
    const one = async (officeId: string, row: Row) => (await spec.present(db, officeId, [row]))[0] as Dto;
    const translateUnique = (err: unknown): never => {
      const constraint = uniqueViolation(err);
      const known = constraint ? spec.uniqueMessages[constraint] : undefined;
      if (known) throw new AppError(409, "duplicate", known[1], { [known[0]]: known[1] });
      throw err;
    };

    app.get(spec.path, { schema: { tags: [spec.tag], querystring: pageQuerySchema } }, async (request) => {
      const actor = spec.authorizeRead(request);
      const { items, total } = await spec.repo.list(db, actor.officeId, request.query);
      const page: Page<Dto> = {
        items: await spec.present(db, actor.officeId, items),
        total,
        page: request.query.page,
        pageSize: request.query.pageSize,
      };
      return page;
    });

    app.get(`${spec.path}/:id`, { schema: { tags: [spec.tag], params } }, async (request) => {
      const actor = spec.authorizeRead(request);
      const row = await spec.repo.findById(db, actor.officeId, request.params.id);
      if (!row) throw notFound(spec.label);
      return one(actor.officeId, row);
    });

    app.post(spec.path, { schema: { tags: [spec.tag], body: spec.input } }, async (request, reply) => {
      const actor = spec.authorizeWrite(request);
      const row = await db
        .transaction(async (tx) => {
          const values = await spec.toValues(tx, actor, request.body as z.output<Input>);
          return spec.repo.insert(tx, actor.officeId, values);
        })
        .catch(translateUnique);
      return reply.code(201).send(await one(actor.officeId, row));
    });

    app.patch(
      `${spec.path}/:id`,
      { schema: { tags: [spec.tag], params, body: spec.updateInput ?? spec.input } },
      async (request) => {
        const actor = spec.authorizeWrite(request);
        const row = await db
          .transaction(async (tx) => {
            const existing = await spec.repo.findById(tx, actor.officeId, request.params.id);
            if (!existing) throw notFound(spec.label);
            const values = await spec.toValues(
              tx,
              actor,
              request.body as z.output<UpdateInput>,
              request.params.id,
            );
            const updated = await spec.repo.update(tx, actor.officeId, request.params.id, values);
            if (!updated) throw notFound(spec.label);
            await spec.afterUpdate?.(tx, actor, updated, values);
            return updated;
          })
          .catch(translateUnique);
        return one(actor.officeId, row);
      },
    );
  };
}
