// PostGraphile 4, the peer that `make bench` measures Roster against on
// PostgreSQL: one Node process serving Roster's own tables (schema public of
// DATABASE_URL) as GraphQL at http://127.0.0.1:PORT/graphql, read-only
// (no mutations), without authentication, query log or file watching.
const http = require('http');
const { postgraphile } = require('postgraphile');

const port = Number(process.env.PORT || 5000);
const handler = postgraphile(process.env.DATABASE_URL, 'public', {
  disableDefaultMutations: true,
  disableQueryLog: true,
  watchPg: false,
  graphiql: false,
  setofFunctionsContainNulls: false,
  retryOnInitFail: false,
});

http.createServer(handler).listen(port, '127.0.0.1', () => {
  console.log(`postgraphile listening on http://127.0.0.1:${port}/graphql`);
});
