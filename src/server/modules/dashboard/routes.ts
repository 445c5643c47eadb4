import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { type DashboardDto, dashboardSettingsSchema } from "../../../shared/dashboard.js";
import { requireAdmin, requireStaff } from "../auth/context.js";
import { buildDashboard } from "./build.js";
import { setStaffSeesOffice } from "./repository.js";

const tags = ["painel"];

/** Painel: the office's numbers for admins (and staff when allowed), otherwise the person's own. */
export const dashboardRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    "/api/dashboard",
    {
      schema: { tags, summary: "Painel: atendimentos e contas a receber, cada número com o filtro da lista" },
    },
    async (request): Promise<DashboardDto> => buildDashboard(db, requireStaff(request)),
  );

  app.put(
    "/api/dashboard/settings",
    {
      schema: {
        tags,
        summary: "Se a equipe vê os números do escritório no Painel",
        body: dashboardSettingsSchema,
      },
    },
    async (request): Promise<DashboardDto> => {
      const actor = requireAdmin(request);
      await setStaffSeesOffice(db, actor.officeId, request.body.staffSeesOffice);
      return buildDashboard(db, actor);
    },
  );
};
