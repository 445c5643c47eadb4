import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { OnboardingDto, OnboardingStep } from "../../../shared/signup.js";
import { notFound } from "../../lib/errors.js";
import { requireAdmin, requireStaff } from "../auth/context.js";
import * as repo from "./repository.js";

/** The onboarding checklist on the first screen of a new office, computed from its real data. */
export const onboardingRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  const load = async (officeId: string, isAdmin: boolean): Promise<OnboardingDto> => {
    const f = await repo.onboardingFacts(db, officeId);
    if (!f) throw notFound("Escritório");
    const done: Record<OnboardingStep, boolean> = {
      smtp: Boolean(f.smtp),
      pix: Boolean(f.pix),
      clients: Boolean(f.clients),
      services: Boolean(f.services),
      team: f.staffCount > 1,
    };
    const steps = (Object.keys(done) as OnboardingStep[]).map((key) => ({ key, done: done[key] }));
    const dismissed = f.dismissedAt !== null;
    // the steps are the admin's to do (SMTP, PIX and the team are admin-only settings)
    return { steps, dismissed, visible: isAdmin && !dismissed && steps.some((s) => !s.done) };
  };

  app.get(
    "/api/onboarding",
    { schema: { tags: ["escritório"], summary: "Primeiros passos do escritório (checklist)" } },
    async (request) => {
      const actor = requireStaff(request);
      return load(actor.officeId, actor.role === "admin");
    },
  );

  app.post(
    "/api/onboarding/dismiss",
    {
      schema: {
        tags: ["escritório"],
        summary: "Ocultar os primeiros passos",
        body: z.object({}).nullish(),
      },
    },
    async (request) => {
      const actor = requireAdmin(request);
      await repo.dismiss(db, actor.officeId);
      return load(actor.officeId, true);
    },
  );
};
