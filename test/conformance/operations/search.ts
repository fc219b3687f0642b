/** Views (arangosearch and search-alias) and analyzers. */
import { untyped, type Op } from '../harness.js';

export const analyzerOps: Op[] = [
  {
    area: 'analyzers',
    name: 'create analyzer (norm)',
    ts: (s) => s.db.createAnalyzer(s.n('norm'), { type: 'norm', properties: { locale: 'en', case: 'lower', accent: false }, features: ['frequency', 'norm'] }),
    js: (s) => s.db.createAnalyzer(s.n('norm'), { type: 'norm', properties: { locale: 'en', case: 'lower', accent: false }, features: ['frequency', 'norm'] }),
  },
  {
    area: 'analyzers',
    name: 'create analyzer (identity, no properties)',
    ts: (s) => s.db.createAnalyzer(s.n('ident'), { type: 'identity' }),
    js: (s) => s.db.createAnalyzer(s.n('ident'), { type: 'identity' }),
  },
  {
    area: 'analyzers',
    name: 'create analyzer (text)',
    ts: (s) =>
      s.db.createAnalyzer(s.n('text'), {
        type: 'text',
        properties: { locale: 'en', case: 'lower', stemming: true, accent: false, stopwords: ['the'] },
        features: ['frequency', 'norm', 'position'],
      }),
    js: (s) =>
      s.db.createAnalyzer(s.n('text'), {
        type: 'text',
        properties: { locale: 'en', case: 'lower', stemming: true, accent: false, stopwords: ['the'] },
        features: ['frequency', 'norm', 'position'],
      }),
  },
  {
    area: 'analyzers',
    name: 'create analyzer (ngram)',
    ts: (s) => s.db.createAnalyzer(s.n('ngram'), { type: 'ngram', properties: { min: 2, max: 3, preserveOriginal: false, streamType: 'utf8' }, features: [] }),
    js: (s) => s.db.createAnalyzer(s.n('ngram'), untyped({ type: 'ngram', properties: { min: 2, max: 3, preserveOriginal: false, streamType: 'utf8' }, features: [] })),
  },
  {
    area: 'analyzers',
    name: 'get analyzer',
    ts: (s) => s.db.analyzer(s.n('norm')).get(),
    js: (s) => s.db.analyzer(s.n('norm')).get(),
  },
  {
    area: 'analyzers',
    name: 'analyzer exists',
    ts: (s) => s.db.analyzer(s.n('norm')).exists(),
    js: (s) => s.db.analyzer(s.n('norm')).exists(),
  },
  {
    area: 'analyzers',
    name: 'list analyzers',
    ts: (s) => s.db.analyzers(),
    js: (s) => s.db.listAnalyzers(),
  },
  {
    area: 'analyzers',
    name: 'drop analyzer',
    ts: (s) => s.db.analyzer(s.n('ngram')).drop(),
    js: (s) => s.db.analyzer(s.n('ngram')).drop(),
  },
  {
    area: 'analyzers',
    name: 'drop missing analyzer (404)',
    expectStatus: 404,
    ts: (s) => s.db.analyzer(s.n('ngram')).drop(),
    js: (s) => s.db.analyzer(s.n('ngram')).drop(),
  },
  {
    area: 'analyzers',
    name: 'drop analyzer force',
    ts: (s) => s.db.analyzer(s.n('ident')).drop(true),
    js: (s) => s.db.analyzer(s.n('ident')).drop(true),
  },
];

export const viewOps: Op[] = [
  {
    area: 'views',
    name: 'create arangosearch view with links',
    ts: (s) =>
      s.db.createView(s.n('search'), {
        type: 'arangosearch',
        links: { [s.n('docs')]: { analyzers: ['identity'], includeAllFields: true, fields: { v: { analyzers: ['identity'] } } } },
        primarySort: [{ field: 'v', asc: true }],
        storedValues: [{ fields: ['v'], compression: 'lz4' }],
        commitIntervalMsec: 1000,
        consolidationIntervalMsec: 1000,
      }),
    js: (s) =>
      s.db.createView(s.n('search'), {
        type: 'arangosearch',
        links: { [s.n('docs')]: { analyzers: ['identity'], includeAllFields: true, fields: { v: { analyzers: ['identity'] } } } },
        primarySort: [{ field: 'v', asc: true }],
        storedValues: [{ fields: ['v'], compression: 'lz4' }],
        commitIntervalMsec: 1000,
        consolidationIntervalMsec: 1000,
      }),
  },
  {
    area: 'views',
    name: 'get view',
    ts: (s) => s.db.view(s.n('search')).get(),
    js: (s) => s.db.view(s.n('search')).get(),
  },
  {
    area: 'views',
    name: 'view exists',
    ts: (s) => s.db.view(s.n('search')).exists(),
    js: (s) => s.db.view(s.n('search')).exists(),
  },
  {
    area: 'views',
    name: 'view properties',
    ts: (s) => s.db.view(s.n('search')).properties(),
    js: (s) => s.db.view(s.n('search')).properties(),
  },
  {
    area: 'views',
    name: 'update view properties',
    ts: (s) => s.db.view(s.n('search')).updateProperties({ cleanupIntervalStep: 3, consolidationPolicy: { type: 'tier', segmentsMin: 2 } }),
    js: (s) => s.db.view(s.n('search')).updateProperties({ cleanupIntervalStep: 3, consolidationPolicy: { type: 'tier', segmentsMin: 2 } }),
  },
  {
    area: 'views',
    name: 'replace view properties',
    ts: (s) => s.db.view(s.n('search')).replaceProperties({ commitIntervalMsec: 2000, links: { [s.n('docs')]: { includeAllFields: true } } }),
    js: (s) => s.db.view(s.n('search')).replaceProperties({ commitIntervalMsec: 2000, links: { [s.n('docs')]: { includeAllFields: true } } }),
  },
  {
    area: 'views',
    name: 'list views',
    ts: (s) => s.db.views(),
    js: (s) => s.db.listViews(),
  },
  {
    area: 'views',
    name: 'rename view (cluster: refused)',
    expectStatus: 501,
    ts: (s) => s.db.view(s.n('search')).rename(s.n('search2')),
    // Not View#rename: arangojs 10.4 renames its handle even when the server refuses.
    js: (s) => s.db.renameView(s.n('search'), s.n('search2')),
  },
  {
    area: 'views',
    name: 'create search-alias view',
    ts: (s) => s.db.createView(s.n('alias'), { type: 'search-alias', indexes: [{ collection: s.n('docs'), index: 'inv' }] }),
    js: (s) => s.db.createView(s.n('alias'), { type: 'search-alias', indexes: [{ collection: s.n('docs'), index: 'inv' }] }),
  },
  {
    area: 'views',
    name: 'update search-alias view',
    ts: (s) => s.db.view(s.n('alias')).updateProperties({ indexes: [{ collection: s.n('docs'), index: 'inv', operation: 'del' }] }),
    js: (s) => s.db.view(s.n('alias')).updateProperties({ indexes: [{ collection: s.n('docs'), index: 'inv', operation: 'del' }] }),
  },
  {
    area: 'views',
    name: 'drop search-alias view',
    ts: (s) => s.db.view(s.n('alias')).drop(),
    js: (s) => s.db.view(s.n('alias')).drop(),
  },
  {
    area: 'views',
    name: 'drop arangosearch view',
    ts: (s) => s.db.view(s.n('search')).drop(),
    js: (s) => s.db.view(s.n('search')).drop(),
  },
];
