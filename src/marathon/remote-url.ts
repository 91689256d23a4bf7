/**
 * The Marathon and Metronome URLs a user gives, checked before any request, and the
 * credential scrubbing every message about them goes through. No I/O and no dependencies, so the
 * command line can check its flags without loading the HTTP code.
 */

export type Service = 'marathon' | 'metronome' | 'secret-store';

export const SERVICE_NAME: Record<Service, string> = { marathon: 'Marathon', metronome: 'Metronome', 'secret-store': 'DC/OS secret store' };

/** Where each service serves its API, for hints (`<cluster>` is the DC/OS cluster URL). */
export const SERVICE_URL_HINT: Record<Service, string> = {
  marathon: 'http://<marathon-host>:8080, or on DC/OS https://<cluster>/service/marathon',
  metronome: 'http://<metronome-host>:9000, or on DC/OS https://<cluster>/service/metronome',
  'secret-store': 'https://<cluster>/secrets/v1 (DC/OS Enterprise)',
};

export interface ServiceUrl {
  service: Service;
  /** http(s)://host[:port][/path] without credentials, query, fragment or trailing slash. */
  base: string;
  /** user:password from the URL (HTTP basic authentication); never shown. */
  basic?: { username: string; password: string };
}

/** A URL the user gave that cannot be used; the message never holds credentials. */
export class ServiceUrlError extends Error {}

/** What users paste after the base URL by mistake: the API path we add ourselves. */
const API_SUFFIX: Record<Service, RegExp> = {
  marathon: /\/v2(\/groups|\/apps)?$/,
  metronome: /\/v1(\/jobs)?$/,
  // The secrets API lives under /secrets/v1; `/secret` after it is where the paths start.
  'secret-store': /\/secret$/,
};

/**
 * Checks a --marathon-url / --metronome-url value: http or https, no query or fragment; user
 * and password become basic-auth credentials; a trailing slash or API path (`/v2/groups`,
 * `/v1/jobs`) is dropped.
 */
export function parseServiceUrl(value: string, service: Service): ServiceUrl {
  const flag = `--${service}-url`;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ServiceUrlError(`${flag} "${redactUserinfo(value)}" is not a URL (expected e.g. ${SERVICE_URL_HINT[service]})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ServiceUrlError(`${flag} "${redactUserinfo(value)}" is not an http:// or https:// URL (expected e.g. ${SERVICE_URL_HINT[service]})`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ServiceUrlError(`${flag} must not have a query or fragment: give the URL the ${SERVICE_NAME[service]} API is served under (${SERVICE_URL_HINT[service]})`);
  }
  const result: ServiceUrl = { service, base: '' };
  if (url.username !== '' || url.password !== '') {
    result.basic = { username: safeDecode(url.username), password: safeDecode(url.password) };
    url.username = '';
    url.password = '';
  }
  const path = url.pathname.replace(/\/+$/, '').replace(API_SUFFIX[service], '');
  result.base = `${url.protocol}//${url.host}${path}`;
  return result;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Removes `user:password@` from every URL in a text. */
export function redactUserinfo(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/?#\s@]*@/gi, '$1');
}

/** Whether a host name is this machine (sending credentials over plain http there is fine). */
export function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\./.test(h);
}
