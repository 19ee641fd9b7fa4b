/** The body of issue 12's curl: a form whose file part never reaches its closing boundary. */
export const CUT_SHORT_UPLOAD = '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\ndate,value\n2024-01-01,1\n';

export interface HostileBody {
  what: string;
  /** No content-type header at all when undefined. */
  contentType: string | undefined;
  body: Uint8Array;
}

const bytes = (text: string) => new TextEncoder().encode(text);
const INVALID_UTF8 = Uint8Array.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28]);
const join = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
const form = (parts: string) => bytes(`--XX\r\n${parts}\r\n--XX--\r\n`);

/** Truncated and malformed bodies of every content type the API reads (JSON, multipart, raw text), and of some it refuses (forms). */
export const HOSTILE_BODIES: HostileBody[] = [
  { what: 'an empty JSON body', contentType: 'application/json', body: bytes('') },
  { what: 'JSON cut mid-way', contentType: 'application/json', body: bytes('{"datasetId":"00000000-0000-4000-8000-0000') },
  { what: 'JSON null', contentType: 'application/json', body: bytes('null') },
  { what: 'a JSON string', contentType: 'application/json', body: bytes('"a string"') },
  { what: 'JSON with invalid UTF-8', contentType: 'application/json', body: join(bytes('{"name":"'), INVALID_UTF8, bytes('"}')) },
  { what: 'JSON nested 40,000 deep', contentType: 'application/json', body: bytes('['.repeat(40_000) + ']'.repeat(40_000)) },
  { what: 'JSON in an unknown charset', contentType: 'application/json; charset=utf-7', body: bytes('{}') },
  { what: 'JSON sent as text/plain', contentType: 'text/plain', body: bytes('{"name":"x","horizon":1}') },
  { what: 'JSON with no content type', contentType: undefined, body: bytes('{"name":"x","horizon":1}') },
  { what: 'an unknown content type', contentType: 'application/xml', body: bytes('<a><b>x</b></a>') },
  { what: 'malformed urlencoded', contentType: 'application/x-www-form-urlencoded', body: bytes('a=%E0%A4%A&b[c][d][e][f][g][h]=1&__proto__[x]=1') },
  { what: 'raw invalid UTF-8', contentType: 'text/csv', body: join(bytes('date,value\n'), INVALID_UTF8) },
  { what: 'multipart without a boundary', contentType: 'multipart/form-data', body: bytes(CUT_SHORT_UPLOAD) },
  { what: 'multipart cut short', contentType: 'multipart/form-data; boundary=XX', body: bytes(CUT_SHORT_UPLOAD) },
  { what: 'an empty multipart body', contentType: 'multipart/form-data; boundary=XX', body: bytes('') },
  { what: 'multipart with a 100 KB field name', contentType: 'multipart/form-data; boundary=XX', body: form(`Content-Disposition: form-data; name="${'n'.repeat(100_000)}"\r\n\r\nvalue`) },
  { what: 'multipart with a malformed part header', contentType: 'multipart/form-data; boundary=XX', body: form('Content-Disposition form-data name=file\r\n\r\ndate,value') },
  {
    what: 'multipart with an invalid UTF-8 file name and an empty file',
    contentType: 'multipart/form-data; boundary=XX',
    body: join(bytes('--XX\r\nContent-Disposition: form-data; name="file"; filename="'), INVALID_UTF8, bytes('.csv"\r\n\r\n\r\n--XX--\r\n')),
  },
];

/** Path and query parameter values as sent on the wire (already percent-encoded): NUL, very long, broken encoding. */
export const HOSTILE_PARAMS: { what: string; raw: string }[] = [
  { what: 'a NUL', raw: '%00' },
  { what: 'a NUL inside', raw: 'a%00b' },
  { what: '8,000 characters', raw: 'x'.repeat(8_000) },
  { what: 'invalid percent-encoding', raw: '%E0%A4%A' },
  { what: 'a bare percent', raw: '%' },
  { what: 'encoded invalid UTF-8', raw: '%FF%FE' },
];
