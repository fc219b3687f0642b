#!/usr/bin/env node
// The installed command. It exists before the build (npm links bins at install time, before
// `prepare` compiles), and runs the compiled CLI.
import '../dist/bin/cli.js';
