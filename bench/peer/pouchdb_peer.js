// The peer of the desk-sync benchmark: PouchDB replicating to express-pouchdb over HTTP on
// loopback, both sides on the memory adapter.
//
//   node pouchdb_peer.js serve PORT            the server (express-pouchdb), its own process
//   node pouchdb_peer.js replicate URL DOCS SIZE BATCH
//                                               push DOCS documents of about SIZE bytes to
//                                               URL/bench, then pull them into a fresh
//                                               database; prints one JSON line of figures
'use strict';

const PouchDB = require('pouchdb');
PouchDB.plugin(require('pouchdb-adapter-memory'));
const MemoryPouch = PouchDB.defaults({ adapter: 'memory' });

function serve(port) {
  const express = require('express');
  const app = express();
  app.use('/', require('express-pouchdb')(MemoryPouch, { mode: 'minimumForPouchDB', logPath: '/dev/null' }));
  const server = app.listen(port, '127.0.0.1', () => console.log(`listening ${port}`));
  server.on('connection', (socket) => socket.setNoDelay(true));
}

// A visit as the desk records it: ids, the center, a queue number, the category and a
// request's text, padded to the asked size.
function visit(n, size) {
  const doc = {
    _id: `visit-${String(n).padStart(8, '0')}`,
    type: 'visit',
    center_id: '0192f0c4-7a1e-7d3c-9b2a-5c6d7e8f9a0b',
    resident_id: `0192f0c4-7a1e-7d3c-9b2a-${String(n).padStart(12, '0')}`,
    queue_number: `A${String(n % 1000).padStart(3, '0')}`,
    category: 'public',
    status: 'done',
    created_at: new Date(1700000000000 + n * 1000).toISOString(),
    text: '',
  };
  doc.text = '办理居住证明';
  const padding = size - Buffer.byteLength(JSON.stringify(doc));
  doc.text += ' '.repeat(Math.max(0, padding));
  return doc;
}

async function replicate(url, docs, size, batch) {
  const remote = new PouchDB(`${url}/bench`);
  const local = new MemoryPouch('desk');
  for (let start = 0; start < docs; start += 1000) {
    const chunk = [];
    for (let n = start; n < Math.min(docs, start + 1000); n += 1) chunk.push(visit(n, size));
    await local.bulkDocs(chunk);
  }
  const bytes = Buffer.byteLength(JSON.stringify(visit(0, size)));
  let started = process.hrtime.bigint();
  const pushed = await local.replicate.to(remote, { batch_size: batch });
  const pushSeconds = Number(process.hrtime.bigint() - started) / 1e9;

  const other = new MemoryPouch('other-desk');
  started = process.hrtime.bigint();
  const pulled = await other.replicate.from(remote, { batch_size: batch });
  const pullSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(JSON.stringify({
    docs,
    doc_bytes: bytes,
    batch,
    pushed: pushed.docs_written,
    pulled: pulled.docs_written,
    push_s: pushSeconds,
    pull_s: pullSeconds,
    pouchdb: require('pouchdb/package.json').version,
  }));
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'serve') {
  serve(Number(args[0]));
} else if (mode === 'replicate') {
  replicate(args[0], Number(args[1]), Number(args[2]), Number(args[3])).catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  console.error('usage: pouchdb_peer.js serve PORT | replicate URL DOCS SIZE BATCH');
  process.exit(2);
}
