#!/usr/bin/env node
// Self-test of adapter.mjs over loopback, without the CMesh agent.
//
// Phase 1: 3 adapters on 127.0.0.1 (ports BASE..BASE+2), each told the other
// two via `peers`; WRITES writes from each at RATE/s; every own write must be
// acked once and every other writer's seq seen exactly once; prints
// write->seen latency; then stop, exit code 0.
// Phase 2: adapters 1 and 2 restarted on the same stateDirs: same doc URL in
// `ready`; one more write each, seen by the other exactly once, and no seq of
// phase 1 reported again.
//
// Env: SELFTEST_BASE_PORT (7101), SELFTEST_WRITES (20), SELFTEST_RATE (10),
// SELFTEST_TIMEOUT_MS (30000), SELFTEST_TOPOLOGY (full | line: peer-1 and
// peer-3 are not told of each other, so their updates go through peer-2),
// SELFTEST_KEEP=1 keeps the temp folder, SELFTEST_NODE_ARGS is passed to
// node for each adapter (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { Failure, check, int, now, passedCount, sleep } from "./testkit.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const BASE_PORT = int("SELFTEST_BASE_PORT", 7101);
const WRITES = int("SELFTEST_WRITES", 20);
const RATE = int("SELFTEST_RATE", 10);
const TIMEOUT_MS = int("SELFTEST_TIMEOUT_MS", 30000);
const TOPOLOGY = process.env.SELFTEST_TOPOLOGY === "line" ? "line" : "full";
const HOST = "127.0.0.1";
const N = 3;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cmesh-automerge-selftest-"));
const running = new Set();


/** One adapter child process; every stdout line is stamped on receipt. */
class Adapter {
  constructor(name, port, stateDir) {
    this.name = name;
    this.port = port;
    this.stateDir = stateDir;
    this.events = []; // {at, e}
    this.waiters = [];
    this.badLines = [];
    this.logPath = path.join(tmp, `${name}.log`);
  }

  spawn() {
    this.events = [];
    this.exit = new Promise(resolve => {
      this.child = spawn(process.execPath, [...(process.env.SELFTEST_NODE_ARGS ?? "").split(" ").filter(Boolean), path.join(here, "adapter.mjs")], { stdio: ["pipe", "pipe", "pipe"] });
      this.child.on("exit", (code, signal) => { running.delete(this); resolve({ code, signal }); this.#notify(); });
    });
    running.add(this);
    const logFile = fs.createWriteStream(this.logPath, { flags: "a" });
    this.child.stderr.pipe(logFile);
    readline.createInterface({ input: this.child.stdout }).on("line", line => {
      const at = now();
      let e;
      try { e = JSON.parse(line); } catch { this.badLines.push(line); return; }
      if (typeof e?.event !== "string") { this.badLines.push(line); return; }
      this.events.push({ at, e });
      this.#notify();
    });
    this.child.stdin.on("error", () => {});
  }

  send(cmd) { this.child.stdin.write(JSON.stringify(cmd) + "\n"); }

  start() {
    this.send({ op: "start", protocol: 1, run: "selftest", peer: this.name, listen: { host: HOST, port: this.port }, stateDir: this.stateDir, secretsDir: "/nonexistent" });
  }

  of(type) { return this.events.filter(x => x.e.event === type); }

  #notify() { for (const w of this.waiters.splice(0)) w(); }

  /** Waits until predicate() holds; fails with message after ms. */
  async until(predicate, ms, message) {
    const deadline = now() + ms;
    while (!predicate()) {
      const err = this.of("error")[0];
      if (err) throw new Failure(`${this.name} reported error: ${err.e.message}`);
      const left = deadline - now();
      if (left <= 0) throw new Failure(`${this.name}: timed out after ${ms} ms waiting for ${message}`);
      await Promise.race([new Promise(resolve => this.waiters.push(resolve)), sleep(Math.min(left, 200))]);
    }
  }
}

function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  const q = p => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, median: s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2, p90: q(0.9), max: s.at(-1) };
}
const fmt = x => x.toFixed(1);

async function startAll(adapters) {
  for (const a of adapters) { a.spawn(); a.start(); }
  for (const a of adapters) await a.until(() => a.of("ready").length > 0, 20000, "ready");
  for (const a of adapters) {
    const ready = a.of("ready");
    check(ready.length === 1, `${a.name}: one ready event`);
    a.contact = ready[0].e.contact;
    check(a.contact?.url === `ws://${HOST}:${a.port}` && /^automerge:/.test(a.contact?.doc ?? ""), `${a.name}: contact ${JSON.stringify(a.contact)}`);
  }
}

/** full: everyone lists everyone; line: peer-i lists only peer-(i-1) and peer-(i+1), so updates must be relayed. */
function sendPeers(adapters) {
  const listed = (a, b) => b !== a && (TOPOLOGY === "full" || Math.abs(adapters.indexOf(a) - adapters.indexOf(b)) === 1);
  for (const a of adapters) a.send({ op: "peers", peers: adapters.filter(b => listed(a, b)).map(b => ({ peer: b.name, contact: b.contact })) });
}

async function stopAll(adapters) {
  for (const a of adapters) a.send({ op: "stop" });
  for (const a of adapters) {
    const r = await Promise.race([a.exit, sleep(15000).then(() => ({ code: "timeout" }))]);
    check(r.code === 0, `${a.name}: stop -> exit code ${r.code}${r.signal ? ` signal ${r.signal}` : ""}`);
    check(a.badLines.length === 0, `${a.name}: stdout carried only JSON event lines${a.badLines.length ? ` (bad: ${a.badLines[0]})` : ""}`);
  }
}

/** Every writer's seqs `seqs` must be acked by it and seen once by every other. Returns latencies. */
async function expectDelivery(adapters, writers, seqs, sentAt) {
  const t0 = now();
  const expectedSeen = a => writers.filter(w => w !== a).length * seqs.length;
  for (const a of adapters) {
    const left = Math.max(1000, TIMEOUT_MS - (now() - t0));
    await a.until(() => a.of("ack").length >= (writers.includes(a) ? seqs.length : 0)
      && new Set(a.of("seen").map(x => `${x.e.writer}/${x.e.seq}`)).size >= expectedSeen(a), left,
    `acks of its writes and ${expectedSeen(a)} distinct seen`);
  }
  await sleep(1500); // room for late duplicates
  const seenMs = [];
  const ackMs = [];
  for (const a of adapters) {
    if (writers.includes(a)) {
      const acks = a.of("ack").map(x => x.e.seq);
      check(acks.length === seqs.length && seqs.every(s => acks.filter(x => x === s).length === 1), `${a.name}: each of its ${seqs.length} writes acked exactly once`);
      for (const x of a.of("ack")) ackMs.push(x.at - sentAt.get(`${a.name}/${x.e.seq}`));
    }
    const seen = a.of("seen");
    const keys = seen.map(x => `${x.e.writer}/${x.e.seq}`);
    const expected = writers.filter(w => w !== a).flatMap(w => seqs.map(s => `${w.name}/${s}`));
    const missing = expected.filter(k => !keys.includes(k));
    const extra = keys.filter(k => !expected.includes(k));
    const dup = keys.filter((k, i) => keys.indexOf(k) !== i);
    check(missing.length === 0 && extra.length === 0 && dup.length === 0,
      `${a.name}: saw each of ${expected.length} remote writes exactly once (missing ${missing.length}, unexpected ${extra.length}${extra.length ? ` e.g. ${extra[0]}` : ""}, duplicates ${dup.length})`);
    for (const x of seen) seenMs.push(x.at - sentAt.get(`${x.e.writer}/${x.e.seq}`));
  }
  return { seen: stats(seenMs), ack: stats(ackMs) };
}

async function main() {
  console.log(`selftest: ${N} adapters on ${HOST}:${BASE_PORT}-${BASE_PORT + N - 1}, ${TOPOLOGY} mesh, ${WRITES} writes each at ${RATE}/s, state in ${tmp}`);
  const adapters = Array.from({ length: N }, (_, i) => new Adapter(`peer-${i + 1}`, BASE_PORT + i, path.join(tmp, `state-${i + 1}`)));

  // ---- phase 1
  await startAll(adapters);
  check(new Set(adapters.map(a => a.contact.doc)).size === N, "each adapter has its own document");
  const docs = new Map(adapters.map(a => [a.name, a.contact.doc]));
  sendPeers(adapters);

  const sentAt = new Map();
  const seqs = Array.from({ length: WRITES }, (_, i) => i + 1);
  const tStart = now();
  for (const seq of seqs) {
    const due = tStart + (seq - 1) * (1000 / RATE);
    if (due > now()) await sleep(due - now());
    if (seq === Math.ceil(WRITES / 2)) sendPeers(adapters); // the same set again: must change nothing
    for (const a of adapters) {
      const key = `${a.name}/${seq}`;
      const value = Buffer.from(`${key} ${"x".repeat(100)}`).toString("base64");
      sentAt.set(key, now());
      a.send({ op: "write", seq, key, value });
    }
  }
  const p1 = await expectDelivery(adapters, adapters, seqs, sentAt);
  for (const a of adapters) check(!a.of("link").some(x => x.e.state === "down"), `${a.name}: no link went down (peers sent twice)`);
  const links = adapters.map(a => `${a.name}: ${a.of("link").map(x => `${x.e.peer} ${x.e.state}${x.e.rttMs !== undefined ? ` ${x.e.rttMs}ms` : ""}`).join(", ")}`);
  await stopAll(adapters);

  // ---- phase 2: restart two adapters on their stateDirs
  const again = adapters.slice(0, 2);
  await startAll(again);
  for (const a of again) check(a.contact.doc === docs.get(a.name), `${a.name}: after restart, same document ${a.contact.doc}`);
  sendPeers(again);
  const seq2 = [WRITES + 1];
  for (const a of again) {
    const key = `${a.name}/${seq2[0]}`;
    sentAt.set(key, now());
    a.send({ op: "write", seq: seq2[0], key, value: Buffer.from(key).toString("base64") });
  }
  const p2 = await expectDelivery(again, again, seq2, sentAt);
  await stopAll(again);

  console.log("");
  console.log(`write->seen (phase 1): n=${p1.seen.n} median ${fmt(p1.seen.median)} ms, p90 ${fmt(p1.seen.p90)} ms, max ${fmt(p1.seen.max)} ms`);
  console.log(`write->ack  (phase 1): n=${p1.ack.n} median ${fmt(p1.ack.median)} ms, p90 ${fmt(p1.ack.p90)} ms, max ${fmt(p1.ack.max)} ms`);
  console.log(`write->seen after restart (phase 2): n=${p2.seen.n} median ${fmt(p2.seen.median)} ms, max ${fmt(p2.seen.max)} ms`);
  console.log(`links (phase 1): ${links.join(" | ")}`);
  console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map(x => x.toFixed(2)).join(" ")} (1/5/15 min), node ${process.version}`);
  console.log(`selftest: ${passedCount()} passed, 0 failed`);
}

async function cleanup(ok) {
  for (const a of running) try { a.child.kill("SIGTERM"); } catch { /* gone */ }
  if (ok && !process.env.SELFTEST_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
}

try {
  await main();
  await cleanup(true);
  process.exit(0);
} catch (e) {
  console.error(`\nFAIL: ${e instanceof Failure ? e.message : e?.stack ?? e}`);
  console.error(`adapter logs and state kept in ${tmp}`);
  console.log(`selftest: ${passedCount()} passed, 1 failed`);
  await cleanup(false);
  process.exit(1);
}
