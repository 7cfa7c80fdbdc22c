#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is compiled to lib/ by `npm run build`.
require('../lib/client/main.js').runCli();
