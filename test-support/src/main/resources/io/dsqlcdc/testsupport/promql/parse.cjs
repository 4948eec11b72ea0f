// Reads a JSON array of PromQL expressions on stdin; writes, for each, the parse errors and the metric names of its
// vector selectors, as a JSON array on stdout. Run with NODE_PATH pointing at the node_modules holding the parser.
const { parser } = require('@prometheus-io/lezer-promql');

let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const results = JSON.parse(input).map((expression) => {
    const errors = [];
    const metrics = new Set();
    parser.parse(expression).iterate({
      enter: (node) => {
        if (node.type.isError) {
          errors.push('at ' + node.from + ': "' + expression.slice(node.from, Math.max(node.to, node.from + 10)) + '"');
        } else if (node.name === 'Identifier' && node.node.parent && node.node.parent.name === 'VectorSelector') {
          metrics.add(expression.slice(node.from, node.to));
        } else if (node.name === 'UnquotedLabelMatcher' || node.name === 'QuotedLabelMatcher') {
          const text = expression.slice(node.from, node.to);
          const byName = /^"?__name__"?\s*=\s*"([^"]+)"$/.exec(text);
          if (byName) {
            metrics.add(byName[1]);
          }
        }
      },
    });
    return { expression, errors, metrics: [...metrics].sort() };
  });
  process.stdout.write(JSON.stringify(results));
});
