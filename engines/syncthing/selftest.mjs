#!/usr/bin/env node
// Self-test of the Syncthing adapter: five adapters on 127.0.0.1 drive five
// Syncthing instances through protocol 1 and check ack / seen / link / stop, a
// restart with the same stateDir, and one-sided peer sets: peer-1..3 are told about
// each other only, peer-4 and peer-5 only about peer-1 (peer-1 is never told about
// them and must accept them). peer-4 has a higher device id than peer-1 and peer-5 a
// lower one, so both dial orders are covered. Loopback only. Exit 0 on success.
//
//   node engines/syncthing/selftest.mjs            (needs `syncthing` on PATH)
//   SELFTEST_WRITES=20 SELFTEST_RATE=2 SELFTEST_KEEP=1 SELFTEST_VERBOSE=1 node ...

import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ADAPTER = path.join(HERE, 'adapter.mjs');
const N = 5;
const ASYM_LINK_MAX_MS = 10_000; // one-sided pair: linked within this long after peers
const BASE_PORT = Number(process.env.SELFTEST_BASE_PORT || 22101);
const WRITES = Number(process.env.SELFTEST_WRITES || 20); // per peer
const RATE = Number(process.env.SELFTEST_RATE || 2); // writes per second per peer
const VERBOSE = !!process.env.SELFTEST_VERBOSE;
const KEEP = !!process.env.SELFTEST_KEEP;
const READY_TIMEOUT_MS = 90_000;
const LINK_TIMEOUT_MS = 60_000;
const SEEN_TIMEOUT_MS = 90_000; // after the last write
const STOP_TIMEOUT_MS = 45_000;

const t0 = Date.now();
const now = () => Date.now();
function say(msg) { process.stdout.write(`[selftest +${((now() - t0) / 1000).toFixed(1)}s] ${msg}\n`); }
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'cmesh-syncthing-selftest-'));
const adapters = [];
let failed = false;

async function fail(msg) {
  if (failed) return;
  failed = true;
  process.stdout.write(`\nSELFTEST FAILED: ${msg}\n`);
  for (const a of adapters) {
    process.stdout.write(`  ${a.peer}: log ${a.logPath}\n`);
    if (a.proc.exitCode === null && a.proc.signalCode === null) a.proc.kill('SIGTERM');
  }
  await sleep(3000);
  for (const a of adapters) if (a.proc.exitCode === null && a.proc.signalCode === null) a.proc.kill('SIGKILL');
  process.stdout.write(`  state and logs kept in ${base}\n`);
  process.exit(1);
}

class Adapter {
  constructor(i, tag = '') {
    this.i = i;
    this.peer = `peer-${i + 1}`;
    this.port = BASE_PORT + i;
    this.stateDir = path.join(base, this.peer);
    this.logPath = path.join(base, `${this.peer}${tag}.log`);
    this.events = [];
    this.waiters = [];
    this.acks = new Map(); // seq -> time
    this.seen = new Map(); // "writer/seq" -> time
    this.dupSeen = [];
    this.links = [];
    this.errors = [];
    this.nonJson = [];
    const log = fs.createWriteStream(this.logPath);
    this.proc = spawn(process.execPath, [ADAPTER], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr.pipe(log);
    if (VERBOSE) this.proc.stderr.on('data', (d) => process.stderr.write(d));
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, signal) => resolve({ code, signal })));
    this.exited.then(({ code, signal }) => {
      if (!this.stopRequested) fail(`${this.peer} adapter exited unexpectedly (code ${code}, signal ${signal}); errors: ${JSON.stringify(this.errors)}`);
    });
    readline.createInterface({ input: this.proc.stdout }).on('line', (line) => this.onLine(line));
  }

  onLine(line) {
    const t = now();
    let ev;
    try { ev = JSON.parse(line); } catch { this.nonJson.push(line); fail(`${this.peer} wrote a non-JSON line to stdout: ${line}`); return; }
    this.events.push({ t, ev });
    switch (ev.event) {
      case 'ready': this.contact = ev.contact; this.readyAt = t; break;
      case 'ack':
        if (this.acks.has(ev.seq)) fail(`${this.peer} acked seq ${ev.seq} twice`);
        this.acks.set(ev.seq, t);
        break;
      case 'seen': {
        const k = `${ev.writer}/${ev.seq}`;
        if (this.seen.has(k)) this.dupSeen.push(k); else this.seen.set(k, t);
        break;
      }
      case 'link': this.links.push({ t, ...ev }); break;
      case 'error': this.errors.push(ev.message); fail(`${this.peer} reported error: ${ev.message}`); break;
      default: fail(`${this.peer} sent unknown event: ${line}`);
    }
    for (const w of [...this.waiters]) if (w.pred()) { this.waiters.splice(this.waiters.indexOf(w), 1); w.resolve(); }
  }

  send(obj) { this.proc.stdin.write(JSON.stringify(obj) + '\n'); }

  waitFor(pred, ms, what) {
    if (pred()) return Promise.resolve();
    return new Promise((resolve) => {
      const w = { pred, resolve };
      this.waiters.push(w);
      setTimeout(() => {
        if (this.waiters.includes(w)) fail(`${this.peer}: timed out after ${ms} ms waiting for ${what}`);
      }, ms);
    });
  }

  start() {
    this.startedAt = now();
    this.send({ op: 'start', protocol: 1, run: 'selftest', peer: this.peer, listen: { host: '127.0.0.1', port: this.port },
      stateDir: this.stateDir, secretsDir: path.join(base, 'secrets') });
  }

  async stop() {
    this.stopRequested = true;
    this.send({ op: 'stop' });
    const res = await Promise.race([this.exited, sleep(STOP_TIMEOUT_MS).then(() => null)]);
    if (!res) return fail(`${this.peer} did not exit within ${STOP_TIMEOUT_MS} ms of stop`);
    if (res.code !== 0) return fail(`${this.peer} exited with code ${res.code} signal ${res.signal} after stop`);
  }
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))];
  return { n: s.length, min: s[0], median: s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2, p90: q(0.9), max: s[s.length - 1] };
}
const fmt = (st) => `n=${st.n} median=${st.median} ms p90=${st.p90} ms max=${st.max} ms (min ${st.min} ms)`;

// Keys for peer-1, peer-4 and peer-5 are made before the adapters start (the adapter
// keeps keys it finds in <stateDir>/home), so that peer-5 < peer-1 < peer-4 by device
// id: peer-4 reaches peer-1 through the adapter's fallback dial, peer-5 dials at once.
function seedKeys() {
  const made = [];
  for (let k = 0; k < 3; k++) {
    const home = path.join(base, `keys-${k}`);
    execFileSync('syncthing', ['generate', `--home=${home}`, '--no-default-folder', '--skip-port-probing'], { stdio: 'pipe' });
    const id = execFileSync('syncthing', ['serve', `--home=${home}`, '--device-id'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();
    made.push({ home, id });
  }
  made.sort((x, y) => (x.id < y.id ? -1 : 1));
  for (const [k, peer] of [[0, 'peer-5'], [1, 'peer-1'], [2, 'peer-4']]) {
    const home = path.join(base, peer, 'home');
    fs.mkdirSync(home, { recursive: true });
    for (const f of ['cert.pem', 'key.pem']) fs.copyFileSync(path.join(made[k].home, f), path.join(home, f));
    fs.rmSync(made[k].home, { recursive: true, force: true });
  }
}

const linkUp = (a, p) => { const l = a.links.filter((x) => x.peer === p); return l.length > 0 && l[l.length - 1].state === 'up'; };
const lastUpAt = (a, p) => { const l = a.links.filter((x) => x.peer === p && x.state === 'up'); return l.length ? l[l.length - 1].t : NaN; };
const configOf = (a) => fs.readFileSync(path.join(a.stateDir, 'home', 'config.xml'), 'utf8');

async function main() {
  try { execFileSync('syncthing', ['--version'], { stdio: 'pipe' }); } catch {
    await fail('`syncthing` is not on PATH (Debian: apt-get install -y syncthing)');
  }
  say(`state in ${base}; ${N} adapters on 127.0.0.1:${BASE_PORT}-${BASE_PORT + N - 1}, ${WRITES} writes each at ${RATE}/s`);
  seedKeys();

  // 1. start and ready
  for (let i = 0; i < N; i++) adapters.push(new Adapter(i));
  for (const a of adapters) a.start();
  await Promise.all(adapters.map((a) => a.waitFor(() => a.contact, READY_TIMEOUT_MS, 'ready')));
  for (const a of adapters) {
    if (!/^[A-Z0-9-]{63}$/.test(a.contact.deviceId || '') || a.contact.address !== `tcp://127.0.0.1:${a.port}`) {
      await fail(`${a.peer} ready contact looks wrong: ${JSON.stringify(a.contact)}`);
    }
  }
  const [p1, p2, p3, p4, p5] = adapters;
  if (!(p5.contact.deviceId < p1.contact.deviceId && p1.contact.deviceId < p4.contact.deviceId)) {
    await fail(`seeded keys not in the order peer-5 < peer-1 < peer-4: ${[p5, p1, p4].map((a) => a.contact.deviceId.slice(0, 7)).join(' ')}`);
  }
  say(`all ready: ${adapters.map((a) => `${a.peer}=${a.contact.deviceId.slice(0, 7)} (${a.readyAt - a.startedAt} ms)`).join(' ')}`);

  // 2. peers (sent twice: must be idempotent). One-sided: peer-4 and peer-5 list peer-1,
  //    peer-1 never lists them.
  const told = new Map([
    [p1, [p2, p3]], [p2, [p1, p3]], [p3, [p1, p2]], [p4, [p1]], [p5, [p1]],
  ]);
  const contacts = (list) => list.map((b) => ({ peer: b.peer, contact: b.contact }));
  const linked = new Map([
    [p1, [p2, p3, p4, p5]], [p2, [p1, p3]], [p3, [p1, p2]], [p4, [p1]], [p5, [p1]],
  ]);
  const peersAt = now();
  for (const a of adapters) a.send({ op: 'peers', peers: contacts(told.get(a)) });
  for (const a of adapters) a.send({ op: 'peers', peers: contacts(told.get(a)) });
  await Promise.all(adapters.map((a) => a.waitFor(() => linked.get(a).every((b) => linkUp(a, b.peer)), LINK_TIMEOUT_MS,
    `link up to ${linked.get(a).map((b) => b.peer).join(', ')} (up: ${linked.get(a).filter((b) => linkUp(a, b.peer)).map((b) => b.peer).join(', ') || 'none'})`)));
  say(`all links up ${now() - peersAt} ms after peers (${adapters.map((a) => `${a.peer}: ${a.links.length} link event(s)`).join(', ')})`);
  const asym = [];
  const both = process.env.CMESH_SYNCTHING_DIAL === 'both';
  for (const [x, how] of [[p4, `higher id: ${both ? 'dials at once' : 'fallback dial'}`], [p5, 'lower id: dials at once']]) {
    const ms = Math.max(lastUpAt(x, p1.peer), lastUpAt(p1, x.peer)) - peersAt;
    asym.push(`${x.peer}->${p1.peer} (${how}) ${ms} ms`);
    if (ms > ASYM_LINK_MAX_MS) await fail(`one-sided ${x.peer}->${p1.peer} linked only ${ms} ms after peers (limit ${ASYM_LINK_MAX_MS} ms)`);
    if (!configOf(p1).includes(x.contact.deviceId)) await fail(`${p1.peer} reports a link to ${x.peer} but its config.xml lacks ${x.contact.deviceId}`);
  }
  for (const a of [p2, p3]) for (const x of [p4, p5]) {
    if (a.links.some((l) => l.peer === x.peer)) await fail(`${a.peer} reported a link to ${x.peer}, which nobody told it about and which does not know it`);
  }
  say(`one-sided peer sets: ${p1.peer} accepted ${p4.peer} and ${p5.peer} under their peer ids; linked: ${asym.join(', ')}`);

  // 3. writes: WRITES per peer at RATE/s, peers staggered within the period
  const payload = new Map(); // "writer/seq" -> Buffer
  const sentAt = new Map(); // "writer/seq" -> time
  const period = 1000 / RATE;
  const writeStart = now();
  for (let seq = 1; seq <= WRITES; seq++) {
    for (let i = 0; i < N; i++) {
      const due = writeStart + (seq - 1) * period + (i * period) / N;
      const wait = due - now();
      if (wait > 0) await sleep(wait);
      const a = adapters[i];
      const data = Buffer.concat([Buffer.from(`${a.peer} seq ${seq} `), crypto.randomBytes(64 + seq)]);
      const k = `${a.peer}/${seq}`;
      payload.set(k, data);
      sentAt.set(k, now());
      a.send({ op: 'write', seq, key: k, value: data.toString('base64') });
    }
  }
  say(`sent ${WRITES * N} writes`);

  // 4. every own write acked, every other writer's seq seen exactly once by every peer
  const expectSeen = (a) => [...payload.keys()].filter((k) => !k.startsWith(`${a.peer}/`));
  await Promise.all(adapters.map((a) => a.waitFor(() => a.acks.size >= WRITES, SEEN_TIMEOUT_MS, `acks (${a.acks.size}/${WRITES})`)));
  await Promise.all(adapters.map((a) => a.waitFor(() => expectSeen(a).every((k) => a.seen.has(k)), SEEN_TIMEOUT_MS,
    `seen of all ${expectSeen(a).length} remote writes (missing: ${expectSeen(a).filter((k) => !a.seen.has(k)).slice(0, 10).join(' ')}...)`)));
  await sleep(3000); // let any duplicate or stray event arrive before judging
  const ackLat = [];
  const seenLat = [];
  const direct = []; // writer and reader linked
  const relayed = []; // not linked: peer-4/5 with peer-2/3 or with each other, relayed by peer-1
  for (const a of adapters) {
    for (let seq = 1; seq <= WRITES; seq++) {
      if (!a.acks.has(seq)) await fail(`${a.peer} never acked seq ${seq}`);
      ackLat.push(a.acks.get(seq) - sentAt.get(`${a.peer}/${seq}`));
    }
    if (a.dupSeen.length) await fail(`${a.peer} emitted seen more than once for ${a.dupSeen.join(' ')}`);
    for (const k of a.seen.keys()) if (!payload.has(k) || k.startsWith(`${a.peer}/`)) await fail(`${a.peer} emitted unexpected seen ${k}`);
    for (const k of expectSeen(a)) {
      const ms = a.seen.get(k) - sentAt.get(k);
      seenLat.push(ms);
      const [w, s] = k.split('/');
      (linked.get(a).some((b) => b.peer === w) ? direct : relayed).push(ms);
      const file = path.join(a.stateDir, 'folder', w, String(s).padStart(6, '0'));
      if (!fs.readFileSync(file).equals(payload.get(k))) await fail(`${a.peer}: content of ${file} differs from what ${w} wrote`);
    }
  }
  const ackSt = stats(ackLat);
  const seenSt = stats(seenLat);
  say(`write->ack : ${fmt(ackSt)}`);
  say(`write->seen: ${fmt(seenSt)}`);
  say(`write->seen, writer and reader linked: ${fmt(stats(direct))}`);
  say(`write->seen, writer and reader not linked (relayed by ${p1.peer}): ${fmt(stats(relayed))}`);

  // 5. peer removal: peer-1 drops peer-3 from its set -> link down, device gone from its
  //    config, and not accepted again when peer-3 (which still lists it) dials; the
  //    accepted peer-4 and peer-5 stay although the set does not name them either
  {
    const downsBefore = p1.links.filter((l) => l.peer === p3.peer && l.state === 'down').length;
    const linksBefore = p1.links.length;
    p1.send({ op: 'peers', peers: contacts([p2]) });
    await p1.waitFor(() => p1.links.filter((l) => l.peer === p3.peer && l.state === 'down').length > downsBefore, 20_000, `link down to ${p3.peer} after removing it`);
    const deadline = now() + 10_000;
    while (configOf(p1).includes(p3.contact.deviceId)) {
      if (now() > deadline) await fail(`${p1.peer}: ${p3.peer}'s device id still in its config.xml after removal`);
      await sleep(200);
    }
    await sleep(8000); // peer-3 still lists peer-1 and redials it
    if (configOf(p1).includes(p3.contact.deviceId)) await fail(`${p1.peer} accepted ${p3.peer} again after dropping it`);
    for (const x of [p4, p5]) {
      if (!configOf(p1).includes(x.contact.deviceId)) await fail(`${p1.peer} removed the accepted ${x.peer} on a peers command`);
      if (p1.links.slice(linksBefore).some((l) => l.peer === x.peer)) await fail(`${p1.peer}'s link to the accepted ${x.peer} changed on a peers command`);
    }
    say(`removal: ${p1.peer} dropped ${p3.peer} (link down, device gone from its config, not accepted again in 8 s); accepted ${p4.peer}, ${p5.peer} kept`);
  }

  // 6. stop peer-1; peer-2 writes EXTRA more while it is down; restart peer-1 with the same
  //    stateDir: same device id, the accepted peers remembered, the new writes are seen
  //    exactly once (also by peer-4 and peer-5, through peer-1), nothing seen before the
  //    restart is repeated
  await p1.stop();
  say(`${p1.peer} stopped with exit code 0`);
  const EXTRA = 3;
  const extraKeys = [];
  for (let seq = WRITES + 1; seq <= WRITES + EXTRA; seq++) {
    const data = Buffer.concat([Buffer.from(`${p2.peer} seq ${seq} `), crypto.randomBytes(32)]);
    const k = `${p2.peer}/${seq}`;
    payload.set(k, data);
    extraKeys.push(k);
    p2.send({ op: 'write', seq, key: k, value: data.toString('base64') });
  }
  await p2.waitFor(() => p2.acks.size >= WRITES + EXTRA, SEEN_TIMEOUT_MS, 'acks of the extra writes');
  const again = new Adapter(0, '-restart');
  adapters.push(again);
  again.start();
  await again.waitFor(() => again.contact, READY_TIMEOUT_MS, 'ready after restart');
  if (again.contact.deviceId !== p1.contact.deviceId) await fail(`device id changed on restart: ${p1.contact.deviceId} -> ${again.contact.deviceId}`);
  for (const x of [p4, p5]) if (!configOf(again).includes(x.contact.deviceId)) await fail(`restarted ${again.peer} forgot the accepted ${x.peer}`);
  again.send({ op: 'peers', peers: contacts([p2, p3]) });
  const restartedAt = now();
  const readers = [again, p3, p4, p5];
  await Promise.all(readers.map((a) => a.waitFor(() => extraKeys.every((k) => a.seen.has(k)), SEEN_TIMEOUT_MS, `seen of ${extraKeys.join(' ')}${a === again ? ' after restart' : ''}`)));
  await Promise.all([p4, p5].map((x) => again.waitFor(() => linkUp(again, x.peer), LINK_TIMEOUT_MS, `link up to the accepted ${x.peer} after restart`)));
  const catchUp = Math.max(...extraKeys.map((k) => again.seen.get(k))) - again.readyAt;
  const catchUpAsym = Math.max(...[p4, p5].flatMap((x) => extraKeys.map((k) => x.seen.get(k)))) - again.readyAt;
  await sleep(3000);
  const repeated = [...again.seen.keys()].filter((k) => !extraKeys.includes(k));
  if (repeated.length) await fail(`restarted ${again.peer} repeated seen already emitted before the restart: ${repeated.slice(0, 10).join(' ')}`);
  for (const a of readers) {
    if (a.dupSeen.length) await fail(`${a.peer} emitted seen more than once for ${a.dupSeen.join(' ')}`);
    for (const k of extraKeys) {
      const [w, s] = k.split('/');
      const file = path.join(a.stateDir, 'folder', w, String(s).padStart(6, '0'));
      if (!fs.readFileSync(file).equals(payload.get(k))) await fail(`${a.peer}: content of ${file} differs from what ${w} wrote`);
    }
  }
  say(`restart of ${again.peer}: ready with the same deviceId ${again.contact.deviceId.slice(0, 7)} in ${again.readyAt - again.startedAt} ms; `
    + `the ${EXTRA} writes made while it was down seen ${catchUp} ms after ready (peers sent ${restartedAt - again.readyAt} ms after ready), `
    + `by ${p4.peer} and ${p5.peer} ${catchUpAsym} ms after ready; accepted peers remembered; no repeated seen`);

  // 7. stop all
  await Promise.all([again, p2, p3, p4, p5].map((a) => a.stop()));
  say('all adapters stopped with exit code 0');

  if (!KEEP) fs.rmSync(base, { recursive: true, force: true });
  process.stdout.write(`\nSELFTEST PASSED (${N} peers x ${WRITES} writes at ${RATE}/s, peer-4 and peer-5 one-sided; `
    + `write->seen median ${seenSt.median} ms, max ${seenSt.max} ms over ${seenSt.n} samples; `
    + `write->ack median ${ackSt.median} ms, max ${ackSt.max} ms over ${ackSt.n} samples; one-sided links: ${asym.join(', ')})\n`);
  process.exit(0);
}

main().catch((e) => fail(e.stack || String(e)));
