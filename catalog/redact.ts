/**
 * Scrubs secrets out of text before it reaches history, logs, metrics, result files or thrown errors: the API key
 * values this process knows, `Authorization`/`Bearer …` values, and common key shapes. Pure and sandbox-safe.
 *
 * Providers echo keys back more often than one would think (a 401 body quoting "Incorrect API key provided:
 * sk-…", a proxy's error page with the request headers), and an error message travels far: the ledger, the
 * failure in history, the worker log, the batch errors file and the CLI's output.
 */

export const REDACTED = '[redacted]';

/** Known secret values (the provider keys a worker read), replaced wherever they appear. */
const known = new Set<string>();

/** Registers a secret value (8 characters or more) to be scrubbed from every text this process redacts. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 8) known.add(value);
}

const SHAPES: [RegExp, string][] = [
  // Authorization: Bearer xyz / Basic xyz, and a bare "Bearer xyz".
  [/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=:-]{6,}/gi, `$1 ${REDACTED}`],
  // "api_key": "…", x-api-key: …, apikey=…, authorization: …, access_token=…, secret: …
  [
    /\b(authorization|proxy-authorization|x-api-key|x-goog-api-key|api[-_ ]?key|access[-_]?token|secret|password)(["']?\s*[:=]\s*["']?)(?!\[redacted\])[^\s"'\\,;&)}\]]{4,}/gi,
    `$1$2${REDACTED}`,
  ],
  // Query-string keys: ?key=…, &api_key=…, &token=…
  [/([?&](?:key|api_key|apikey|token|access_token)=)[^&\s"'\\#]+/gi, `$1${REDACTED}`],
  // OpenAI (sk-, sk-proj-), Anthropic (sk-ant-), DeepSeek, OpenRouter (sk-or-), Mistral-style sk- keys.
  [/\bsk-[A-Za-z0-9_-]{12,}/g, REDACTED],
  // Google AI Studio / Gemini.
  [/\bAIza[0-9A-Za-z_-]{30,}/g, REDACTED],
  // Groq, xAI, Perplexity, Hugging Face, Replicate, Fireworks, NVIDIA, GitHub tokens.
  [/\b(?:gsk|xai|pplx|hf|r8|fw|nvapi|ghp|gho|github_pat)[-_][A-Za-z0-9_-]{16,}/g, REDACTED],
  // AWS access key ids.
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, REDACTED],
  // 64 hex digits: Together's keys (and other raw 256-bit secrets).
  [/\b[0-9a-fA-F]{64}\b/g, REDACTED],
];

/** The text with known secret values and key-shaped strings replaced by `[redacted]`. */
export function redactSecrets(text: string, secrets: Iterable<string> = known): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join(REDACTED);
  for (const [pattern, replacement] of SHAPES) out = out.replace(pattern, replacement);
  return out;
}
