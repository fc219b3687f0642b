/**
 * The ArangoDB version the emulator reports everywhere (`/_api/version`, health, status, the AQL
 * `VERSION()` function): server identity, not server state, so the AQL functions can read it
 * without loading the store.
 */

/** The current 3.12 patch (the one the 3.12 documentation transcripts were recorded from). */
export const ARANGO_VERSION = '3.12.10';
