// Where /usr/bin/time is missing: run a node script in this process and print its peak RSS
// (process.resourceUsage().maxRSS, kilobytes) on stderr as "maxRSS N".
'use strict';
const path = require('node:path');
const [script, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], path.resolve(script), ...args];
process.on('exit', () => process.stderr.write(`maxRSS ${process.resourceUsage().maxRSS}\n`));
require(path.resolve(script));
