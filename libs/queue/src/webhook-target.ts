import { createHmac } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { addressProblem } from './special-addresses';

/** Resolves a host name to every address it has (dns.lookup with `all`); tests pass their own. */
export type HostLookup = (hostname: string) => Promise<LookupAddress[]>;

const systemLookup: HostLookup = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

/** The host as the URL parser reads it (so 0x7f.1 and 2130706433 are 127.0.0.1), lower case, IPv6 without brackets. */
function canonicalHost(host: string): string {
  return host.replace(/^\[|\]$/g, '').toLowerCase();
}

function allowedSet(allowedHosts: readonly string[]): Set<string> {
  return new Set(
    allowedHosts.map((host) => {
      try {
        return canonicalHost(new URL(`http://${isIP(host) === 6 ? `[${host}]` : host}/`).hostname);
      } catch {
        return canonicalHost(host);
      }
    }),
  );
}

interface Target {
  url: URL;
  /** Set when the host is not allowed by name: every address must then pass the check. */
  checked: boolean;
}

/** Parses and checks what can be checked without the network; throws with the field and the reason. */
function parseTarget(raw: string, allowedHosts: readonly string[]): Target {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookTargetError(`webhookUrl: "${raw}" is not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WebhookTargetError('webhookUrl: only http and https URLs are called.');
  const host = canonicalHost(url.hostname);
  if (allowedSet(allowedHosts).has(host)) return { url, checked: false };
  if (isIP(host)) {
    const why = addressProblem(host);
    if (why) throw new WebhookTargetError(`webhookUrl: ${host} is ${why}; webhooks are not sent there unless WEBHOOK_ALLOWED_HOSTS lists it.`);
  }
  return { url, checked: true };
}

/** Resolves a host and refuses it when any of its addresses is blocked (a name must not straddle both sides). */
async function resolveChecked(host: string, lookup: HostLookup): Promise<LookupAddress[]> {
  let addresses: LookupAddress[];
  try {
    addresses = await lookup(host);
  } catch (error) {
    throw new WebhookTargetError(`webhookUrl: cannot resolve ${host} (${(error as { code?: string }).code ?? (error as Error).message}).`);
  }
  if (!addresses.length) throw new WebhookTargetError(`webhookUrl: cannot resolve ${host}.`);
  for (const { address } of addresses) {
    const why = addressProblem(address);
    if (why) throw new WebhookTargetError(`webhookUrl: ${host} resolves to ${address}, ${why}; webhooks are not sent there unless WEBHOOK_ALLOWED_HOSTS lists it.`);
  }
  return addresses;
}

/** A webhook URL the product must not call (server-side request forgery), with the reason; null when it may. */
export async function webhookUrlProblem(raw: string, allowedHosts: readonly string[], lookup: HostLookup = systemLookup): Promise<string | null> {
  try {
    const target = parseTarget(raw, allowedHosts);
    if (target.checked && !isIP(canonicalHost(target.url.hostname))) await resolveChecked(canonicalHost(target.url.hostname), lookup);
    return null;
  } catch (error) {
    if (error instanceof WebhookTargetError) return error.message;
    throw error;
  }
}

export class WebhookTargetError extends Error {}

/** A delivery the receiver did not accept: its answer's status, or null when it did not answer or could not be reached. */
export class WebhookDeliveryError extends Error {
  override name = 'WebhookDeliveryError';
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }

  /**
   * Whether a later attempt cannot pass either: a redirect (never followed) or a 4xx other than 408 (request timeout)
   * and 429 (too many requests). No answer, a 5xx, 408 and 429 may pass later.
   */
  get permanent(): boolean {
    return this.status !== null && this.status >= 300 && this.status < 500 && this.status !== 408 && this.status !== 429;
  }
}

/**
 * POSTs JSON to a webhook after checking its address again (DNS may have changed since the URL was accepted). The
 * check runs inside the connection's own lookup, so the socket goes to the very address that was checked, while the
 * Host header and TLS name stay the URL's. Redirects are not followed; a non-2xx answer, none in time or no connection
 * fails with a WebhookDeliveryError (a refused address with a WebhookTargetError).
 */
export async function postWebhook(
  raw: string,
  body: unknown,
  {
    allowedHosts,
    secret,
    lookup = systemLookup,
    timeoutMs = 10_000,
  }: { allowedHosts: readonly string[]; secret: string; lookup?: HostLookup; timeoutMs?: number },
): Promise<{ status: number }> {
  const { url, checked } = parseTarget(raw, allowedHosts);
  const pinnedLookup: RequestOptions['lookup'] = (hostname, options, callback) => {
    const resolved = checked ? resolveChecked(hostname, lookup) : lookup(hostname);
    resolved.then(
      (addresses) => {
        const usable = options.family ? addresses.filter((a) => a.family === options.family) : addresses;
        const [first] = usable;
        if (!first) return callback(Object.assign(new Error(`no IPv${options.family} address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
        if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
        callback(null, first.address, first.family);
      },
      (error: Error) => callback(error, '', 0),
    );
  };
  const payload = JSON.stringify(body);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'POST',
        lookup: pinnedLookup,
        timeout: timeoutMs,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          'user-agent': 'foretell-webhook/1',
          [SIGNATURE_HEADER]: webhookSignature(secret, payload),
        },
      },
      (response) => {
        response.resume();
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve({ status });
        else reject(new WebhookDeliveryError(`Webhook ${url.origin} answered ${status}.`, status));
      },
    );
    request.on('timeout', () => request.destroy(new WebhookDeliveryError(`Webhook ${url.origin} did not answer in ${timeoutMs / 1000} s.`, null)));
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof WebhookDeliveryError || error instanceof WebhookTargetError) return reject(error);
      reject(new WebhookDeliveryError(`Webhook ${url.origin} could not be reached (${error.code ?? error.message}).`, null));
    });
    request.end(payload);
  });
}

const SIGNATURE_HEADER = 'foretell-signature';

/**
 * The Foretell-Signature header of a delivery: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the
 * schedule's webhookSecret>`, as Stripe signs its webhooks. A receiver recomputes it over the raw body and refuses a
 * mismatch (a forgery) or an old `t` (a replay). README, "Webhooks", shows how.
 */
function webhookSignature(secret: string, payload: string): string {
  const t = Math.floor(Date.now() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex')}`;
}
