// Imported first by adapter.mjs: stdout carries protocol lines only.
//
// Some code paths of automerge-repo call console.log (e.g. "error receiving
// message"), which would write to stdout and corrupt the JSON-lines stream.
// Keep a private handle on the real stdout writer for protocol lines and send
// everything else that targets stdout (console.*, process.stdout.write) to
// stderr.
const realWrite = process.stdout.write.bind(process.stdout);

/** Writes one protocol line (already serialized, no newline) to the real stdout. */
export function writeProtocolLine(line, callback) {
  return realWrite(line + "\n", callback);
}

/** Calls back once everything written to the real stdout has been flushed. */
export function drainStdout(callback) {
  return realWrite("", callback);
}

process.stdout.write = process.stderr.write.bind(process.stderr);
for (const name of ["log", "info", "debug", "warn", "trace", "dir", "table"]) {
  const toStderr = console.error.bind(console);
  if (name in console) console[name] = toStderr;
}
