/**
 * Foxx service management (`/_api/foxx`). ArangoDB 3.12 deprecates Foxx but still serves these
 * calls; each method sends exactly the documented request. The service mount path always travels
 * as the `mount` query parameter.
 */
import { expectList } from '../shape.js';
import type { Connection } from '../connection.js';
import { ArangoClientError } from '../errors.js';
import type { CallOptions, QueryValue, RequestSpec } from '../transport/request.js';
import { path } from '../transport/path.js';
import { callOptions, isJsonObject, UnexpectedResponseError, withoutEnvelope } from '../admin/envelope.js';
import { describeHandle, inspectable, type HandleDescription } from '../describe.js';

/**
 * Where a service comes from. `source` is a URL or a path on the server's file system (JSON
 * service definition); `zip` is a zip bundle and `javascript` a standalone service file, both sent
 * as the raw body. ArangoDB's multipart upload is not offered: the raw forms cover the same cases.
 */
export type FoxxSource =
  | { source: string; configuration?: Record<string, unknown>; dependencies?: Record<string, string | string[]> }
  | { zip: Uint8Array }
  | { javascript: string };

/**
 * A mounted service as `GET /_api/foxx` lists it: mount path, name and version from its manifest,
 * what it `provides`, and whether it runs in development mode or legacy (2.8) compatibility mode.
 */
export interface FoxxServiceSummary {
  mount: string;
  name?: string;
  version?: string;
  provides: Record<string, unknown>;
  development: boolean;
  legacy: boolean;
}

/**
 * `GET /_api/foxx/service`: the summary plus the service's manifest, its options (configuration and
 * dependencies) and the bundle's checksum.
 */
export interface FoxxServiceDescription extends FoxxServiceSummary {
  manifest: Record<string, unknown>;
  options: Record<string, unknown>;
  checksum: string;
  [key: string]: unknown;
}

/**
 * Query options of installing a service: start in `development` mode (default `false`), run its
 * setup script (`setup`, default `true`), legacy 2.8 compatibility (`legacy`, default `false`).
 */
export interface InstallServiceOptions {
  development?: boolean;
  setup?: boolean;
  legacy?: boolean;
}

/**
 * Query options of upgrading or replacing a service: run the old service's teardown script
 * (`teardown`, default `true` on replace, `false` on upgrade), the new one's setup script (`setup`,
 * default `true`), legacy 2.8 compatibility (`legacy`).
 */
export interface ReplaceServiceOptions {
  teardown?: boolean;
  setup?: boolean;
  legacy?: boolean;
  /** Install even if nothing is mounted there yet. */
  force?: boolean;
}

/**
 * Query options of `POST /_api/foxx/tests`: the `reporter` (shape of the result), `idiomatic` (the
 * reporter's own format instead of JSON, for `stream`, `xunit`, `tap`), and `filter` (only tests
 * whose full name contains it).
 */
export interface RunTestsOptions {
  reporter?: 'default' | 'suite' | 'stream' | 'xunit' | 'tap';
  idiomatic?: boolean;
  filter?: string;
}

function checkMount(mount: unknown, what: string): string {
  if (typeof mount !== 'string' || !mount.startsWith('/') || mount.length < 2) {
    throw new ArangoClientError(`${what}: a mount path must be a string starting with "/", got ${JSON.stringify(mount)}`);
  }
  return mount;
}

/** Query flags of an options object; the call options beside them are not query parameters. */
function flags(options: object | undefined): Record<string, QueryValue> {
  const q: Record<string, QueryValue> = {};
  if (!options) return q;
  for (const [k, v] of Object.entries(options)) {
    if (k === 'signal' || k === 'timeout' || k === 'retryOnConflict') continue;
    if (typeof v === 'boolean' || typeof v === 'string') q[k] = v;
  }
  return q;
}

function sourceBody(source: FoxxSource, what: string): Pick<RequestSpec, 'body' | 'rawBody' | 'contentType'> {
  if (!isJsonObject(source)) throw new ArangoClientError(`${what}: expected a service source object`);
  if ('zip' in source) {
    if (!(source.zip instanceof Uint8Array)) throw new ArangoClientError(`${what}: "zip" must be a Uint8Array`);
    return { rawBody: source.zip, contentType: 'application/zip' };
  }
  if ('javascript' in source) {
    if (typeof source.javascript !== 'string') throw new ArangoClientError(`${what}: "javascript" must be a string`);
    return { rawBody: source.javascript, contentType: 'application/javascript' };
  }
  if (typeof source.source !== 'string' || source.source === '') {
    throw new ArangoClientError(`${what}: expected { source }, { zip } or { javascript }`);
  }
  const body: Record<string, unknown> = { source: source.source };
  if (source.configuration !== undefined) body.configuration = source.configuration;
  if (source.dependencies !== undefined) body.dependencies = source.dependencies;
  return { body };
}

/**
 * Foxx service management of a database: `db.foxx`.
 *
 * @deprecated ArangoDB 3.12 deprecates Foxx microservices and removes them in v4.0.
 */
export class Foxx {
  /** What logging shows: kind, database, name and hosts — never credentials. */
  toJSON(): HandleDescription {
    return describeHandle('Foxx', this.connection);
  }
  constructor(private readonly connection: Connection) {}

  private call<T>(
    spec: Omit<RequestSpec, 'query'> & { query?: Record<string, QueryValue> },
    mount: string,
    call: CallOptions | undefined,
    what: string,
    parse?: (body: unknown, status: number) => T,
  ): Promise<T> {
    const query = { ...(spec.query ?? {}), mount: checkMount(mount, what) };
    return this.connection.send({ ...spec, query, ...callOptions(call) }, (res) =>
      parse ? parse(res.body, res.status) : withoutEnvelope<T>(res, what),
    );
  }

  /** Installed services (python-arango's `services`). */
  async services(excludeSystem?: boolean, call?: CallOptions): Promise<FoxxServiceSummary[]> {
    const query: Record<string, QueryValue> = excludeSystem === undefined ? {} : { excludeSystem };
    return this.connection.send({ operation: 'foxx.services', method: 'GET', path: '/_api/foxx', query, ...callOptions(call) }, (res) => {
      return expectList<FoxxServiceSummary>(res, res.body, { mount: 'string' }, 'foxx services');
    });
  }

  /** `GET /_api/foxx/service`: the service mounted at `mount`. */
  async service(mount: string, call?: CallOptions): Promise<FoxxServiceDescription> {
    return this.call({ operation: 'foxx.service', method: 'GET', path: '/_api/foxx/service' }, mount, call, 'foxx service', (body) => {
      if (!isJsonObject(body) || typeof body.mount !== 'string') throw new UnexpectedResponseError('a service description: a JSON object with a "mount"');
      const { error: _error, code: _code, ...rest } = body;
      return rest as unknown as FoxxServiceDescription;
    });
  }

  /** Installs a service at `mount` (python-arango's `create_service`). */
  async createService(mount: string, source: FoxxSource, options: InstallServiceOptions & CallOptions = {}): Promise<FoxxServiceDescription> {
    return this.call(
      { operation: 'foxx.createService', method: 'POST', path: '/_api/foxx', query: flags(options), ...sourceBody(source, 'install service') },
      mount,
      options,
      'install service',
    );
  }

  /** Upgrades the service in place (PATCH; its configuration and dependencies are kept). */
  async updateService(mount: string, source: FoxxSource, options: ReplaceServiceOptions & CallOptions = {}): Promise<FoxxServiceDescription> {
    return this.call(
      { operation: 'foxx.updateService', method: 'PATCH', path: '/_api/foxx/service', query: flags(options), ...sourceBody(source, 'upgrade service') },
      mount,
      options,
      'upgrade service',
    );
  }

  /** Replaces the service (PUT; configuration and dependencies are reset). */
  async replaceService(mount: string, source: FoxxSource, options: ReplaceServiceOptions & CallOptions = {}): Promise<FoxxServiceDescription> {
    return this.call(
      { operation: 'foxx.replaceService', method: 'PUT', path: '/_api/foxx/service', query: flags(options), ...sourceBody(source, 'replace service') },
      mount,
      options,
      'replace service',
    );
  }

  /** Uninstalls the service (204 on success). */
  async deleteService(mount: string, options: { teardown?: boolean } & CallOptions = {}): Promise<void> {
    await this.call({ operation: 'foxx.deleteService', method: 'DELETE', path: '/_api/foxx/service', query: flags(options) }, mount, options, 'uninstall service', () => undefined);
  }

  /** `GET /_api/foxx/configuration`: the service's configuration options with their current values. */
  async config(mount: string, call?: CallOptions): Promise<Record<string, unknown>> {
    return this.call({ operation: 'foxx.config', method: 'GET', path: '/_api/foxx/configuration' }, mount, call, 'foxx configuration');
  }

  /** `PATCH /_api/foxx/configuration`: sets the given options, keeping the others; answers the configuration. */
  async updateConfig(mount: string, config: Record<string, unknown>, call?: CallOptions): Promise<Record<string, unknown>> {
    return this.call({ operation: 'foxx.updateConfig', method: 'PATCH', path: '/_api/foxx/configuration', body: config }, mount, call, 'update configuration');
  }

  /** `PUT /_api/foxx/configuration`: replaces the whole configuration (options left out are reset); answers it. */
  async replaceConfig(mount: string, config: Record<string, unknown>, call?: CallOptions): Promise<Record<string, unknown>> {
    return this.call({ operation: 'foxx.replaceConfig', method: 'PUT', path: '/_api/foxx/configuration', body: config }, mount, call, 'replace configuration');
  }

  /** `GET /_api/foxx/dependencies`: the service's dependencies with the mount paths they point to. */
  async dependencies(mount: string, call?: CallOptions): Promise<Record<string, unknown>> {
    return this.call({ operation: 'foxx.dependencies', method: 'GET', path: '/_api/foxx/dependencies' }, mount, call, 'foxx dependencies');
  }

  /**
   * Changes dependency mounts. The reference names the body `options`; that is the name of the
   * body parameter, and the body itself is the `{ dependency: mountPath }` object, which is what
   * ArangoDB's Foxx API reads and what is sent here.
   */
  async updateDependencies(mount: string, dependencies: Record<string, string | string[]>, call?: CallOptions): Promise<Record<string, unknown>> {
    return this.call({ operation: 'foxx.updateDependencies', method: 'PATCH', path: '/_api/foxx/dependencies', body: dependencies }, mount, call, 'update dependencies');
  }

  /** `PUT /_api/foxx/dependencies`: replaces every dependency mount (ones left out are reset); answers them. */
  async replaceDependencies(mount: string, dependencies: Record<string, string | string[]>, call?: CallOptions): Promise<Record<string, unknown>> {
    return this.call({ operation: 'foxx.replaceDependencies', method: 'PUT', path: '/_api/foxx/dependencies', body: dependencies }, mount, call, 'replace dependencies');
  }

  /** Script names by id. */
  async scripts(mount: string, call?: CallOptions): Promise<Record<string, string>> {
    return this.call({ operation: 'foxx.scripts', method: 'GET', path: '/_api/foxx/scripts' }, mount, call, 'foxx scripts');
  }

  /** Runs a script; answers its exports. */
  async runScript(mount: string, name: string, arg?: unknown, call?: CallOptions): Promise<unknown> {
    if (typeof name !== 'string' || name === '') throw new ArangoClientError('run script: expected a script name');
    return this.call(
      { operation: 'foxx.runScript', method: 'POST', path: path`/_api/foxx/scripts/${name}`, ...(arg === undefined ? {} : { body: arg }) },
      mount,
      call,
      'run script',
      (body) => body,
    );
  }

  /** Runs the service's tests; the result's shape depends on the reporter. */
  async runTests(mount: string, options: RunTestsOptions & CallOptions = {}): Promise<unknown> {
    return this.call({ operation: 'foxx.runTests', method: 'POST', path: '/_api/foxx/tests', query: flags(options) }, mount, options, 'run tests', (body) => body);
  }

  /**
   * `POST /_api/foxx/development`: development mode, where the service is re-read from disk on every
   * request (slow; for one Coordinator, not synced across the cluster).
   */
  async enableDevelopment(mount: string, call?: CallOptions): Promise<FoxxServiceDescription> {
    return this.call({ operation: 'foxx.enableDevelopment', method: 'POST', path: '/_api/foxx/development' }, mount, call, 'enable development');
  }

  /**
   * `DELETE /_api/foxx/development`: production mode again; the service's files are re-bundled and
   * propagated to the other Coordinators.
   */
  async disableDevelopment(mount: string, call?: CallOptions): Promise<FoxxServiceDescription> {
    return this.call({ operation: 'foxx.disableDevelopment', method: 'DELETE', path: '/_api/foxx/development' }, mount, call, 'disable development');
  }

  /** The service's README, or `null` when it has none (204). */
  async readme(mount: string, call?: CallOptions): Promise<string | null> {
    return this.call({ operation: 'foxx.readme', method: 'GET', path: '/_api/foxx/readme', responseType: 'text' }, mount, call, 'readme', (body, status) =>
      status === 204 ? null : typeof body === 'string' ? body : String(body),
    );
  }

  /** The service's OpenAPI 2.0 description. */
  async swagger(mount: string, call?: CallOptions): Promise<Record<string, unknown>> {
    return this.call({ operation: 'foxx.swagger', method: 'GET', path: '/_api/foxx/swagger' }, mount, call, 'swagger', (body) => {
      if (!isJsonObject(body)) throw new UnexpectedResponseError('a JSON object (swagger)');
      return body;
    });
  }

  /** The service bundle as zip bytes. */
  async download(mount: string, call?: CallOptions): Promise<Uint8Array> {
    return this.call({ operation: 'foxx.download', method: 'POST', path: '/_api/foxx/download', responseType: 'buffer' }, mount, call, 'download service', (body) => {
      if (!(body instanceof Uint8Array)) throw new UnexpectedResponseError('binary data (download service)');
      return body;
    });
  }

  /** Writes the Coordinator's local service state to the database (204 on success). */
  async commit(replace?: boolean, call?: CallOptions): Promise<void> {
    const query: Record<string, QueryValue> = replace === undefined ? {} : { replace };
    await this.connection.send({ operation: 'foxx.commit', method: 'POST', path: '/_api/foxx/commit', query, ...callOptions(call) }, () => undefined);
  }
}

inspectable(Foxx);
