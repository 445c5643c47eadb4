// pg-boss 10 ships no types for its SQL plans; only the two used by queue.ts are declared
declare module "pg-boss/src/plans.js" {
  const plans: {
    completeJobs(schema: string): string;
    failJobsById(schema: string): string;
  };
  export default plans;
}
