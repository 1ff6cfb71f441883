#!/usr/bin/env node
// CMesh engine adapter (protocol 1) around an unmodified Syncthing (tested with 1.19.2).
//
// stdin : JSON lines from the CMesh agent (ops: start, peers, write, stop)
// stdout: JSON lines to the agent (events: ready, ack, seen, link, error) -- nothing else
// stderr: free-form logs, including Syncthing's own output
//
// No npm dependencies: Node 20 built-ins only (fetch, child_process, fs, net).
// See README.md in this folder for what ack and seen mean and which Syncthing
// features are switched off.

import { spawn, execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';

const PROTOCOL = 1;
const FOLDER_ID = 'cmesh';
const SYNCTHING = process.env.CMESH_SYNCTHING_BIN || 'syncthing';
// Folder tuning (see README): full rescan every RESCAN_S seconds as a safety net,
// fs watcher with the smallest delay Syncthing accepts (1 s), short pull retry pause.
const RESCAN_S = 10;
const FS_WATCHER_DELAY_S = 1;
const PULLER_PAUSE_S = 2;
const RECONNECT_S = 5; // Syncthing clamps anything lower to 5
const SAFETY_SCAN_MS = 5000; // periodic directory walk so no remote file is missed
const EVENT_MASK = 'ItemFinished,DeviceConnected,DeviceDisconnected,PendingDevicesChanged,PendingFoldersChanged';
// Devices that connect although the agent did not list them are accepted (the
// contract: "Peers not in the set may connect to this one; accept them"). Syncthing
// rejects an unknown device and records it as pending; the adapter polls the pending
// devices every PENDING_POLL_MS (and at once on a PendingDevicesChanged event), adds
// each to the config with the address "dynamic" and shares the folder with it.
const PENDING_POLL_MS = 1000;
// Who dials whom. Syncthing 1.19 runs the Hello exchange of every new connection
// one at a time in a single goroutine (20 s deadline): when two devices dial each
// other at the same moment, each can wait for the other's Hello on a different
// connection and both stall for 20 s. So the two sides of a pair do not dial at the
// same moment (CMESH_SYNCTHING_DIAL=lower, the default):
// - a listed peer with a higher device id than ours is dialed at once;
// - a listed peer with a lower id is first given the address "dynamic" (which
//   resolves to nothing, every discovery method being off) and only accepted: it
//   dials us if it lists us. If no connection with it has come up after FALLBACK_MS,
//   we dial it as well (it may not list us, or it may be in Syncthing's start-up
//   ramp), and go passive again once a connection has lasted SHORT_LINK_MS;
// - an accepted (unlisted) device is never dialed: it dials us.
// 'both' gives every listed peer its contact address (Syncthing's usual setup).
const FALLBACK_MS = 2000;
// Syncthing's own redial of a peer that is down can take long: 5 s at best, up to
// 32 s in its start-up ramp, 60 s when its dial schedule has run dry, and forced
// redials are limited to 3 in 2 minutes. A peer we dial that refused us (we were an
// unknown device to it: it accepts us a few ms later) or that went away (restart)
// is therefore nudged: while it is down the adapter switches its address between two
// spellings of the same address ("tcp://h:p" and "tcp://h:p/"), and Syncthing dials a
// changed address at once. Nudges come NUDGE_FIRST_MS after the link went down, then
// back off (doubling) to one every NUDGE_MAX_MS. A connection that lasted less than
// SHORT_LINK_MS (refused) does not restart the backoff.
const SHORT_LINK_MS = 2000;
const NUDGE_FIRST_MS = 1000;
const NUDGE_MAX_MS = 5000;
const TICK_MS = 500;
// A connection the other side refuses (we are unknown to it) comes up and closes
// within a few ms. Link "up" is reported only once a connection has lasted
// LINK_HOLD_MS, so such refusals do not show as link flaps.
const LINK_HOLD_MS = 250;
const DIAL = process.env.CMESH_SYNCTHING_DIAL || 'lower';
if (DIAL !== 'lower' && DIAL !== 'both') {
  process.stdout.write(JSON.stringify({ event: 'error', message: `CMESH_SYNCTHING_DIAL must be 'lower' or 'both', not '${DIAL}'` }) + '\n');
  process.exit(2);
}
const START_TIMEOUT_MS = 90_000;
const LISTEN_ERROR_MS = 10_000;
const STOP_TIMEOUT_MS = 30_000;

// ---------------------------------------------------------------- output

let peerName = '?';
function log(...args) {
  const msg = args.map((a) => (a instanceof Error ? a.stack || a.message : typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
  process.stderr.write(`[syncthing-adapter ${peerName}] ${new Date().toISOString().slice(11, 23)} ${msg}\n`);
}
function emit(obj) {
  // stdout is a pipe or file: writes are synchronous on Linux, so ordering is kept
  // and nothing is lost when we exit right after.
  process.stdout.write(JSON.stringify(obj) + '\n');
}

// seen/link found while starting (Syncthing reconnects to remembered peers and pulls
// before we report ready) are held back until ready has been emitted.
let readyEmitted = false;
const heldBack = [];
function emitAfterReady(obj) {
  if (readyEmitted) emit(obj); else heldBack.push(obj);
}

// ---------------------------------------------------------------- state

let started = false;
let stopping = false;
let exiting = false;
let child = null; // the syncthing process
let childExit = null; // promise resolved with {code, signal}
let api = null; // REST helper, once syncthing is up
let myId = null;
let listenAddr = null;
let dirs = null; // {state, home, folder, tmp}
let ownDir = null; // folder-relative directory holding our own writes
let readyResolve;
const readyPromise = new Promise((r) => (readyResolve = r));
const eventAbort = new AbortController();
let safetyTimer = null;

const seen = new Set(); // "writer/seq" already emitted (persisted in seen.log)
let seenLog = null; // fd of <stateDir>/seen.log
const peersById = new Map(); // deviceId -> peer name (listed and accepted devices)
const listed = new Map(); // deviceId -> {peer, deviceId, address}: the agent's last set
const accepted = new Map(); // deviceId -> {peer, deviceId}: connected to us unlisted, accepted
const dropped = new Set(); // deviceIds listed once and then left out: removed, not accepted again
const connectedIds = new Set(); // deviceIds with a connection up (from events)
const connectedAt = new Map(); // deviceId -> ms when its current/last connection came up
const downSince = new Map(); // deviceId -> ms since which it is not connected
const fallback = new Set(); // passive peers we dial anyway (see FALLBACK_MS)
const nudges = new Map(); // deviceId -> {n, at}: nudges since it went down, time of the last (or of going down)
const altSpelling = new Set(); // deviceIds whose address is given as "tcp://h:p/" (see NUDGE_FIRST_MS)
let tickTimer = null;
const linkState = new Map(); // peer name -> 'up' | 'down'
const upTimers = new Map(); // deviceId -> timer of a link up not reported yet (see LINK_HOLD_MS)

// ---------------------------------------------------------------- fatal / exit

async function fatal(message) {
  if (exiting) return;
  exiting = true;
  log('FATAL:', message);
  emit({ event: 'error', message: String(message) });
  await killChild();
  process.exit(1);
}

async function killChild() {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try { child.kill('SIGTERM'); } catch { /* gone */ }
  const done = await Promise.race([childExit.then(() => true), sleep(10_000).then(() => false)]);
  if (!done) {
    try { child.kill('SIGKILL'); } catch { /* gone */ }
    await Promise.race([childExit, sleep(5_000)]);
  }
}

process.on('uncaughtException', (e) => { fatal(`uncaught exception: ${e && e.stack ? e.stack : e}`); });
process.on('unhandledRejection', (e) => { fatal(`unhandled rejection: ${e && e.stack ? e.stack : e}`); });
process.on('SIGTERM', () => { log('SIGTERM: stopping'); stop(); });
process.on('SIGINT', () => { log('SIGINT: stopping'); stop(); });

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

// ---------------------------------------------------------------- helpers

function xml(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function hostPort(host, port) {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

// The address we give Syncthing for a device (see DIAL and NUDGE_FIRST_MS).
function dialAddress(p) {
  const l = listed.get(p.deviceId);
  if (!l) return 'dynamic'; // accepted: it dials us
  if (!(DIAL === 'both' || myId < l.deviceId || fallback.has(l.deviceId))) return 'dynamic';
  return altSpelling.has(l.deviceId) ? l.address.replace(/\/*$/, '/') : l.address;
}

// Every TICK_MS: fallback dialing, going passive again, nudges; pending devices
// every PENDING_POLL_MS.
let ticks = 0;
function tick() {
  if (stopping || exiting) return;
  if (++ticks % Math.max(1, Math.round(PENDING_POLL_MS / TICK_MS)) === 0) pollPending();
  let changed = false;
  const t = Date.now();
  for (const p of listed.values()) {
    const id = p.deviceId;
    const up = connectedIds.has(id);
    if (DIAL === 'lower' && myId > id) {
      if (fallback.has(id)) {
        if (up && t - connectedAt.get(id) >= SHORT_LINK_MS) {
          log(`connected with ${p.peer} for ${t - connectedAt.get(id)} ms: passive again`);
          fallback.delete(id);
          changed = true;
        }
      } else if (!up) {
        if (!downSince.has(id)) downSince.set(id, t);
        if (t - downSince.get(id) >= FALLBACK_MS) {
          log(`no connection with ${p.peer} for ${t - downSince.get(id)} ms: dialing it too`);
          fallback.add(id);
          changed = true;
        }
      }
    }
    // Nudge a peer we dial while it is down (see NUDGE_FIRST_MS).
    if (up || dialAddress(p) === 'dynamic') { nudges.delete(id); continue; }
    if (!nudges.has(id)) nudges.set(id, { n: 0, at: t });
    const nu = nudges.get(id);
    const due = Math.min(NUDGE_FIRST_MS * 2 ** nu.n, NUDGE_MAX_MS);
    if (t - nu.at >= due - TICK_MS / 2) {
      log(`no connection with ${p.peer} (nudge ${nu.n + 1}, ${t - nu.at} ms after the last): dialing it again`);
      nu.n++;
      nu.at = t;
      if (altSpelling.has(id)) altSpelling.delete(id); else altSpelling.add(id);
      changed = true;
    }
  }
  if (changed) kickConfig();
}

function seqName(seq) { return String(seq).padStart(6, '0'); }

function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { ...opts, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (stderr) for (const line of String(stderr).split('\n')) if (line.trim()) log(`[${args[0]}]`, line);
      if (err) reject(new Error(`${cmd} ${args.join(' ')} failed: ${err.message}`));
      else resolve(String(stdout));
    });
  });
}

function freeLoopbackPort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function syncthingEnv() {
  const env = { ...process.env };
  // Syncthing reads these; make sure nothing from the surroundings overrides our flags.
  for (const k of Object.keys(env)) if (k.startsWith('STGUI') || k === 'STTRACE' || k === 'STPROFILER') delete env[k];
  env.STNORESTART = '1';
  env.STNOUPGRADE = '1';
  env.STNODEFAULTFOLDER = '1';
  return env;
}

// ---------------------------------------------------------------- config.xml

function configXml({ version, guiPort, apiKey, peers }) {
  const device = (id, name, addr) => `    <device id="${xml(id)}" name="${xml(name)}" compression="metadata" introducer="false" skipIntroductionRemovals="false" introducedBy="">
        <address>${xml(addr)}</address>
        <paused>false</paused>
        <autoAcceptFolders>false</autoAcceptFolders>
        <maxSendKbps>0</maxSendKbps>
        <maxRecvKbps>0</maxRecvKbps>
        <maxRequestKiB>0</maxRequestKiB>
        <untrusted>false</untrusted>
        <remoteGUIPort>0</remoteGUIPort>
    </device>`;
  const folderDevice = (id) => `        <device id="${xml(id)}" introducedBy=""></device>`;
  const ids = [myId, ...peers.map((p) => p.deviceId)];
  return `<configuration version="${version}">
    <folder id="${FOLDER_ID}" label="${FOLDER_ID}" path="${xml(dirs.folder)}" type="sendreceive" rescanIntervalS="${RESCAN_S}" fsWatcherEnabled="true" fsWatcherDelayS="${FS_WATCHER_DELAY_S}" ignorePerms="false" autoNormalize="true">
        <filesystemType>basic</filesystemType>
${ids.map(folderDevice).join('\n')}
        <minDiskFree unit="%">0</minDiskFree>
        <pullerPauseS>${PULLER_PAUSE_S}</pullerPauseS>
        <markerName>.stfolder</markerName>
        <paused>false</paused>
    </folder>
${device(myId, peerName, listenAddr)}
${peers.map((p) => device(p.deviceId, p.peer, dialAddress(p))).join('\n')}
    <gui enabled="true" tls="false" debugging="false">
        <address>127.0.0.1:${guiPort}</address>
        <apikey>${xml(apiKey)}</apikey>
        <theme>default</theme>
    </gui>
    <options>
        <listenAddress>${xml(listenAddr)}</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <reconnectionIntervalS>${RECONNECT_S}</reconnectionIntervalS>
        <relaysEnabled>false</relaysEnabled>
        <startBrowser>false</startBrowser>
        <natEnabled>false</natEnabled>
        <urAccepted>-1</urAccepted>
        <urSeen>3</urSeen>
        <restartOnWakeup>false</restartOnWakeup>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <upgradeToPreReleases>false</upgradeToPreReleases>
        <minHomeDiskFree unit="%">0</minHomeDiskFree>
        <overwriteRemoteDeviceNamesOnConnect>false</overwriteRemoteDeviceNamesOnConnect>
        <setLowPriority>false</setLowPriority>
        <crashReportingEnabled>false</crashReportingEnabled>
        <stunKeepaliveStartS>0</stunKeepaliveStartS>
        <stunKeepaliveMinS>0</stunKeepaliveMinS>
        <announceLANAddresses>false</announceLANAddresses>
    </options>
</configuration>
`;
}

// ---------------------------------------------------------------- adapter state file

function statePath() { return path.join(dirs.state, 'adapter.json'); }

const DEVICE_ID = /^[A-Z0-9]{7}(-[A-Z0-9]{7}){7}$/;

function loadAdapterState() {
  let s = {};
  try { s = JSON.parse(fs.readFileSync(statePath(), 'utf8')) || {}; } catch { /* first start */ }
  const ok = (p) => p && typeof p.deviceId === 'string' && DEVICE_ID.test(p.deviceId) && p.deviceId !== myId && typeof p.peer === 'string';
  return {
    peers: (Array.isArray(s.peers) ? s.peers : []).filter((p) => ok(p) && typeof p.address === 'string'),
    accepted: (Array.isArray(s.accepted) ? s.accepted : []).filter(ok).map((p) => ({ peer: p.peer, deviceId: p.deviceId })),
    dropped: (Array.isArray(s.dropped) ? s.dropped : []).filter((id) => typeof id === 'string' && DEVICE_ID.test(id)),
  };
}

function saveAdapterState() {
  const tmp = statePath() + '.tmp';
  fs.writeFileSync(tmp, JSON.stringify({
    peer: peerName, deviceId: myId, peers: [...listed.values()], accepted: [...accepted.values()], dropped: [...dropped],
  }, null, 1));
  fs.renameSync(tmp, statePath());
}

// ---------------------------------------------------------------- REST

function makeApi(guiPort, apiKey) {
  const base = `http://127.0.0.1:${guiPort}`;
  return async function call(method, p, body, { signal, timeoutMs = 60_000 } = {}) {
    const signals = [AbortSignal.timeout(timeoutMs)];
    if (signal) signals.push(signal);
    const res = await fetch(base + p, {
      method,
      headers: { 'X-API-Key': apiKey, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.any(signals),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${p}: HTTP ${res.status} ${text.trim()}`);
    return text ? JSON.parse(text) : null;
  };
}

// ---------------------------------------------------------------- start

async function start(cmd) {
  if (cmd.protocol !== undefined && cmd.protocol !== PROTOCOL) throw new Error(`unsupported protocol ${cmd.protocol} (this adapter speaks ${PROTOCOL})`);
  if (typeof cmd.peer !== 'string' || !SAFE_NAME.test(cmd.peer)) throw new Error(`start: bad peer name ${JSON.stringify(cmd.peer)}`);
  peerName = cmd.peer;
  const listen = cmd.listen || {};
  if (typeof listen.host !== 'string' || !listen.host || !Number.isInteger(listen.port) || listen.port <= 0 || listen.port > 65535) {
    throw new Error(`start: bad listen ${JSON.stringify(cmd.listen)}`);
  }
  if (typeof cmd.stateDir !== 'string' || !cmd.stateDir) throw new Error('start: stateDir missing');
  listenAddr = `tcp://${hostPort(listen.host, listen.port)}`;
  const state = path.resolve(cmd.stateDir);
  dirs = { state, home: path.join(state, 'home'), folder: path.join(state, 'folder'), tmp: path.join(state, 'tmp') };
  ownDir = peerName;
  for (const d of [dirs.state, dirs.home, dirs.folder, dirs.tmp, path.join(dirs.folder, '.stfolder'), path.join(dirs.folder, ownDir)]) {
    fs.mkdirSync(d, { recursive: true });
  }
  for (const f of fs.readdirSync(dirs.tmp)) fs.rmSync(path.join(dirs.tmp, f), { force: true, recursive: true }); // leftovers of a crash

  // Keys: generated once, kept in <stateDir>/home (cert.pem/key.pem define the device id).
  const home = dirs.home;
  if (!fs.existsSync(path.join(home, 'cert.pem')) || !fs.existsSync(path.join(home, 'key.pem'))) {
    log('generating keys in', home);
    await run(SYNCTHING, ['generate', `--home=${home}`, '--no-default-folder', '--skip-port-probing'], { env: syncthingEnv() });
  }
  myId = (await run(SYNCTHING, ['serve', `--home=${home}`, '--device-id'], { env: syncthingEnv() })).trim();
  if (!DEVICE_ID.test(myId)) throw new Error(`unexpected device id output: ${JSON.stringify(myId)}`);
  log('device id', myId, 'listen', listenAddr);

  // Config is rewritten on every start from a template, so every networking feature is
  // off before Syncthing runs at all. Peers known from the last run are kept.
  const cfgPath = path.join(home, 'config.xml');
  let version = 36; // config version of Syncthing 1.19
  try {
    const m = /<configuration\s+version="(\d+)"/.exec(fs.readFileSync(cfgPath, 'utf8'));
    if (m) version = Number(m[1]);
  } catch { /* no config yet */ }
  const remembered = loadAdapterState();
  for (const p of remembered.peers) listed.set(p.deviceId, p);
  for (const p of remembered.accepted) if (!listed.has(p.deviceId)) accepted.set(p.deviceId, p);
  for (const id of remembered.dropped) if (!listed.has(id) && !accepted.has(id)) dropped.add(id);
  for (const p of [...listed.values(), ...accepted.values()]) peersById.set(p.deviceId, p.peer);
  // On a restart the peers are not about to dial us at this very moment (no
  // simultaneous dial), and the ones that should may be far into their redial
  // ramp: dial every remembered listed peer once, passive again when connected.
  if (DIAL === 'lower') for (const p of listed.values()) if (myId > p.deviceId) fallback.add(p.deviceId);
  const guiPort = await freeLoopbackPort();
  const apiKey = crypto.randomBytes(24).toString('hex');
  fs.writeFileSync(cfgPath + '.tmp', configXml({ version, guiPort, apiKey, peers: [...listed.values(), ...accepted.values()] }), { mode: 0o600 });
  fs.renameSync(cfgPath + '.tmp', cfgPath);

  // Seen set from earlier runs, so a restart does not repeat seen events.
  const seenPath = path.join(dirs.state, 'seen.log');
  try {
    for (const line of fs.readFileSync(seenPath, 'utf8').split('\n')) if (line) seen.add(line);
  } catch { /* first run */ }
  seenLog = fs.openSync(seenPath, 'a');

  const args = ['serve', `--home=${home}`, '--no-browser', '--no-restart', '--no-upgrade', '--no-default-folder',
    '--skip-port-probing', `--gui-address=http://127.0.0.1:${guiPort}`, `--gui-apikey=${apiKey}`, '--logflags=3'];
  log('spawning', SYNCTHING, args.map((a) => (a.startsWith('--gui-apikey=') ? '--gui-apikey=***' : a)).join(' '));
  child = spawn(SYNCTHING, args, { env: syncthingEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  childExit = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  child.on('error', (e) => fatal(`cannot run ${SYNCTHING}: ${e.message}`));
  for (const s of [child.stdout, child.stderr]) {
    readline.createInterface({ input: s }).on('line', (line) => process.stderr.write(`[syncthing ${peerName}] ${line}\n`));
  }
  childExit.then(({ code, signal }) => {
    if (!stopping) fatal(`syncthing exited unexpectedly (code ${code}, signal ${signal})`);
  });

  api = makeApi(guiPort, apiKey);
  const deadline = Date.now() + START_TIMEOUT_MS;
  let status = null;
  for (;;) {
    if (exiting) return;
    try {
      status = await api('GET', '/rest/system/status', undefined, { timeoutMs: 5000 });
      break;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`REST API did not answer within ${START_TIMEOUT_MS} ms: ${e.message}`);
      await sleep(200);
    }
  }
  if (status.myID !== myId) throw new Error(`REST reports device id ${status.myID}, expected ${myId}`);

  // Create the filtered event subscription now (timeout=0 answers at once), so every
  // later event is buffered for us. Events before this point are covered by the
  // directory walk below.
  const first = await api('GET', `/rest/events?events=${EVENT_MASK}&since=0&timeout=0`);
  let lastEventId = 0;
  for (const ev of first || []) { lastEventId = Math.max(lastEventId, ev.id); handleEvent(ev); }
  eventLoop(lastEventId);

  // Wait until the listener is up (or report why it is not). Syncthing keeps retrying
  // a listener that failed (e.g. port in use); we give up after LISTEN_ERROR_MS of errors.
  let errorSince = null;
  for (;;) {
    if (exiting || stopping) return;
    const st = await api('GET', '/rest/system/status', undefined, { timeoutMs: 5000 });
    const l = (st.connectionServiceStatus || {})[listenAddr];
    if (l && !l.error && (l.lanAddresses || []).length > 0) break;
    if (l && l.error) {
      errorSince ??= Date.now();
      if (Date.now() - errorSince > LISTEN_ERROR_MS) throw new Error(`cannot listen on ${listenAddr}: ${l.error}`);
    } else errorSince = null;
    if (Date.now() > deadline) throw new Error(`listener ${listenAddr} not up: ${JSON.stringify(l || st.connectionServiceStatus)}`);
    await sleep(200);
  }

  await walkFolder();
  safetyTimer = setInterval(() => { walkFolder().catch((e) => log('walk failed:', e.message)); }, SAFETY_SCAN_MS);
  safetyTimer.unref();
  tickTimer = setInterval(tick, TICK_MS);
  tickTimer.unref();

  emit({ event: 'ready', contact: { deviceId: myId, address: listenAddr } });
  readyEmitted = true;
  for (const ev of heldBack.splice(0)) emit(ev);
  log('ready');
  readyResolve();
  pollPending(); // devices refused while starting
}

// ---------------------------------------------------------------- events / seen

async function eventLoop(since) {
  let failures = 0;
  while (!stopping && !exiting) {
    try {
      const evs = await api('GET', `/rest/events?events=${EVENT_MASK}&since=${since}&timeout=30`, undefined,
        { signal: eventAbort.signal, timeoutMs: 60_000 });
      failures = 0;
      for (const ev of evs || []) {
        if (ev.id > since) since = ev.id;
        handleEvent(ev);
      }
    } catch (e) {
      if (stopping || exiting) return;
      failures++;
      log('event poll failed:', e.message);
      if (failures >= 30) return fatal(`event stream keeps failing: ${e.message}`);
      await sleep(500);
    }
  }
}

function handleEvent(ev) {
  const d = ev.data || {};
  switch (ev.type) {
    case 'ItemFinished':
      if (d.folder === FOLDER_ID && d.type === 'file' && !d.error && d.action === 'update') checkSeen(d.item);
      else if (d.error) log('item', d.item, d.action, 'failed:', d.error);
      break;
    case 'DeviceConnected':
      connectedIds.add(d.id);
      connectedAt.set(d.id, Date.now());
      downSince.delete(d.id);
      clearTimeout(upTimers.get(d.id));
      upTimers.set(d.id, setTimeout(() => {
        upTimers.delete(d.id);
        if (connectedIds.has(d.id)) setLink(d.id, 'up', d.addr);
      }, LINK_HOLD_MS).unref());
      break;
    case 'DeviceDisconnected': {
      const t = Date.now();
      connectedIds.delete(d.id);
      downSince.set(d.id, t);
      // Nudges start again, unless the connection was refused right away (see NUDGE_FIRST_MS).
      if (t - (connectedAt.get(d.id) ?? 0) >= SHORT_LINK_MS || !nudges.has(d.id)) nudges.set(d.id, { n: 0, at: t });
      if (upTimers.has(d.id)) {
        clearTimeout(upTimers.get(d.id));
        upTimers.delete(d.id);
        log('connection with', peersById.get(d.id) || d.id, `closed after ${t - (connectedAt.get(d.id) ?? t)} ms (refused?):`, d.error || '', '(no link reported)');
      } else setLink(d.id, 'down', d.error);
      break;
    }
    case 'PendingDevicesChanged':
    case 'PendingFoldersChanged':
      if (d.added) pollPending();
      break;
    default:
      break;
  }
}

function setLink(deviceId, state, detail) {
  const peer = peersById.get(deviceId);
  log('link', peer || deviceId, state, detail || '');
  if (!peer || linkState.get(peer) === state) return;
  linkState.set(peer, state);
  emitAfterReady({ event: 'link', peer, state });
}

// item: folder-relative path as reported by Syncthing or found by the directory walk.
function checkSeen(item) {
  const parts = String(item).split(/[\\/]/);
  if (parts.length !== 2) return;
  const [writer, file] = parts;
  if (writer === ownDir || !SAFE_NAME.test(writer) || !/^\d+$/.test(file)) return;
  const seq = Number(file);
  const key = `${writer}/${seq}`;
  if (seen.has(key)) return;
  try {
    fs.readFileSync(path.join(dirs.folder, writer, file)); // visible and readable
  } catch (e) {
    log('remote file', item, 'not readable yet:', e.code || e.message);
    return;
  }
  seen.add(key);
  emitAfterReady({ event: 'seen', writer, seq });
  try { fs.writeSync(seenLog, key + '\n'); } catch (e) { log('seen.log append failed:', e.message); }
}

async function walkFolder() {
  let writers;
  try {
    writers = await fsp.readdir(dirs.folder, { withFileTypes: true });
  } catch (e) {
    log('cannot list folder:', e.message);
    return;
  }
  for (const w of writers) {
    if (!w.isDirectory() || w.name === ownDir || !SAFE_NAME.test(w.name)) continue;
    let files;
    try { files = await fsp.readdir(path.join(dirs.folder, w.name), { withFileTypes: true }); } catch { continue; }
    for (const f of files) {
      if (f.isFile() && /^\d+$/.test(f.name) && !seen.has(`${w.name}/${Number(f.name)}`)) checkSeen(`${w.name}/${f.name}`);
    }
  }
}

// ---------------------------------------------------------------- peers

let peersWanted = null; // latest list from the agent, not applied yet
let configDirty = false; // accepted devices or dial addresses changed
let configBusy = null; // promise of the running config loop

function onPeers(cmd) {
  if (!Array.isArray(cmd.peers)) throw new Error('peers: "peers" must be an array');
  const list = [];
  for (const p of cmd.peers) {
    const c = (p && p.contact) || {};
    if (typeof c.deviceId !== 'string' || typeof c.address !== 'string' || !/^tcp[46]?:\/\//.test(c.address)) {
      throw new Error(`peers: bad contact for ${JSON.stringify(p)}`);
    }
    list.push({ peer: String(p.peer), deviceId: c.deviceId.toUpperCase(), address: c.address });
  }
  peersWanted = list;
  kickConfig();
}

// All config changes (peers, accepted devices, dial addresses) go through one loop,
// so two PUTs never race.
function kickConfig() {
  if (stopping || exiting) return;
  configDirty = true;
  if (!configBusy) {
    configBusy = configLoop().catch((e) => fatal(`config update failed: ${e.message}`)).finally(() => { configBusy = null; });
  }
}

async function configLoop() {
  await readyPromise;
  while ((configDirty || peersWanted) && !exiting) {
    configDirty = false;
    if (peersWanted) {
      setListed(peersWanted);
      peersWanted = null;
    }
    await applyConfig();
  }
}

// The agent's set replaces the listed peers. A peer that was listed and is left out
// is removed (and not accepted again if it dials us); accepted devices stay.
function setListed(list) {
  const want = new Map();
  for (const p of list) if (p.deviceId !== myId) want.set(p.deviceId, p);
  for (const id of listed.keys()) if (!want.has(id)) dropped.add(id);
  for (const id of want.keys()) { dropped.delete(id); accepted.delete(id); }
  listed.clear();
  for (const [id, p] of want) listed.set(id, p);
  for (const id of [...fallback]) if (!listed.has(id)) fallback.delete(id);
  for (const id of [...altSpelling]) if (!listed.has(id)) altSpelling.delete(id);
}

async function applyConfig() {
  const entries = [...listed.values(), ...accepted.values()];
  const cfg = await api('GET', '/rest/config');
  const byId = new Map(cfg.devices.map((d) => [d.deviceID, d]));
  const defaults = (cfg.defaults && cfg.defaults.device) || {};
  const devices = [byId.get(myId)];
  for (const p of entries) {
    const old = byId.get(p.deviceId);
    devices.push({ ...(old || defaults), deviceID: p.deviceId, name: p.peer, addresses: [dialAddress(p)], paused: false, autoAcceptFolders: false, introducer: false });
  }
  const folder = cfg.folders.find((f) => f.id === FOLDER_ID);
  if (!folder) throw new Error(`folder ${FOLDER_ID} missing from Syncthing config`);
  const oldFolderDevs = new Map(folder.devices.map((d) => [d.deviceID, d]));
  const folderDevices = devices.map((d) => oldFolderDevs.get(d.deviceID) || { deviceID: d.deviceID, introducedBy: '', encryptionPassword: '' });

  const norm = (devs, fdevs) => JSON.stringify([
    devs.map((d) => [d.deviceID, d.name, d.addresses, d.paused]).sort(),
    fdevs.map((d) => d.deviceID).sort(),
  ]);
  peersById.clear();
  for (const p of entries) peersById.set(p.deviceId, p.peer);
  const describe = () => [
    ...[...listed.values()].map((p) => `${p.peer}=${dialAddress(p)}`),
    ...[...accepted.values()].map((p) => `${p.peer}=accepted`),
  ].join(' ') || '(none)';
  if (norm(cfg.devices, folder.devices) === norm(devices, folderDevices)) {
    log('devices unchanged:', describe());
  } else {
    const next = { ...cfg, devices, folders: cfg.folders.map((f) => (f.id === FOLDER_ID ? { ...f, devices: folderDevices } : f)) };
    await api('PUT', '/rest/config', next);
    log('devices set:', describe());
  }
  saveAdapterState();
  // Devices that left the config: report their link down once.
  for (const [peer, st] of linkState) {
    if (st === 'up' && !entries.some((p) => p.peer === peer)) { linkState.set(peer, 'down'); emit({ event: 'link', peer, state: 'down' }); }
  }
}

// ---------------------------------------------------------------- unknown devices

// GET /rest/cluster/pending/devices answers
//   {"<device id>": {"time": "...", "name": "<its device name>", "address": "<ip:port>"}}
// GET /rest/cluster/pending/folders answers
//   {"<folder id>": {"offeredBy": {"<device id>": {"time": "...", "label": "...", ...}}}}
// Every adapter names its own device after its peer id, so "name" is the peer id.
let pendingBusy = false;
let pendingAgain = false;
const pendingLogged = new Set();

function logOnce(key, ...args) {
  if (pendingLogged.has(key)) return;
  pendingLogged.add(key);
  log(...args);
}

function nameFor(id, name) {
  const taken = (n) => n === peerName || [...listed.values(), ...accepted.values()].some((p) => p.peer === n && p.deviceId !== id);
  return typeof name === 'string' && SAFE_NAME.test(name) && !taken(name) ? name : id;
}

function accept(id, name, why) {
  if (id === myId || listed.has(id) || accepted.has(id) || !DEVICE_ID.test(id)) return false;
  if (dropped.has(id)) {
    logOnce(`dropped ${id}`, `not accepting ${name || id} (${id}): the agent dropped it from the peer set`);
    return false;
  }
  const peer = nameFor(id, name);
  accepted.set(id, { peer, deviceId: id });
  peersById.set(id, peer);
  log(`accepting ${peer} (${id}): ${why}`);
  return true;
}

async function pollPending() {
  if (!readyEmitted || stopping || exiting) return;
  if (pendingBusy) { pendingAgain = true; return; }
  pendingBusy = true;
  try {
    do {
      pendingAgain = false;
      let changed = false;
      const devs = (await api('GET', '/rest/cluster/pending/devices', undefined, { timeoutMs: 10_000 })) || {};
      for (const [id, od] of Object.entries(devs)) {
        if (accept(id, od && od.name, `it connected from ${od && od.address} without being listed`)) changed = true;
      }
      const folders = (await api('GET', '/rest/cluster/pending/folders', undefined, { timeoutMs: 10_000 })) || {};
      for (const [fid, pf] of Object.entries(folders)) {
        for (const id of Object.keys((pf && pf.offeredBy) || {})) {
          if (fid !== FOLDER_ID) { logOnce(`folder ${fid} ${id}`, `ignoring the offer of folder ${JSON.stringify(fid)} by ${id}`); continue; }
          // Every device in the config shares the folder, so only an unknown one needs
          // adding; an offer from a known device goes away with the next config change.
          if (accept(id, devs[id] && devs[id].name, `it offered folder ${FOLDER_ID}`)) changed = true;
          else if (listed.has(id) || accepted.has(id)) logOnce(`folder ${fid} ${id}`, `pending offer of ${fid} by known device ${id}: shared already`);
        }
      }
      if (changed) kickConfig();
    } while (pendingAgain && !stopping && !exiting);
  } catch (e) {
    if (!stopping && !exiting) log('pending devices poll failed:', e.message);
  } finally {
    pendingBusy = false;
  }
}

// ---------------------------------------------------------------- writes

const writeQueue = [];
let writesBusy = null;

function onWrite(cmd) {
  if (!Number.isSafeInteger(cmd.seq) || cmd.seq < 0) throw new Error(`write: bad seq ${JSON.stringify(cmd.seq)}`);
  if (typeof cmd.value !== 'string') throw new Error(`write ${cmd.seq}: value must be a base64 string`);
  writeQueue.push(cmd);
  if (!writesBusy) {
    writesBusy = pumpWrites().catch((e) => fatal(`write failed: ${e.message}`)).finally(() => { writesBusy = null; });
  }
}

async function pumpWrites() {
  await readyPromise;
  const dirPath = path.join(dirs.folder, ownDir);
  while (writeQueue.length) {
    const batch = writeQueue.splice(0, 200);
    const subs = [];
    for (const w of batch) {
      const data = Buffer.from(w.value, 'base64');
      const rel = `${ownDir}/${seqName(w.seq)}`;
      const tmp = path.join(dirs.tmp, `${seqName(w.seq)}.${process.pid}.tmp`);
      const fin = path.join(dirs.folder, rel);
      const fh = await fsp.open(tmp, 'w', 0o644);
      try { await fh.writeFile(data); await fh.sync(); } finally { await fh.close(); }
      await fsp.rename(tmp, fin); // atomic: Syncthing never sees a half-written file
      const back = await fsp.readFile(fin);
      if (!back.equals(data)) throw new Error(`write ${w.seq}: read-back differs from payload`);
      subs.push(rel);
    }
    const dh = await fsp.open(dirPath, 'r');
    try { await dh.sync(); } finally { await dh.close(); }
    // The scan request returns once Syncthing has hashed the files into its local
    // index (it queues behind a running pull of the same folder).
    const q = subs.map((s) => `&sub=${encodeURIComponent(s)}`).join('');
    let attempt = 0;
    for (;;) {
      try {
        await api('POST', `/rest/db/scan?folder=${FOLDER_ID}${q}`, undefined, { timeoutMs: 300_000 });
        break;
      } catch (e) {
        if (++attempt >= 5 || exiting) throw new Error(`scan of ${subs.length} written file(s) failed: ${e.message}`);
        log('scan failed, retrying:', e.message);
        await sleep(500 * attempt);
      }
    }
    for (const w of batch) emit({ event: 'ack', seq: w.seq });
  }
}

// ---------------------------------------------------------------- stop

let stopPromise = null;
function stop() {
  if (!stopPromise) stopPromise = doStop().catch((e) => fatal(`stop failed: ${e.message}`));
  return stopPromise;
}

async function doStop() {
  if (!started || !child) { log('stop before start: exiting'); process.exit(0); }
  if (!readyEmitted) {
    // Nothing was acked yet, so there is nothing to flush: terminate Syncthing (SIGTERM
    // is a clean shutdown for it) and leave.
    log('stop while starting: terminating syncthing');
    stopping = true;
    eventAbort.abort();
    await killChild();
    exiting = true;
    process.exit(0);
  }
  while (writesBusy || configBusy) await (writesBusy || configBusy);
  stopping = true;
  if (safetyTimer) clearInterval(safetyTimer);
  if (tickTimer) clearInterval(tickTimer);
  eventAbort.abort();
  await walkFolder();
  log('shutting syncthing down');
  try {
    await api('POST', '/rest/system/shutdown', undefined, { timeoutMs: 10_000 });
  } catch (e) {
    log('REST shutdown failed, sending SIGTERM:', e.message);
    child.kill('SIGTERM');
  }
  const res = await Promise.race([childExit, sleep(STOP_TIMEOUT_MS).then(() => null)]);
  if (!res) {
    log('syncthing did not exit in time, killing');
    await killChild();
    throw new Error(`syncthing did not exit within ${STOP_TIMEOUT_MS} ms after shutdown`);
  }
  if (res.code !== 0) throw new Error(`syncthing exited with code ${res.code} signal ${res.signal} on shutdown`);
  if (seenLog !== null) fs.closeSync(seenLog);
  log('stopped');
  exiting = true;
  process.exit(0);
}

// ---------------------------------------------------------------- command loop

function onLine(line) {
  if (!line.trim()) return;
  let cmd;
  try { cmd = JSON.parse(line); } catch { return fatal(`malformed command line: ${line.slice(0, 200)}`); }
  if (!cmd || typeof cmd !== 'object') return fatal(`command is not an object: ${line.slice(0, 200)}`);
  try {
    if (cmd.op === 'start') {
      if (started) throw new Error('start received twice');
      started = true;
      start(cmd).catch((e) => fatal(`start failed: ${e.message}`));
      return;
    }
    if (!started && cmd.op !== 'stop') throw new Error(`"${cmd.op}" before start`);
    switch (cmd.op) {
      case 'peers': onPeers(cmd); break;
      case 'write': onWrite(cmd); break;
      case 'stop': stop(); break;
      default: log('ignoring unknown op', cmd.op);
    }
  } catch (e) {
    fatal(e.message);
  }
}

readline.createInterface({ input: process.stdin }).on('line', onLine).on('close', () => {
  if (!exiting && !stopPromise) { log('stdin closed: stopping'); stop(); }
});
