#!/usr/bin/env node
// Fault test of adapter.mjs over loopback, without the CMesh agent and
// without root: a TCP relay in this process stands for the network.
//
// peer-1 dials peer-2 through the relay (peer-2 is told of no one, so that is
// the only connection). Both write RATE/s throughout.
//   1. black hole: the relay keeps every socket open but forwards nothing
//      (a silent partition: no FIN, no RST). Both ends must notice through
//      their keepalive (link down), and no write may cross.
//   2. heal: the relay forwards again (new connections only; the old ones
//      stay dead, as after a real partition). peer-1 must reconnect and every
//      write of both sides be seen exactly once; prints heal -> all seen.
//   3. crash: peer-2 is killed with SIGKILL and started again on its stateDir:
//      same document, peer-1 reconnects and sees every write peer-2 acks
//      after the restart exactly once; writes acked in the last moments before
//      the kill may be lost (counted and printed; a loss older than 1 s fails);
//      peer-2 sees every peer-1 write over its two runs (a seen line written
//      just before the kill can be reported again: counted and printed).
// Env: FAULTTEST_BASE_PORT (7111), FAULTTEST_RATE (10),
// FAULTTEST_PARTITION_MS (15000), FAULTTEST_KEEP=1 keeps the temp folder.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { Failure, check, int, now, passedCount, sleep } from "./testkit.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const BASE_PORT = int("FAULTTEST_BASE_PORT", 7111);
const RATE = int("FAULTTEST_RATE", 10);
const PARTITION_MS = int("FAULTTEST_PARTITION_MS", 15000);
const HOST = "127.0.0.1";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cmesh-automerge-faulttest-"));
const children = new Set();

class Adapter {
  constructor(name, port) {
    this.name = name;
    this.port = port;
    this.stateDir = path.join(tmp, `state-${name}`);
    this.events = [];
    this.runs = 0;
  }
  spawn() {
    this.runs++;
    this.child = spawn(process.execPath, [path.join(here, "adapter.mjs")], { stdio: ["pipe", "pipe", "pipe"] });
    const child = this.child;
    children.add(child);
    this.exit = new Promise(resolve => child.on("exit", (code, signal) => { children.delete(child); resolve({ code, signal }); }));
    this.child.stderr.pipe(fs.createWriteStream(path.join(tmp, `${this.name}.log`), { flags: "a" }));
    const run = this.runs;
    readline.createInterface({ input: this.child.stdout }).on("line", line => {
      const e = JSON.parse(line);
      this.events.push({ at: now(), run, e });
      if (e.event === "error") console.error(`${this.name}: error event: ${e.message}`);
    });
    this.child.stdin.on("error", () => {});
    this.send({ op: "start", protocol: 1, run: "faulttest", peer: this.name, listen: { host: HOST, port: this.port }, stateDir: this.stateDir });
  }
  send(cmd) { this.child.stdin.write(JSON.stringify(cmd) + "\n"); }
  of(type, run) { return this.events.filter(x => x.e.event === type && (run === undefined || x.run === run)).map(x => ({ at: x.at, ...x.e })); }
  seenKeys(run) { return this.of("seen", run).map(x => `${x.writer}/${x.seq}`); }
  async until(predicate, ms, what) {
    const deadline = now() + ms;
    while (!predicate()) {
      if (now() > deadline) throw new Failure(`${this.name}: timed out after ${ms} ms waiting for ${what}`);
      await sleep(50);
    }
  }
}

/** Forwards 127.0.0.1:listenPort -> 127.0.0.1:targetPort; `blackhole` drops every byte, keeping sockets open. */
class Relay {
  blackhole = false;
  sockets = new Set();
  constructor(listenPort, targetPort) {
    this.server = net.createServer(client => {
      const upstream = net.connect(targetPort, HOST);
      for (const [from, to] of [[client, upstream], [upstream, client]]) {
        this.sockets.add(from);
        from.on("data", chunk => { if (!this.blackhole) to.write(chunk); });
        from.on("close", () => { this.sockets.delete(from); to.destroy(); });
        from.on("error", () => {});
      }
    });
    this.ready = new Promise(resolve => this.server.listen(listenPort, HOST, resolve));
  }
  close() { this.server.close(); for (const s of this.sockets) s.destroy(); }
}

function exactlyOnce(keys, expected) {
  const missing = expected.filter(k => !keys.includes(k));
  const dup = keys.filter((k, i) => keys.indexOf(k) !== i);
  return { missing, dup };
}

async function main() {
  console.log(`faulttest: state and logs in ${tmp}`);
  const a = new Adapter("peer-1", BASE_PORT);
  const b = new Adapter("peer-2", BASE_PORT + 1);
  const relay = new Relay(BASE_PORT + 2, b.port);
  await relay.ready;
  a.spawn();
  b.spawn();
  for (const x of [a, b]) await x.until(() => x.of("ready").length === 1, 20000, "ready");
  const bDoc = b.of("ready")[0].contact.doc;
  const peersOfA = { op: "peers", peers: [{ peer: "peer-2", contact: { url: `ws://${HOST}:${BASE_PORT + 2}`, doc: bDoc } }] };
  a.send(peersOfA);
  b.send({ op: "peers", peers: [] });
  await a.until(() => a.of("link").some(l => l.state === "up"), 10000, "link up");

  // writers: both, RATE/s, until told to stop
  let seq = 0;
  let writing = true;
  const sentAt = new Map();
  const writer = (async () => {
    while (writing) {
      seq++;
      for (const x of [a, b]) {
        const key = `${x.name}/${seq}`;
        sentAt.set(key, now());
        x.send({ op: "write", seq, key, value: Buffer.from(key).toString("base64") });
      }
      await sleep(1000 / RATE);
    }
  })();
  const keysOf = (name, from, to) => Array.from({ length: to - from + 1 }, (_, i) => `${name}/${from + i}`);

  await sleep(2000);
  // ---- 1. black hole
  relay.blackhole = true;
  const cut = now();
  const seqAtCut = seq;
  console.log(`black hole at seq ${seqAtCut}`);
  await a.until(() => a.of("link").some(l => l.state === "down" && l.at > cut), PARTITION_MS + 5000, "link down at peer-1 (client keepalive)");
  await b.until(() => b.of("link").some(l => l.state === "down" && l.at > cut), PARTITION_MS + 5000, "link down at peer-2 (server keepalive)");
  const downA = a.of("link").find(l => l.state === "down" && l.at > cut).at - cut;
  const downB = b.of("link").find(l => l.state === "down" && l.at > cut).at - cut;
  check(true, `silent partition noticed: peer-1 after ${downA.toFixed(0)} ms, peer-2 after ${downB.toFixed(0)} ms`);
  await sleep(Math.max(0, PARTITION_MS - (now() - cut)));
  const crossed = a.of("seen").filter(s => s.at > cut + 500 && s.seq > seqAtCut + 5).length;
  check(crossed === 0, `no write crossed the black hole (${crossed})`);

  // ---- 2. heal
  relay.blackhole = false;
  const heal = now();
  const seqAtHeal = seq;
  await a.until(() => exactlyOnce(a.seenKeys(), keysOf("peer-2", 1, seqAtHeal)).missing.length === 0, 30000, "all of peer-2's writes");
  await b.until(() => exactlyOnce(b.seenKeys(), keysOf("peer-1", 1, seqAtHeal)).missing.length === 0, 30000, "all of peer-1's writes");
  const healA = a.of("seen").filter(s => s.seq <= seqAtHeal).at(-1).at - heal;
  const healB = b.of("seen").filter(s => s.seq <= seqAtHeal).at(-1).at - heal;
  check(true, `after heal every write up to seq ${seqAtHeal} seen: peer-1 after ${healA.toFixed(0)} ms, peer-2 after ${healB.toFixed(0)} ms (reconnect interval 5000 ms)`);

  // ---- 3. crash peer-2 and restart it on its stateDir
  await sleep(1000);
  b.child.kill("SIGKILL");
  const killed = now();
  await b.exit;
  await sleep(2000);
  b.spawn();
  await b.until(() => b.of("ready", 2).length === 1, 20000, "ready after restart");
  check(b.of("ready", 2)[0].contact.doc === bDoc, `peer-2 restarted after SIGKILL with the same document`);
  b.send({ op: "peers", peers: [] });
  await sleep(3000);
  writing = false;
  await writer;
  const last = seq;
  // peer-2's writes during its downtime were never acked: the agent does not count them.
  const acked1 = b.of("ack", 1);
  const acked2 = b.of("ack", 2);
  const after = acked2.map(x => `peer-2/${x.seq}`);
  await a.until(() => exactlyOnce(a.seenKeys(), after).missing.length === 0, 30000, "all of peer-2's writes acked after its restart");
  await b.until(() => keysOf("peer-1", 1, last).every(k => b.seenKeys().includes(k)), 30000, "all of peer-1's writes after restart");
  await sleep(1500);
  const ra = exactlyOnce(a.seenKeys(), after);
  check(ra.missing.length === 0, `peer-1 saw each of the ${after.length} writes peer-2 acked after its restart`);
  check(a.seenKeys().length === new Set(a.seenKeys()).size, `peer-1 reported no (writer, seq) twice`);
  // Writes acked just before SIGKILL may be gone: ack comes before the save (100 ms throttle) and the sync (100 ms throttle).
  const lost = acked1.filter(x => !a.seenKeys().includes(`peer-2/${x.seq}`));
  const oldestLostMs = lost.length ? killed - Math.min(...lost.map(x => x.at)) : 0;
  console.log(`${lost.length} of ${acked1.length} writes acked by peer-2 before SIGKILL never arrived${lost.length ? ` (seq ${lost.map(x => x.seq).join(",")}; acked ${oldestLostMs.toFixed(0)} ms or less before the kill)` : ""}`);
  check(oldestLostMs < 1000, "no write acked by peer-2 1 s or more before SIGKILL was lost");
  const rb = exactlyOnce(b.seenKeys(), keysOf("peer-1", 1, last));
  check(rb.missing.length === 0, `peer-2 saw every one of peer-1's ${last} writes over its two runs`);
  console.log(`peer-2 reported ${rb.dup.length} seq(s) twice across the SIGKILL (seen log tail lost)`);
  const recon = a.of("link").filter(l => l.state === "up" && l.at > killed).at(0);
  console.log(`peer-1 link up again ${recon ? (recon.at - killed).toFixed(0) : "?"} ms after the kill`);

  for (const x of [a, b]) x.send({ op: "stop" });
  for (const x of [a, b]) {
    const r = await Promise.race([x.exit, sleep(15000).then(() => ({ code: "timeout" }))]);
    check(r.code === 0, `${x.name}: stop -> exit code ${r.code}`);
  }
  check(a.of("error").length + b.of("error").length === 0, "no error events");
  relay.close();
  console.log(`faulttest: ${passedCount()} passed, 0 failed`);
}

try {
  await main();
  if (!process.env.FAULTTEST_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(0);
} catch (e) {
  console.error(`\nFAIL: ${e instanceof Failure ? e.message : e?.stack ?? e}`);
  console.error(`adapter logs and state kept in ${tmp}`);
  console.log(`faulttest: ${passedCount()} passed, 1 failed`);
  for (const child of children) child.kill("SIGTERM");
  process.exit(1);
}
