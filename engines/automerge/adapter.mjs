#!/usr/bin/env node
// CMesh engine adapter (protocol 1) for unmodified @automerge/automerge-repo
// with its WebSocket network adapter and its Node filesystem storage adapter.
//
// stdin: one JSON command per line (op = start | peers | write | stop)
// stdout: one JSON event per line (event = ready | ack | seen | link | error)
// stderr: free-form log
//
// Design: one Automerge document per writer, {writer, updates: {"<writer>/<seq>": bytes}}.
// See README.md for the mapping and the known limits.
import { writeProtocolLine, drainStdout, writeLogLine, whenStdoutBroken } from "./stdout-guard.mjs"; // must stay the first import
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import readline from "node:readline";
import { once } from "node:events";
import { performance } from "node:perf_hooks";
import { Repo, NetworkAdapter, isValidAutomergeUrl } from "@automerge/automerge-repo";
import { WebSocketClientAdapter, WebSocketServerAdapter } from "@automerge/automerge-repo-network-websocket";
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs";
import { WebSocketServer } from "ws";

const PROTOCOL = 1;
/** Client reconnect interval: the upstream default of WebSocketClientAdapter. */
const RETRY_MS = envInt("CMESH_AUTOMERGE_RETRY_MS", 5000);
/** Ping period for both directions: the upstream default of WebSocketServerAdapter. */
const KEEPALIVE_MS = envInt("CMESH_AUTOMERGE_KEEPALIVE_MS", 5000);
/** How long start waits for the own document to load from storage. */
const LOAD_TIMEOUT_MS = envInt("CMESH_AUTOMERGE_LOAD_TIMEOUT_MS", 15000);
/** Repo's save throttle (upstream default 100 ms). */
const SAVE_DEBOUNCE_MS = 100;

const OWN_DOC_FILE = "automerge-own-doc.json";
const SEEN_FILE = "automerge-seen.log";
const STORAGE_DIR = "automerge-repo";

const noop = () => {};
let me = "?";

function envInt(name, fallback) {
  const v = Number.parseInt(process.env[name] ?? "", 10);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

function log(...parts) {
  writeLogLine(`${new Date().toISOString()} automerge[${me}] ${parts.join(" ")}`);
}

function emit(event, callback) {
  writeProtocolLine(JSON.stringify(event), callback);
}

let dying = false;
function fatal(message) {
  if (dying) return;
  dying = true;
  log("fatal:", message);
  emit({ event: "error", message: String(message) }, () => process.exit(1));
  setTimeout(() => process.exit(1), 2000).unref();
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

// Socket errors are part of a bad network, not a reason to die; anything else is.
const NETWORK_ERROR_CODES = new Set([
  "ECONNRESET", "ECONNREFUSED", "ECONNABORTED", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH",
  "ENETUNREACH", "ENETDOWN", "EHOSTDOWN", "EAI_AGAIN", "ENOTCONN", "ERR_STREAM_DESTROYED",
  "WS_ERR_INVALID_CLOSE_CODE", "WS_ERR_INVALID_OPCODE", "WS_ERR_UNEXPECTED_RSV_1",
]);
process.on("uncaughtException", err => {
  if (NETWORK_ERROR_CODES.has(err?.code) || /WebSocket was closed before|Websocket not ready/.test(err?.message ?? "")) {
    log("network error (ignored):", err?.code ?? "", err?.message ?? err);
    return;
  }
  fatal(`uncaught exception: ${err?.stack ?? err}`);
});
process.on("unhandledRejection", reason => {
  log("unhandled rejection (ignored):", reason?.stack ?? reason);
});

// ---------------------------------------------------------------------------
// Network glue. Nothing here changes the sync protocol: these are the stock
// WebSocketClientAdapter / WebSocketServerAdapter, with the client's socket
// error handling made survivable and a client-side keepalive, and one thin
// NetworkAdapter in front of them so that two sockets to the same peer (we
// dial it, it dials us) look like one peer to the Repo.
// ---------------------------------------------------------------------------

/** A WebSocketClientAdapter for one listed peer. */
class ClientLink extends WebSocketClientAdapter {
  #closed = false;
  #joinSentAt = 0;
  #pingSentAt = 0;
  /** Round trip of the last join -> peer handshake, ms. */
  handshakeRttMs = undefined;
  /** Round trip of the last ping -> pong, ms. */
  pingRttMs = undefined;

  constructor(peer, url, retryMs) {
    super(url, retryMs);
    this.peer = peer;
    // Upstream onError rethrows every socket error except ECONNREFUSED from
    // inside the socket's event dispatch, which ends the process on
    // ECONNRESET, EHOSTUNREACH, ETIMEDOUT... Log instead: 'close' follows and
    // drives the upstream retry.
    this.onError = event => {
      log(`dial ${peer} ${url}: ${event?.error?.code ?? event?.error?.message ?? event?.message ?? "error"}`);
    };
    const upstreamOnOpen = this.onOpen;
    this.onOpen = () => {
      this.#joinSentAt = performance.now();
      upstreamOnOpen();
    };
  }

  connect(peerId, peerMetadata) {
    if (this.#closed) return; // a retry timer that outlived disconnect()
    const old = this.socket;
    // Upstream replaces the socket on every retry, removing the old socket's
    // listeners without closing it: a socket still connecting would later
    // emit 'error' with no listener (process crash) or open unused.
    if (old) old.on("error", noop);
    super.connect(peerId, peerMetadata);
    if (old && old !== this.socket) {
      try { old.terminate(); } catch { /* already closed */ }
    }
    const socket = this.socket;
    this.#pingSentAt = 0;
    socket.on("pong", () => {
      if (socket !== this.socket || !this.#pingSentAt) return;
      this.pingRttMs = performance.now() - this.#pingSentAt;
      this.#pingSentAt = 0;
    });
  }

  peerCandidate(remotePeerId, peerMetadata) {
    if (this.#joinSentAt) {
      this.handshakeRttMs = performance.now() - this.#joinSentAt;
      this.#joinSentAt = 0;
    }
    super.peerCandidate(remotePeerId, peerMetadata);
  }

  /** Called every KEEPALIVE_MS: drop a connection whose last ping got no pong. */
  keepalive() {
    const socket = this.socket;
    if (this.#closed || !socket || socket.readyState !== 1 /* OPEN */) return;
    if (this.#pingSentAt) {
      log(`no pong from ${this.peer} within ${KEEPALIVE_MS} ms: dropping the connection`);
      this.#pingSentAt = 0;
      socket.terminate(); // 'close' -> upstream onClose -> peer-disconnected + retry
      return;
    }
    this.#pingSentAt = performance.now();
    try { socket.ping(); } catch { /* closing */ }
  }

  disconnect() {
    this.#closed = true;
    this.socket?.on("error", noop);
    try { super.disconnect(); } catch (e) { log(`closing link to ${this.peer}: ${e?.message ?? e}`); }
  }
}

/**
 * The Repo's only NetworkAdapter. It owns the server adapter and one client
 * adapter per listed peer; it tells the Repo a peer is there while at least one
 * of those has it, and sends through the connection that came up last.
 * Any change of the set of connections to a peer is shown to the Repo as a
 * disconnect + reconnect, so the sync state is renewed (as upstream does when
 * its one connection drops).
 */
class MeshNetwork extends NetworkAdapter {
  #adapters = new Map(); // adapter -> its event handlers
  #routes = new Map(); // remote peerId -> Map(adapter -> peerMetadata), newest last

  constructor(onLink) {
    super();
    this.onLink = onLink;
  }

  isReady() { return true; }
  whenReady() { return Promise.resolve(); }

  connect(peerId, peerMetadata) {
    this.peerId = peerId;
    this.peerMetadata = peerMetadata;
    for (const adapter of this.#adapters.keys()) adapter.connect(peerId, peerMetadata);
  }

  add(adapter) {
    const handlers = {
      "peer-candidate": ({ peerId, peerMetadata }) => this.#routeUp(adapter, peerId, peerMetadata),
      "peer-disconnected": ({ peerId }) => this.#routeDown(adapter, peerId),
      message: message => this.emit("message", message),
    };
    for (const [name, fn] of Object.entries(handlers)) adapter.on(name, fn);
    this.#adapters.set(adapter, handlers);
    if (this.peerId) adapter.connect(this.peerId, this.peerMetadata);
  }

  remove(adapter) {
    const handlers = this.#adapters.get(adapter);
    if (!handlers) return;
    try { adapter.disconnect(); } catch (e) { log(`disconnect: ${e?.message ?? e}`); }
    for (const [peerId, routes] of [...this.#routes]) if (routes.has(adapter)) this.#routeDown(adapter, peerId);
    for (const [name, fn] of Object.entries(handlers)) adapter.off(name, fn);
    this.#adapters.delete(adapter);
  }

  send(message) {
    const routes = this.#routes.get(message.targetId);
    if (!routes) return; // peer gone: the Repo learns it from peer-disconnected
    const newestFirst = [...routes.keys()].reverse();
    for (const adapter of newestFirst) {
      try {
        adapter.send(message);
        return;
      } catch (e) {
        log(`send to ${message.targetId}: ${e?.message ?? e}`);
      }
    }
  }

  disconnect() {
    for (const adapter of [...this.#adapters.keys()]) this.remove(adapter);
  }

  get connectedPeers() { return [...this.#routes.keys()]; }

  #routeUp(adapter, peerId, peerMetadata) {
    if (!this.#adapters.has(adapter)) return;
    let routes = this.#routes.get(peerId);
    if (!routes) this.#routes.set(peerId, (routes = new Map()));
    const wasUp = routes.size > 0;
    routes.delete(adapter);
    routes.set(adapter, peerMetadata);
    if (wasUp) this.emit("peer-disconnected", { peerId });
    this.emit("peer-candidate", { peerId, peerMetadata });
    if (!wasUp) this.onLink(peerId, "up", adapter);
  }

  #routeDown(adapter, peerId) {
    const routes = this.#routes.get(peerId);
    if (!routes || !routes.delete(adapter)) return;
    this.emit("peer-disconnected", { peerId });
    if (routes.size > 0) {
      const [, peerMetadata] = [...routes].at(-1);
      this.emit("peer-candidate", { peerId, peerMetadata });
    } else {
      this.#routes.delete(peerId);
      this.onLink(peerId, "down", adapter);
    }
  }
}

/** NodeFSStorageAdapter that can tell when no write is in flight (for stop). */
class TrackedStorage extends NodeFSStorageAdapter {
  #inFlight = 0;
  #waiters = [];
  async #track(op) {
    this.#inFlight++;
    try { return await op(); } finally {
      if (--this.#inFlight === 0) for (const resolve of this.#waiters.splice(0)) resolve();
    }
  }
  save(key, binary) { return this.#track(() => super.save(key, binary)); }
  remove(key) { return this.#track(() => super.remove(key)); }
  removeRange(prefix) { return this.#track(() => super.removeRange(prefix)); }
  idle() { return this.#inFlight === 0 ? Promise.resolve() : new Promise(resolve => this.#waiters.push(resolve)); }
}

// ---------------------------------------------------------------------------
// Engine state
// ---------------------------------------------------------------------------
let started = false;
let stopping = false;
let stateDir;
let repo;
let mux;
let storage;
let wss;
let own; // DocHandle of the local writer's document
const clients = new Map(); // listed peer name -> ClientLink
const watched = new Set(); // documentIds with a change listener
const seen = new Set(); // "<writer>/<seq>" already reported (persisted in SEEN_FILE)
let seenLog; // append stream
const timers = [];

function onLink(peerId, state, adapter) {
  const event = { event: "link", peer: peerId, state };
  if (state === "up" && adapter instanceof ClientLink && adapter.handshakeRttMs !== undefined) {
    event.rttMs = Math.round(adapter.handshakeRttMs * 1000) / 1000;
  }
  log(`link ${peerId} ${state}`);
  if (!stopping) emit(event);
}

function report(doc, key) {
  if (seen.has(key)) return;
  const slash = key.lastIndexOf("/");
  if (slash <= 0) return;
  const writer = key.slice(0, slash);
  const seq = Number(key.slice(slash + 1));
  if (writer === me || !Number.isSafeInteger(seq)) return;
  if (doc?.updates?.[key] === undefined) return;
  seen.add(key);
  emit({ event: "seen", writer, seq });
  seenLog?.write(key + "\n");
}

function scan(doc) {
  const updates = doc?.updates;
  if (!updates || typeof updates !== "object") return;
  for (const key of Object.keys(updates)) report(doc, key);
}

/** Reports the keys of a remote writer's document, now and on every change. */
function watch(handle) {
  if (!handle || !own || handle.documentId === own.documentId || watched.has(handle.documentId)) return;
  watched.add(handle.documentId);
  handle.on("change", ({ doc, patches }) => {
    let full = false;
    for (const patch of patches) {
      const [top, key] = patch.path;
      if (top !== "updates") continue;
      if (key === undefined) { full = true; continue; }
      if (patch.action !== "del") report(doc, String(key));
    }
    if (full) scan(doc);
  });
  // The payload's doc is used above: 'change' fires before a handle that gets
  // its first data from the network turns ready. Keys present already:
  if (handle.isReady()) scan(handle.doc());
}

/** Watches every document the Repo has, including ones relayed by other peers. */
function watchAll() {
  for (const handle of Object.values(repo.handles)) watch(handle);
}

// ---------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------
async function start(cmd) {
  if (started) throw new Error("start sent twice");
  if (cmd.protocol !== undefined && cmd.protocol !== PROTOCOL) throw new Error(`unsupported protocol ${cmd.protocol} (this adapter speaks ${PROTOCOL})`);
  if (typeof cmd.peer !== "string" || !cmd.peer) throw new Error("start: peer missing");
  if (!cmd.listen || typeof cmd.listen.host !== "string" || !Number.isInteger(cmd.listen.port)) throw new Error("start: listen {host, port} missing");
  if (typeof cmd.stateDir !== "string" || !cmd.stateDir) throw new Error("start: stateDir missing");
  started = true;
  me = cmd.peer;
  stateDir = cmd.stateDir;
  await fsp.mkdir(stateDir, { recursive: true });

  // Seen set from an earlier run with this stateDir: at most one seen per (writer, seq), across restarts too.
  const seenPath = path.join(stateDir, SEEN_FILE);
  try {
    for (const line of (await fsp.readFile(seenPath, "utf8")).split("\n")) if (line) seen.add(line);
    log(`restored ${seen.size} seen keys`);
  } catch (e) {
    if (e.code !== "ENOENT") throw e;
  }
  seenLog = fs.createWriteStream(seenPath, { flags: "a" });
  seenLog.on("error", e => log(`seen log: ${e.message}`));

  storage = new TrackedStorage(path.join(stateDir, STORAGE_DIR));
  mux = new MeshNetwork(onLink);
  repo = new Repo({ storage, network: [mux], peerId: me, saveDebounceRate: SAVE_DEBOUNCE_MS });
  repo.on("doc-metrics", metric => {
    if (metric?.type === "receive-sync-message" && metric.documentId) watch(repo.handles[metric.documentId]);
  });

  own = await openOwnDocument();

  const { host, port } = cmd.listen;
  wss = new WebSocketServer({ host, port });
  wss.on("connection", socket => socket.on("error", e => log(`inbound socket: ${e?.code ?? e?.message ?? e}`)));
  try {
    await once(wss, "listening"); // rejects on 'error'
  } catch (e) {
    throw new Error(`cannot listen on ${host}:${port}: ${e.message}`);
  }
  wss.on("error", e => log(`server: ${e.message}`));
  mux.add(new WebSocketServerAdapter(wss, KEEPALIVE_MS));

  timers.push(setInterval(() => { for (const c of clients.values()) c.keepalive(); }, KEEPALIVE_MS));
  timers.push(setInterval(watchAll, 1000));

  const urlHost = host.includes(":") ? `[${host}]` : host;
  log(`listening on ${host}:${port}, own document ${own.url}`);
  emit({ event: "ready", contact: { url: `ws://${urlHost}:${port}`, doc: own.url } });
}

async function openOwnDocument() {
  const file = path.join(stateDir, OWN_DOC_FILE);
  let saved;
  try {
    saved = JSON.parse(await fsp.readFile(file, "utf8"));
  } catch (e) {
    if (e.code !== "ENOENT") log(`ignoring ${OWN_DOC_FILE}: ${e.message}`);
  }
  if (saved?.url && isValidAutomergeUrl(saved.url)) {
    if (saved.peer !== me) {
      log(`stateDir belonged to ${saved.peer}, not ${me}: starting a new document`);
    } else {
      let timer;
      try {
        const handle = await Promise.race([
          repo.find(saved.url),
          new Promise((_, reject) => { timer = setTimeout(() => reject(new Error("timed out")), LOAD_TIMEOUT_MS); }),
        ]);
        const doc = handle.doc();
        if (!doc.updates) handle.change(d => { d.updates = {}; });
        log(`reloaded own document ${saved.url} with ${Object.keys(doc.updates ?? {}).length} updates`);
        return handle;
      } catch (e) {
        log(`own document ${saved.url} not in storage (${e.message}): starting a new document`);
      } finally {
        clearTimeout(timer);
      }
    }
  }
  const handle = repo.create({ writer: me, updates: {} });
  await repo.flush([handle.documentId]);
  await storage.idle();
  const tmp = file + ".tmp";
  const fh = await fsp.open(tmp, "w");
  await fh.writeFile(JSON.stringify({ peer: me, url: handle.url }) + "\n");
  await fh.sync();
  await fh.close();
  await fsp.rename(tmp, file);
  log(`created own document ${handle.url}`);
  return handle;
}

function peers(cmd) {
  if (!Array.isArray(cmd.peers)) throw new Error("peers: peers[] missing");
  const listed = new Map();
  for (const entry of cmd.peers) {
    const name = entry?.peer;
    const url = entry?.contact?.url;
    if (typeof name !== "string" || name === me) continue;
    if (typeof url !== "string" || !/^wss?:\/\//.test(url)) {
      log(`peers: ${name} has no ws:// url in its contact: skipped`);
      continue;
    }
    listed.set(name, entry.contact);
  }
  for (const [name, client] of [...clients]) {
    const contact = listed.get(name);
    if (!contact || contact.url !== client.url) {
      log(`closing link to ${name} (${contact ? "new url" : "no longer listed"})`);
      clients.delete(name);
      mux.remove(client);
    }
  }
  for (const [name, contact] of listed) {
    if (!clients.has(name)) {
      const client = new ClientLink(name, contact.url, RETRY_MS);
      clients.set(name, client);
      log(`dialing ${name} at ${contact.url}`);
      mux.add(client);
    }
    if (typeof contact.doc === "string" && isValidAutomergeUrl(contact.doc)) {
      // findWithProgress hands back the handle at once, whatever its state;
      // it turns ready when a peer sends the document (also after 'unavailable').
      watch(repo.findWithProgress(contact.doc).handle);
    }
  }
}

function write(cmd) {
  const seq = cmd.seq;
  const key = typeof cmd.key === "string" ? cmd.key : `${me}/${seq}`;
  const bytes = new Uint8Array(Buffer.from(typeof cmd.value === "string" ? cmd.value : "", "base64"));
  own.change(d => {
    if (!d.updates) d.updates = {};
    d.updates[key] = bytes;
  });
  const back = own.doc().updates?.[key];
  if (!(back instanceof Uint8Array) || !Buffer.from(back).equals(Buffer.from(bytes))) {
    throw new Error(`write ${seq} (${key}) does not read back`);
  }
  emit({ event: "ack", seq });
}

async function stop(reason) {
  if (stopping || dying) return;
  stopping = true;
  log(`stopping (${reason})`);
  setTimeout(() => { log("stop took too long: exiting"); process.exit(0); }, 10000).unref();
  for (const t of timers) clearInterval(t);
  if (repo) {
    mux.disconnect();
    await new Promise(resolve => wss.close(() => resolve()));
    await sleep(SAVE_DEBOUNCE_MS + 50); // let throttled saves start
    const ready = Object.values(repo.handles).filter(h => h.isReady()).map(h => h.documentId);
    await repo.flush(ready);
    await storage.idle();
  }
  if (seenLog) await new Promise(resolve => seenLog.end(resolve));
  log("stopped");
  drainStdout(() => process.exit(0));
}

// ---------------------------------------------------------------------------
// stdin loop: commands are handled one at a time, in order.
// ---------------------------------------------------------------------------
let chain = Promise.resolve();
const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
input.on("line", line => {
  chain = chain.then(() => handle(line)).catch(e => fatal(e?.message ?? e));
});
input.on("close", () => {
  chain = chain.then(() => stop("stdin closed")).catch(e => fatal(e?.message ?? e));
});

// The agent is gone: flush and leave, as on stop.
whenStdoutBroken(() => {
  chain = chain.then(() => stop("stdout closed")).catch(() => process.exit(1));
});

async function handle(line) {
  if (dying || stopping) return;
  if (!line.trim()) return;
  let cmd;
  try {
    cmd = JSON.parse(line);
  } catch {
    throw new Error(`not a JSON line: ${line.slice(0, 200)}`);
  }
  if (!started && cmd.op !== "start") throw new Error(`first command must be start, got ${cmd.op}`);
  switch (cmd.op) {
    case "start": return start(cmd);
    case "peers": return peers(cmd);
    case "write": return write(cmd);
    case "stop": return stop("stop command");
    default: log(`ignoring unknown op ${JSON.stringify(cmd.op)}`);
  }
}
