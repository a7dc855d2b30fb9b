// rss-parser on its own, without agoras' guards: reads the feed file named on the command line and
// parses it, as figure 8's measure of what the guards in front of it are for.
const { readFileSync } = require('node:fs');
const Parser = require('rss-parser');

new Parser().parseString(readFileSync(process.argv[2], 'utf8')).then(
  (feed) => console.log(`${feed.items.length} items`),
  (error) => {
    console.error(String(error.message).split('\n')[0]);
    process.exit(2);
  },
);
