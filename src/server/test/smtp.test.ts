import net from "node:net";
import { afterAll, expect, it } from "vitest";
import { freePort, TestSmtp } from "./smtp.js";

const blocker = net.createServer();
afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

it("a taken port is an error that names it, not a hang", async () => {
  const port = await freePort();
  await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));
  const smtp = new TestSmtp();
  await expect(smtp.start(port)).rejects.toThrow(`port ${port}`);
});
