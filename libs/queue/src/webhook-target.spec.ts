import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook, WebhookDeliveryError, webhookUrlProblem, type HostLookup } from './webhook-target';
import { addressProblem } from './special-addresses';

const byte = fc.integer({ min: 0, max: 255 });
type Octets = [number, number, number, number];

/** The oracle, written from the RFCs independently of the code: addresses a webhook must not reach. */
function blocked([a, b, c]: Octets): boolean {
  return (
    a === 0 || a === 10 || a === 127 || a >= 224 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) ||
    // IETF protocol assignments, documentation (TEST-NET-1/2/3) and the deprecated 6to4 relay anycast.
    (a === 192 && b === 0 && (c === 0 || c === 2)) ||
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113) ||
    (a === 192 && b === 88 && c === 99)
  );
}

const blockedOctets = fc.oneof(
  fc.tuple(fc.constantFrom(0, 10, 127), byte, byte, byte),
  fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), byte, byte),
  fc.tuple(fc.constant(192), fc.constant(168), byte, byte),
  fc.tuple(fc.constant(169), fc.constant(254), byte, byte),
) as fc.Arbitrary<Octets>;
const anyOctets = fc.tuple(byte, byte, byte, byte) as fc.Arbitrary<Octets>;

/** The spellings a URL parser accepts for one IPv4 address. */
const spellings = (o: Octets): string[] => {
  const n = ((o[0] << 24) >>> 0) + (o[1] << 16) + (o[2] << 8) + o[3];
  return [
    o.join('.'),
    String(n),
    `0x${n.toString(16)}`,
    o.map((x) => `0${x.toString(8)}`).join('.'),
    o.map((x) => `0x${x.toString(16)}`).join('.'),
    `${o[0]}.${o[1]}.${o[2] * 256 + o[3]}`,
    `[::ffff:${o.join('.')}]`,
    `[::ffff:${((o[0] << 8) + o[1]).toString(16)}:${((o[2] << 8) + o[3]).toString(16)}]`,
  ];
};

const noDns: HostLookup = async () => {
  throw new Error('an IP literal must not be looked up');
};

describe('webhookUrlProblem', () => {
  it('refuses loopback, private, link-local and unspecified IPv4 however it is written', async () => {
    await fc.assert(
      fc.asyncProperty(blockedOctets, fc.integer({ min: 0, max: 7 }), async (octets, form) => {
        const url = `http://${spellings(octets)[form]}:8080/hook`;
        expect(await webhookUrlProblem(url, [], noDns), url).toMatch(/webhookUrl/);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts a public IPv4 address in every spelling, and refuses exactly the blocked ones', async () => {
    await fc.assert(
      fc.asyncProperty(anyOctets, fc.integer({ min: 0, max: 7 }), async (octets, form) => {
        const url = `https://${spellings(octets)[form]}/hook`;
        const problem = await webhookUrlProblem(url, [], noDns);
        expect(problem === null, `${url}: ${problem}`).toBe(!blocked(octets));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses loopback, unique-local, link-local and unspecified IPv6', async () => {
    const hex16 = fc.integer({ min: 0, max: 0xffff }).map((x) => x.toString(16));
    const blockedV6 = fc.oneof(
      fc.constantFrom('::1', '::', '0:0:0:0:0:0:0:1'),
      fc.tuple(fc.integer({ min: 0xfc00, max: 0xfdff }), hex16, hex16).map(([a, b, c]) => `${a.toString(16)}:${b}::${c}`),
      fc.tuple(fc.integer({ min: 0xfe80, max: 0xfebf }), hex16).map(([a, b]) => `${a.toString(16)}::${b}`),
    );
    await fc.assert(
      fc.asyncProperty(blockedV6, async (address) => {
        expect(await webhookUrlProblem(`http://[${address}]/hook`, [], noDns)).toMatch(/webhookUrl/);
      }),
      { numRuns: 100 },
    );
    expect(await webhookUrlProblem('http://[2606:4700:4700::1111]/hook', [], noDns)).toBeNull();
  });

  it('names the IPv6 loopback and unspecified addresses as such, not as IPv4-compatible forms of 0.0.0.x', () => {
    for (const address of ['::1', '0:0:0:0:0:0:0:1']) expect(addressProblem(address)).toBe('the IPv6 loopback address');
    for (const address of ['::', '0:0:0:0:0:0:0:0']) expect(addressProblem(address)).toBe('the IPv6 unspecified address');
    expect(addressProblem('::127.0.0.1')).toBe('an IPv4-compatible form of 127.0.0.1, a loopback address');
  });

  it('refuses a host name that resolves to a blocked address, and any scheme but http and https', async () => {
    const toPrivate: HostLookup = async () => [{ address: '93.184.215.14', family: 4 }, { address: '10.1.2.3', family: 4 }];
    expect(await webhookUrlProblem('https://hooks.example.test/x', [], toPrivate)).toMatch(/webhookUrl.*10\.1\.2\.3/);
    expect(await webhookUrlProblem('http://localhost:9/x', [])).toMatch(/webhookUrl/);
    const toPublic: HostLookup = async () => [{ address: '93.184.215.14', family: 4 }];
    expect(await webhookUrlProblem('https://hooks.example.test/x', [], toPublic)).toBeNull();
    expect(await webhookUrlProblem('ftp://hooks.example.test/x', [], toPublic)).toMatch(/webhookUrl.*http/);
    expect(await webhookUrlProblem('file:///etc/passwd', [], toPublic)).toMatch(/webhookUrl/);
    const unknown: HostLookup = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    expect(await webhookUrlProblem('https://nowhere.example.test/x', [], unknown)).toMatch(/webhookUrl.*resolve/);
  });

  it('lets the operator allow hosts by name or address, in any spelling', async () => {
    expect(await webhookUrlProblem('http://127.0.0.1:3000/hook', ['127.0.0.1'], noDns)).toBeNull();
    expect(await webhookUrlProblem('http://0x7f.0.0.1:3000/hook', ['127.0.0.1'], noDns)).toBeNull();
    expect(await webhookUrlProblem('http://[::1]/hook', ['::1'], noDns)).toBeNull();
    expect(await webhookUrlProblem('http://hooks.internal/x', ['hooks.internal'], async () => [{ address: '10.0.0.2', family: 4 }])).toBeNull();
    expect(await webhookUrlProblem('http://127.0.0.2/hook', ['127.0.0.1'], noDns)).toMatch(/webhookUrl/);
  });
});

describe('webhookUrlProblem on IPv6 that embeds or hides an IPv4 address', () => {
  const hex = (o: Octets) => [((o[0] << 8) + o[1]).toString(16), ((o[2] << 8) + o[3]).toString(16)];
  /** Every IPv6 form that carries an IPv4 address a router or translator would reach. */
  const embeddings = (o: Octets): string[] => {
    const [hi, lo] = hex(o);
    const inverted = hex(o.map((x) => 255 - x) as Octets);
    return [
      `::${o.join('.')}`, // IPv4-compatible (::/96)
      `::${hi}:${lo}`,
      `::ffff:0:${hi}:${lo}`, // IPv4-translated (::ffff:0:0:0/96)
      `64:ff9b::${o.join('.')}`, // NAT64 well-known prefix
      `64:ff9b::${hi}:${lo}`,
      `2002:${hi}:${lo}::`, // 6to4
      `2002:${hi}:${lo}:1::5`,
      `2001:0:4136:e378:8000:63bf:${inverted[0]}:${inverted[1]}`, // Teredo, client address obfuscated
    ];
  };

  it('refuses the addresses the attacker got through', async () => {
    const found = ['::127.0.0.1', '64:ff9b::127.0.0.1', '64:ff9b::169.254.169.254', '64:ff9b::10.0.0.1', '64:ff9b:1::a00:1', '::ffff:0:a9fe:a9fe', '2002:a9fe:a9fe::', '2002:7f00:1::', '::a9fe:a9fe', '100::1', '2001:db8::1'];
    for (const address of found) expect(await webhookUrlProblem(`http://[${address}]/`, [], noDns), address).toMatch(/webhookUrl/);
  });

  it('refuses every IPv6 special-purpose block that is not globally reachable', async () => {
    const special = ['100::', '100::ffff:ffff:ffff:ffff', '100:0:0:1::1', '2001:2::1', '2001:10::1', '2001:db8:ffff::1', '3fff::1', '5f00::1', 'fec0::1', '64:ff9b:1:ffff::1', '4000::1', '1::1', 'e000::1'];
    for (const address of special) expect(await webhookUrlProblem(`http://[${address}]/`, [], noDns), address).toMatch(/webhookUrl/);
  });

  it('judges the embedded IPv4 of every embedding: refused exactly when the IPv4 itself is', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(blockedOctets, anyOctets), fc.integer({ min: 0, max: 7 }), async (octets, form) => {
        const address = embeddings(octets)[form]!;
        const problem = await webhookUrlProblem(`http://[${address}]/hook`, [], noDns);
        expect(problem === null, `${address} (${octets.join('.')}): ${problem}`).toBe(!blocked(octets));
      }),
      { numRuns: 400 },
    );
  });

  it('accepts global unicast IPv6', async () => {
    for (const address of ['2606:4700:4700::1111', '2a00:1450:4001:80b::200e', '2001:4860:4860::8888']) {
      expect(await webhookUrlProblem(`http://[${address}]/`, [], noDns), address).toBeNull();
    }
  });
});

describe('postWebhook', () => {
  let server: Server;
  let port: number;
  const seen: IncomingHttpHeaders[] = [];
  const bodies: string[] = [];
  const secret = 'a-schedule-secret';
  beforeAll(async () => {
    // Answers the status the path names (/answer/302), 204 otherwise; /silent never answers.
    server = createServer((req, res) => {
      seen.push(req.headers);
      if (req.url === '/silent') return;
      const status = Number(/^\/answer\/(\d+)$/.exec(req.url ?? '')?.[1] ?? 204);
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(status, status >= 300 && status < 400 ? { location: '/elsewhere' } : {}).end();
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => server.close());

  it('checks the address at send time: a name that now resolves to loopback reaches nothing', async () => {
    const rebound: HostLookup = async () => [{ address: '127.0.0.1', family: 4 }];
    const before = seen.length;
    await expect(postWebhook(`http://hooks.example.test:${port}/hook`, { a: 1 }, { allowedHosts: [], secret, lookup: rebound })).rejects.toThrow(
      /127\.0\.0\.1/,
    );
    await expect(postWebhook(`http://127.0.0.1:${port}/hook`, { a: 1 }, { allowedHosts: [], secret })).rejects.toThrow(/loopback/);
    expect(seen.length).toBe(before);
  });

  it('connects to the address it checked and keeps the Host header', async () => {
    const lookups: string[] = [];
    const pinned: HostLookup = async (host) => {
      lookups.push(host);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const result = await postWebhook(`http://hooks.example.test:${port}/hook`, { a: 1 }, { allowedHosts: ['hooks.example.test'], secret, lookup: pinned });
    expect(result.status).toBe(204);
    expect(seen.at(-1)!.host).toBe(`hooks.example.test:${port}`);
    expect(seen.at(-1)!['content-type']).toBe('application/json');
    expect(lookups).toEqual(['hooks.example.test']);
  });

  it('signs what it sends with the secret: HMAC-SHA256 of "<t>.<body>", t the send time in seconds', async () => {
    const before = Math.floor(Date.now() / 1000);
    await postWebhook(`http://127.0.0.1:${port}/hook`, { event: 'run.completed', n: 1 }, { allowedHosts: ['127.0.0.1'], secret });
    const header = String(seen.at(-1)!['foretell-signature']);
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) ?? [];
    expect(Number(t)).toBeGreaterThanOrEqual(before);
    expect(Number(t)).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    // What a receiver does, written out here (not the sender's helper): recompute over the raw body it got.
    expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${bodies.at(-1)}`).digest('hex'));
    expect(v1).not.toBe(createHmac('sha256', 'another-secret').update(`${t}.${bodies.at(-1)}`).digest('hex'));
  });

  it('fails with the status, and says which failures a later attempt cannot pass: redirects and 4xx but 408 and 429', async () => {
    const allowed = { allowedHosts: ['127.0.0.1'], secret };
    const failure = (path: string, timeoutMs?: number) =>
      postWebhook(`http://127.0.0.1:${port}${path}`, { a: 1 }, { ...allowed, timeoutMs }).then(
        () => null,
        (error: WebhookDeliveryError) => ({ name: error.name, status: error.status, permanent: error.permanent }),
      );
    const answered = async (status: number) => failure(`/answer/${status}`);
    for (const status of [301, 302, 307, 400, 401, 404, 410]) expect(await answered(status), String(status)).toEqual({ name: 'WebhookDeliveryError', status, permanent: true });
    for (const status of [408, 429, 500, 502, 503]) expect(await answered(status), String(status)).toEqual({ name: 'WebhookDeliveryError', status, permanent: false });
    expect(await failure('/silent', 200)).toEqual({ name: 'WebhookDeliveryError', status: null, permanent: false });
    // Nothing listens there: no answer either.
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const closedPort = (closed.address() as { port: number }).port;
    await new Promise((done) => closed.close(done));
    await expect(postWebhook(`http://127.0.0.1:${closedPort}/`, {}, allowed)).rejects.toThrow(
      expect.objectContaining({ name: 'WebhookDeliveryError', status: null, message: expect.stringMatching(/could not be reached \(ECONNREFUSED\)/) }),
    );
  });
});
