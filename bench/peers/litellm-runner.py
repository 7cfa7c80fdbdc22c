"""LiteLLM side of the llm-cascade benchmarks: a long-lived process driven over stdin/stdout with JSON lines.

The harness (bench/peers/litellm.ts) sends one command per line and reads one JSON answer per line. Timings
are taken here, around the awaited call only, so neither Python's start-up nor the pipe is measured.

Commands:
  {"op": "router", "name": ..., "model_list": [...], "fallbacks": [...]}   build a Router (num_retries 0,
                                                                           cooldowns off)
  {"op": "call", "router": ..., "model": ..., "messages": [...], "response_format": {...},
   "max_tokens": N, "validate": bool}                                      one Router.acompletion
  {"op": "direct", "base_url": ..., "model": ..., ...}                     one AsyncOpenAI call (Python baseline)
  {"op": "version"}
"""
import asyncio
import json
import os
import sys
import time

# Must be set before litellm is imported, or it fetches the price map from the internet at import time.
os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
os.environ.setdefault("LITELLM_LOG", "ERROR")

import litellm  # noqa: E402
from litellm import Router  # noqa: E402
from openai import AsyncOpenAI  # noqa: E402

litellm.suppress_debug_info = True
litellm.set_verbose = False
routers = {}
direct_clients = {}


def answer(payload):
    sys.stdout.write(json.dumps(payload) + "\n")
    sys.stdout.flush()


def build_router(cmd):
    # num_retries 0 and no cooldowns: every request makes exactly the calls its scenario scripts, like the
    # other systems in the benchmark. Fallbacks are LiteLLM's ordered fallback lists.
    routers[cmd["name"]] = Router(
        model_list=cmd["model_list"],
        fallbacks=cmd.get("fallbacks", []),
        num_retries=0,
        disable_cooldowns=True,
        routing_strategy="simple-shuffle",
    )
    return {"ok": True}


async def call_router(cmd):
    router = routers[cmd["router"]]
    kwargs = {
        "model": cmd["model"],
        "messages": cmd["messages"],
        "response_format": cmd.get("response_format"),
        "max_tokens": cmd.get("max_tokens"),
    }
    if cmd.get("validate"):
        # LiteLLM's own schema check: a response that violates response_format's schema raises
        # JSONSchemaValidationError, which the Router's fallbacks then handle like any other failure.
        kwargs["enable_json_schema_validation"] = True
    started = time.perf_counter()
    try:
        response = await router.acompletion(**kwargs)
    except Exception as error:  # noqa: BLE001 - every failure is data for the benchmark
        return {"ok": False, "ms": (time.perf_counter() - started) * 1000, "error": f"{type(error).__name__}: {str(error)[:300]}"}
    ms = (time.perf_counter() - started) * 1000
    hidden = getattr(response, "_hidden_params", {}) or {}
    headers = hidden.get("additional_headers") or {}
    return {
        "ok": True,
        "ms": ms,
        "model": response.model,
        "response_cost": hidden.get("response_cost"),
        "attempted_fallbacks": headers.get("x-litellm-attempted-fallbacks"),
        "content": response.choices[0].message.content if response.choices else None,
    }


async def call_direct(cmd):
    client = direct_clients.get(cmd["base_url"])
    if client is None:
        client = direct_clients[cmd["base_url"]] = AsyncOpenAI(base_url=cmd["base_url"], api_key="sk-bench", max_retries=0)
    started = time.perf_counter()
    try:
        await client.chat.completions.create(
            model=cmd["model"], messages=cmd["messages"], response_format=cmd.get("response_format"), max_tokens=cmd.get("max_tokens")
        )
    except Exception as error:  # noqa: BLE001
        return {"ok": False, "ms": (time.perf_counter() - started) * 1000, "error": f"{type(error).__name__}: {str(error)[:300]}"}
    return {"ok": True, "ms": (time.perf_counter() - started) * 1000}


async def main():
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    answer({"ready": True, "litellm": getattr(litellm, "__version__", None) or litellm_version(), "python": sys.version.split()[0]})
    while True:
        line = await reader.readline()
        if not line:
            return
        cmd = json.loads(line)
        op = cmd.get("op")
        try:
            if op == "router":
                answer(build_router(cmd))
            elif op == "call":
                answer(await call_router(cmd))
            elif op == "direct":
                answer(await call_direct(cmd))
            else:
                answer({"ok": False, "error": f"unknown op {op}"})
        except Exception as error:  # noqa: BLE001 - report, keep serving
            answer({"ok": False, "ms": 0, "error": f"{type(error).__name__}: {str(error)[:300]}"})


def litellm_version():
    from importlib.metadata import version

    return version("litellm")


if __name__ == "__main__":
    asyncio.run(main())
