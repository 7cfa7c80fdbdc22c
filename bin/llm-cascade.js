#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is compiled to lib/ by `npm run build`.
require('../lib/cli/main.js').runCli();
