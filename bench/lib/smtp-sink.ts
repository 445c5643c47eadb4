/** An SMTP server on loopback that accepts and discards every e-mail (the bench offices send here). */
import { SMTPServer } from "smtp-server";

export async function startSmtpSink(port: number) {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      stream.on("end", () => {
        received++;
        callback();
      });
      stream.resume();
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    get received() {
      return received;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
