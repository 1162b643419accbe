/**
 * The intended parts of Luister and the arrows that must never be (issue 15; docs/architecture
 * in ../shared/ARCHITECTURE.md). Checked by test/architecture/dependencies.spec.ts in npm test.
 * Table ownership (only the cases module writes cases) is SQL, not imports: see
 * test/architecture/table-owners.spec.ts.
 */
const CHANNELS = {
  web: '^src/intake/',
  mail: '^src/mail/(inbound|mailboxes)/',
};

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'sla-knows-no-channel',
      comment:
        'SLA calculates due times over facts; how a message arrived or leaves is not its business, and the case (which stores them) is the cases module’s.',
      severity: 'error',
      from: { path: '^src/sla/' },
      to: { path: ['^src/intake/', '^src/mail/', '^src/replies/', '^src/inbox/', '^src/cases/'] },
    },
    {
      name: 'routing-knows-no-channel',
      comment: 'Postcode routing answers "which region" for any channel.',
      severity: 'error',
      from: { path: '^src/routing/' },
      to: { path: ['^src/intake/', '^src/mail/', '^src/cases/', '^src/sla/'] },
    },
    {
      name: 'common-knows-no-feature',
      comment: 'src/common is the shared toolbox: it may use config and the SQL helper, nothing of a feature.',
      severity: 'error',
      from: { path: '^src/common/' },
      to: { path: '^src/', pathNot: ['^src/common/', '^src/config/', '^src/types/', '^src/database/sql\\.ts$'] },
    },
    {
      name: 'web-channel-knows-no-mail-channel',
      comment: 'The two intake channels are peers: they meet in cases, never in each other.',
      severity: 'error',
      from: { path: CHANNELS.web },
      to: { path: CHANNELS.mail },
    },
    {
      name: 'mail-channel-knows-no-web-channel',
      comment: 'The two intake channels are peers: they meet in cases, never in each other.',
      severity: 'error',
      from: { path: '^src/mail/' },
      to: { path: CHANNELS.web },
    },
    {
      name: 'nothing-depends-on-the-dashboard',
      comment: 'The dashboard reads; nothing may need it (only the composition roots start it).',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/dashboard/', '^src/app\\.module\\.ts$', '^src/server\\.ts$'] },
      to: { path: '^src/dashboard/' },
    },
    {
      name: 'no-circular',
      comment: 'A cycle hides which part needs which; break it with a port or by moving the shared piece.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-test-code-in-src',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
