/** `llm-cascade/gateway`: the OpenAI-compatible front door (`llm-cascade serve`) as a library: start it, configure it. */
export { startGateway, type Gateway, type GatewayOptions } from '../gateway/server';
export { parseGatewayConfig, type GatewayConfig, type GatewayKey, type GatewayTask } from '../gateway/config';
