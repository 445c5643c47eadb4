import { debtCategorySchema } from "../../../shared/api.js";
import { crudRoutes } from "../../lib/crud.js";
import { requireStaff } from "../auth/context.js";
import { presentCategory } from "./presenter.js";
import * as repo from "./repository.js";

/** Cadastro de categorias de débito (Honorários, Serviço avulso, Reembolso de taxas…). */
export const categoryRoutes = crudRoutes({
  path: "/api/finance/categories",
  tag: "financeiro",
  label: "Categoria",
  input: debtCategorySchema,
  authorizeRead: requireStaff,
  authorizeWrite: requireStaff,
  repo: {
    list: repo.listCategories,
    findById: repo.findCategory,
    insert: repo.insertCategory,
    update: repo.updateCategory,
  },
  toValues: async (_db, _actor, input) => input,
  present: async (_db, _officeId, rows) => rows.map(presentCategory),
  uniqueMessages: {
    debt_categories_office_name_key: ["name", "Já existe uma categoria com este nome"],
  },
});
