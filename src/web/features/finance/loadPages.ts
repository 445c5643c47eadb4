/**
 * The code of Contas a receber, for the route (React.lazy) and for the grid, which loads it while idle:
 * the page opened from the menu draws without waiting for its chunk.
 */
export const loadReceivablesPage = () => import("./ReceivablesPage.js");
