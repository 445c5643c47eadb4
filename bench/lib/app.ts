/**
 * The app under test as a separate process (`node --import tsx src/server/main.ts`, what `npm start`
 * runs after building the web app), its memory and CPU read from /proc, and a logged-in session.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import { ROOT, sleep } from "./report.js";
import { type Target, targetEnv } from "./target.js";

export interface AppProcess {
  pid: number;
  url: string;
  /** ms from spawn to /api/health answering 200 */
  startMs: number;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts a server script with node + tsx and waits for its health URL. */
export async function spawnNode(
  script: string,
  env: Record<string, string>,
  healthUrl: string,
  timeoutMs = 120_000,
): Promise<Omit<AppProcess, "url">> {
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exited: number | null | undefined;
  child.on("exit", (code) => {
    exited = code;
  });
  const stop = async () => {
    if (exited !== undefined) return;
    const done = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill("SIGTERM");
    const t = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await done;
    clearTimeout(t);
  };
  for (;;) {
    if (exited !== undefined) throw new Error(`${script} exited with ${exited}:\n${out}`);
    if (performance.now() - started > timeoutMs) {
      await stop();
      throw new Error(`${script} did not answer ${healthUrl} within ${timeoutMs} ms:\n${out}`);
    }
    try {
      const res = await fetch(healthUrl);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(20);
  }
  if (!child.pid) throw new Error("no pid");
  return { pid: child.pid, startMs: performance.now() - started, child, output: () => out, stop };
}

export interface AppOptions {
  port: number;
  logLevel?: string;
  mailWaitMs?: number;
  runWorkers?: boolean;
  extraEnv?: Record<string, string>;
}

/** The Atende server against the target database. */
export async function startApp(target: Target, o: AppOptions): Promise<AppProcess> {
  const url = `http://127.0.0.1:${o.port}`;
  const env: Record<string, string> = {
    ...targetEnv(target),
    NODE_ENV: "production",
    COOKIE_SECURE: "false",
    HOST: "127.0.0.1",
    PORT: String(o.port),
    PUBLIC_URL: url,
    LOG_LEVEL: o.logLevel ?? "warn",
    SEED_DEMO: "false",
    // no demo SMTP catcher: the bench offices send to the bench's own sink
    DEMO_MAILBOX_PORT: "0",
    LOGIN_MAX_ATTEMPTS: "1000000",
    MAIL_WAIT_MS: String(o.mailWaitMs ?? 0),
    RUN_WORKERS: o.runWorkers === false ? "false" : "true",
    ...o.extraEnv,
  };
  const p = await spawnNode("src/server/main.ts", env, `${url}/api/health`);
  return { ...p, url };
}

/** Resident memory (VmRSS) and CPU time of a process, from /proc. */
export function procStats(pid: number): { rssMiB: number; cpuSeconds: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { rssMiB: rssKb / 1024, cpuSeconds: ticks / 100 };
  } catch {
    return undefined;
  }
}

/** Busy and total CPU time of the whole machine (all processes: the app, PostgreSQL, the load). */
function machineCpu(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const total = v.reduce((a, b) => a + b, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/**
 * Samples RSS every `everyMs` while running; reports the peak, the CPU the process used (in cores)
 * and how busy the whole machine was (in cores: the app + PostgreSQL + the load generator).
 */
export function sampleProcess(pid: number, everyMs = 200) {
  const start = procStats(pid);
  const m0 = machineCpu();
  const t0 = performance.now();
  let peak = start?.rssMiB ?? 0;
  let last = peak;
  const timer = setInterval(() => {
    const s = procStats(pid);
    if (!s) return;
    last = s.rssMiB;
    peak = Math.max(peak, s.rssMiB);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const end = procStats(pid);
      const m1 = machineCpu();
      const secs = (performance.now() - t0) / 1000;
      const cores = os.cpus().length;
      return {
        machineBusyCores:
          m0 && m1 && m1.total > m0.total
            ? Math.round(((m1.busy - m0.busy) / (m1.total - m0.total)) * cores * 100) / 100
            : undefined,
        rssPeakMiB: Math.round(Math.max(peak, end?.rssMiB ?? 0)),
        rssEndMiB: Math.round(end?.rssMiB ?? last),
        cpuCores:
          start && end && secs > 0 ? Math.round(((end.cpuSeconds - start.cpuSeconds) / secs) * 100) / 100 : 0,
      };
    },
  };
}

export interface Session {
  cookie: string;
  csrf: string;
  userId: string;
  officeId: string;
  role: string;
}

/** POST /api/auth/login: the session cookie and the CSRF token every write must carry. */
export async function login(baseUrl: string, email: string, password: string): Promise<Session> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: HTTP ${res.status} ${await res.text()}`);
  const body = (await res.json()) as {
    csrfToken: string;
    user: { id: string; role: string; office: { id: string } };
  };
  const sid = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .find((c) => c.startsWith("atende_sid="));
  if (!sid) throw new Error("login answered without the session cookie");
  return {
    cookie: sid,
    csrf: body.csrfToken,
    userId: body.user.id,
    officeId: body.user.office.id,
    role: body.user.role,
  };
}

/** A JSON request with the session (and the CSRF header on writes). */
export async function api<T>(
  baseUrl: string,
  s: Session,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      cookie: s.cookie,
      ...(method === "GET" ? {} : { "x-csrf-token": s.csrf, "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
