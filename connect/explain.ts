/**
 * A failed connection as a message that says what to fix. gRPC reports TLS trouble in many shapes (an HTTP 400 from
 * a TLS proxy that wanted a client certificate, a handshake alert from a server that does, an unknown issuer): each
 * rule names the symptom and the setting that cures it. Pure: the rules are tested on the messages both SDK
 * transports really produce.
 */
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { describeTarget, sourceName, tlsMode, type TemporalTarget } from './target';

interface Rule {
  /** Matched against the error's messages, its causes' included. */
  symptom: RegExp;
  /** Applies only with (or without) TLS. */
  tls?: boolean;
  fix(target: TemporalTarget): string;
}

const CLIENT_CERT_SETTINGS =
  'tls.client_cert_path and tls.client_key_path in the temporal.toml profile (or TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH)';

/** In order: the first rule whose symptom matches explains the failure. */
const RULES: Rule[] = [
  {
    // A TLS-terminating proxy (nginx `ssl_verify_client on`) answers HTTP 400 after the handshake; Temporal's own
    // frontend (requireClientAuth) aborts the handshake with a certificate alert.
    symptom:
      /status code 400|400 Bad Request|certificate required|CERTIFICATE_REQUIRED|bad certificate|alert.*certificate/i,
    tls: true,
    fix: (target) =>
      target.tls?.clientCert
        ? `the server refused the client certificate ${sourceName(target.tls.clientCert)}: is it signed by a CA the server trusts, unexpired, and the key its own?`
        : `the server requires a TLS client certificate (mTLS) and none was given: set ${CLIENT_CERT_SETTINGS}`,
  },
  {
    symptom:
      /self[- ]signed|unable to (verify|get local issuer)|unknown ?(ca|issuer)|certificate verify failed|invalid peer certificate/i,
    tls: true,
    fix: () =>
      "the server's certificate is not signed by a CA this process trusts: set tls.server_ca_cert_path in the profile (or TEMPORAL_TLS_SERVER_CA_CERT_PATH) to the CA that signed it",
  },
  {
    symptom: /altnames|does not match|NotValidForName|not valid for name|hostname mismatch/i,
    tls: true,
    fix: () =>
      "the server's certificate is for another name than the address's host: set tls.server_name in the profile (or TEMPORAL_TLS_SERVER_NAME) to the name it carries",
  },
  {
    symptom: /wrong version number|packet length too long|InvalidContentType|corrupt message|received corrupt/i,
    tls: true,
    fix: () =>
      'the server does not speak TLS here: turn TLS off (tls.disabled = true in the profile, TEMPORAL_TLS=false) or use its TLS port',
  },
  {
    symptom: /./,
    fix: (target) =>
      tlsMode(target) === 'off'
        ? 'is the server running, and the address right? A server behind TLS needs a profile with TLS settings (TEMPORAL_PROFILE, TEMPORAL_TLS=true)'
        : 'is the server running, and the address right?',
  },
];

/** The error to throw when connecting to `target` failed; `address` is the one really dialled. */
export function connectFailure(error: unknown, target: TemporalTarget, address: string): CascadeConfigError {
  const text = messages(error).join(': ');
  const tls = tlsMode(target) !== 'off';
  const rule = RULES.find(
    (candidate) => (candidate.tls === undefined || candidate.tls === tls) && candidate.symptom.test(text),
  );
  return new CascadeConfigError({
    code: ConfigErrorCode.TemporalUnavailable,
    message: `cannot connect to Temporal at ${describeTarget({ ...target, address })}: ${text}; ${rule!.fix(target)}`,
    cause: error,
  });
}

/** The messages of an error and its causes (grpc-js puts the HTTP status on the cause), without repeats. */
function messages(error: unknown): string[] {
  const seen: string[] = [];
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    const text = (current instanceof Error ? current.message : String(current)).replace(/\s*\n\s*/g, ' ').trim();
    if (!seen.includes(text)) seen.push(text);
    current = current instanceof Error ? current.cause : undefined;
  }
  return seen;
}
